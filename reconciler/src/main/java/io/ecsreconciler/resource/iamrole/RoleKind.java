package io.ecsreconciler.resource.iamrole;

import io.ecsreconciler.engine.AbstractKind;
import io.ecsreconciler.engine.Observed;
import io.ecsreconciler.engine.ResourceKey;
import io.ecsreconciler.engine.Stack;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AttachedPolicy;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.Tag;

/** The task execution role: lets ECS pull the image and write logs on the task's behalf. */
public final class RoleKind extends AbstractKind<RoleState> {

  public static final String KIND = "iam-role";

  private static final Pattern SERVICE_PRINCIPAL = Pattern.compile("\"Service\"\\s*:\\s*\\[?\\s*\"([^\"]+)\"");

  private final IamClient iam;
  private final String roleName;

  public RoleKind(IamClient iam, String roleName) {
    super(KIND, RoleState.class, Set.of("name"));
    this.iam = iam;
    this.roleName = roleName;
  }

  @Override
  public Map<ResourceKey, Observed<RoleState>> observe(Stack stack) {
    var found = new HashMap<ResourceKey, Observed<RoleState>>();
    try {
      var role = iam.getRole(r -> r.roleName(roleName)).role();
      var tags = new HashMap<String, String>();
      role.tags().forEach((Tag tag) -> tags.put(tag.key(), tag.value()));
      if (!stack.owns(tags)) {
        return found;
      }
      var policies = iam.listAttachedRolePolicies(r -> r.roleName(roleName)).attachedPolicies().stream()
          .map(AttachedPolicy::policyArn).toList();
      var state = new RoleState(role.roleName(), trustedService(role.assumeRolePolicyDocument()), policies);
      found.put(ResourceKey.parse(tags.get(Stack.RESOURCE_TAG)),
          Observed.ready(role.roleName(), state, Map.of("id", role.roleName(), "arn", role.arn())));
    } catch (NoSuchEntityException absent) {
      // absent is a value: nothing found
    }
    return found;
  }

  /** IAM returns the trust policy URL-encoded; only its service principal is managed here. */
  static String trustedService(String policyDocument) {
    var decoded = URLDecoder.decode(policyDocument, StandardCharsets.UTF_8);
    var matcher = SERVICE_PRINCIPAL.matcher(decoded);
    return matcher.find() ? matcher.group(1) : "";
  }
}
