package io.ecsreconciler.aws;

import java.util.Objects;
import java.util.Optional;

/**
 * A role to assume on top of the base credentials (see {@link AwsClients} for the credential order).
 *
 * @param roleArn     the role to assume, e.g. {@code arn:aws:iam::123456789012:role/ecs-reconciler}
 * @param sessionName the STS session name (shows up in CloudTrail and in the assumed-role ARN)
 * @param externalId  the external id the role's trust policy asks for, if any
 */
public record AssumeRoleSettings(String roleArn, String sessionName, Optional<String> externalId) {

  /** The session name used when none is configured. */
  public static final String DEFAULT_SESSION_NAME = "ecs-reconciler";

  public AssumeRoleSettings {
    if (roleArn == null || roleArn.isBlank()) {
      throw new IllegalArgumentException("roleArn must not be blank");
    }
    sessionName = sessionName == null || sessionName.isBlank() ? DEFAULT_SESSION_NAME : sessionName;
    externalId = Objects.requireNonNullElse(externalId, Optional.<String>empty()).filter(id -> !id.isBlank());
  }

  /** The role with the default session name and no external id. */
  public static AssumeRoleSettings of(String roleArn) {
    return new AssumeRoleSettings(roleArn, DEFAULT_SESSION_NAME, Optional.empty());
  }
}
