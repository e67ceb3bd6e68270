package io.ecsreconciler.resource;

import java.util.List;
import java.util.Map;

/**
 * An IAM role as the role kind needs it, whether read with GetRole and ListAttachedRolePolicies or found in
 * GetAccountAuthorizationDetails.
 *
 * @param trustPolicy the assume-role policy document as IAM returns it (URL-encoded)
 */
public record RoleFound(String name, String arn, String trustPolicy, Map<String, String> tags,
                        List<String> attachedPolicyArns) {

  public RoleFound {
    tags = Map.copyOf(tags);
    attachedPolicyArns = List.copyOf(attachedPolicyArns);
  }
}
