package io.ecsreconciler.aws;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.regions.Region;

/**
 * Where and as whom the reconciler talks to AWS.
 *
 * @param region     the region of every client (IAM and STS included)
 * @param endpoint   an endpoint override applied to every client (an emulator such as moto or LocalStack)
 * @param assumeRole a role to assume on top of the base credentials
 */
public record AwsSettings(Region region, Optional<URI> endpoint, Optional<AssumeRoleSettings> assumeRole) {

  /** Environment variable holding the endpoint override (the name the AWS SDKs and CLI use too). */
  public static final String ENDPOINT_ENV = "AWS_ENDPOINT_URL";
  /** System property holding the endpoint override; wins over {@link #ENDPOINT_ENV}, as in the SDK. */
  public static final String ENDPOINT_PROPERTY = "aws.endpointUrl";
  public static final String ASSUME_ROLE_ARN_ENV = "RECONCILER_ASSUME_ROLE_ARN";
  public static final String ASSUME_ROLE_SESSION_NAME_ENV = "RECONCILER_ASSUME_ROLE_SESSION_NAME";
  public static final String ASSUME_ROLE_EXTERNAL_ID_ENV = "RECONCILER_ASSUME_ROLE_EXTERNAL_ID";

  public AwsSettings {
    Objects.requireNonNull(region, "region");
    endpoint = Objects.requireNonNullElse(endpoint, Optional.empty());
    assumeRole = Objects.requireNonNullElse(assumeRole, Optional.empty());
  }

  /**
   * Settings for {@code region} with the endpoint override and the role to assume taken from the process:
   * endpoint from system property {@value #ENDPOINT_PROPERTY} or else env {@value #ENDPOINT_ENV}; role from
   * env {@value #ASSUME_ROLE_ARN_ENV}, {@value #ASSUME_ROLE_SESSION_NAME_ENV} (default
   * {@value AssumeRoleSettings#DEFAULT_SESSION_NAME}) and {@value #ASSUME_ROLE_EXTERNAL_ID_ENV}.
   */
  public static AwsSettings forRegion(String region) {
    return fromEnvironment(region, System::getenv, System::getProperty);
  }

  /** {@link #forRegion} with the environment and the system properties given as functions (for tests). */
  static AwsSettings fromEnvironment(String region, UnaryOperator<String> env, UnaryOperator<String> properties) {
    if (region == null || region.isBlank()) {
      throw new IllegalArgumentException("region must not be blank");
    }
    Optional<URI> endpoint = nonBlank(properties.apply(ENDPOINT_PROPERTY))
        .or(() -> nonBlank(env.apply(ENDPOINT_ENV)))
        .map(AwsSettings::parseEndpoint);
    Optional<AssumeRoleSettings> assumeRole = nonBlank(env.apply(ASSUME_ROLE_ARN_ENV))
        .map(arn -> new AssumeRoleSettings(
            arn,
            nonBlank(env.apply(ASSUME_ROLE_SESSION_NAME_ENV)).orElse(AssumeRoleSettings.DEFAULT_SESSION_NAME),
            nonBlank(env.apply(ASSUME_ROLE_EXTERNAL_ID_ENV))));
    return new AwsSettings(Region.of(region.strip()), endpoint, assumeRole);
  }

  public AwsSettings withEndpoint(URI endpoint) {
    return new AwsSettings(region, Optional.of(endpoint), assumeRole);
  }

  public AwsSettings withAssumeRole(AssumeRoleSettings assumeRole) {
    return new AwsSettings(region, endpoint, Optional.of(assumeRole));
  }

  private static Optional<String> nonBlank(String value) {
    return Optional.ofNullable(value).map(String::strip).filter(v -> !v.isEmpty());
  }

  private static URI parseEndpoint(String value) {
    URI uri = URI.create(value);
    if (uri.getScheme() == null || uri.getHost() == null) {
      throw new IllegalArgumentException(
          "endpoint override must be an absolute URL such as http://127.0.0.1:5000, got: " + value);
    }
    return uri;
  }
}
