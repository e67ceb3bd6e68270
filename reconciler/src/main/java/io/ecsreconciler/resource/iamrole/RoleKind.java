package io.ecsreconciler.resource.iamrole;

import io.ecsreconciler.engine.AbstractKind;
import io.ecsreconciler.engine.Creator;
import io.ecsreconciler.engine.Deleter;
import io.ecsreconciler.engine.Delta;
import io.ecsreconciler.engine.Found;
import io.ecsreconciler.engine.Observed;
import io.ecsreconciler.engine.ResourceKey;
import io.ecsreconciler.engine.Stack;
import io.ecsreconciler.engine.Updater;
import io.ecsreconciler.resource.RoleFound;
import io.ecsreconciler.resource.StackReads;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AttachedPolicy;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.Tag;

/** The task execution role: lets ECS pull the image and write logs on the task's behalf. */
public final class RoleKind extends AbstractKind<RoleState>
    implements Creator<RoleState>, Updater<RoleState>, Deleter<RoleState> {

  public static final String KIND = "iam-role";

  private static final Pattern SERVICE_PRINCIPAL = Pattern.compile("\"Service\"\\s*:\\s*\\[?\\s*\"([^\"]+)\"");

  private final IamClient iam;
  private final String roleName;
  private final StackReads reads;

  public RoleKind(IamClient iam, StackReads reads, String roleName) {
    super(KIND, RoleState.class, Set.of("name"));
    this.iam = iam;
    this.roleName = roleName;
    this.reads = reads;
  }

  @Override
  public Map<ResourceKey, Observed<RoleState>> observe(Stack stack) {
    var found = new Found<RoleState>();
    nameFree();
    var role = reads.look().role(roleName);
    if (role.isEmpty()) {
      return found.toMap();
    }
    var tags = role.get().tags();
    if (!stack.owns(tags)) {
      nameTaken("IAM role " + role.get().name() + " (" + role.get().arn() + ")");
      return found.toMap();
    }
    var state = new RoleState(role.get().name(), trustedService(role.get().trustPolicy()),
        role.get().attachedPolicyArns());
    found.add(ResourceKey.parse(tags.get(Stack.RESOURCE_TAG)), observed(state, role.get().name(), role.get().arn()));
    return found.toMap();
  }

  @Override
  public Observed<RoleState> create(Stack stack, ResourceKey key, RoleState desired) {
    var tags = stack.ownershipTags(key).entrySet().stream()
        .map(tag -> Tag.builder().key(tag.getKey()).value(tag.getValue()).build()).toList();
    var role = iam.createRole(r -> r.roleName(desired.name()).tags(tags)
        .assumeRolePolicyDocument(trustPolicy(desired.trustedService()))).role();
    desired.managedPolicyArns().forEach(arn -> attach(desired.name(), arn));
    return observed(desired, role.roleName(), role.arn());
  }

  @Override
  public Observed<RoleState> update(Stack stack, ResourceKey key, Observed<RoleState> actual, RoleState desired,
                                    List<Delta> deltas) {
    for (var delta : deltas) {
      switch (delta.path()) {
        case "trustedService" -> iam.updateAssumeRolePolicy(r -> r.roleName(actual.id())
            .policyDocument(trustPolicy(desired.trustedService())));
        case "managedPolicyArns" -> {
          var have = actual.state().managedPolicyArns();
          desired.managedPolicyArns().stream().filter(arn -> !have.contains(arn))
              .forEach(arn -> attach(actual.id(), arn));
          have.stream().filter(arn -> !desired.managedPolicyArns().contains(arn))
              .forEach(arn -> iam.detachRolePolicy(r -> r.roleName(actual.id()).policyArn(arn)));
        }
        default -> throw new IllegalArgumentException("role cannot update " + delta.path() + " in place");
      }
    }
    return Observed.ready(actual.id(), desired, actual.outputs());
  }

  /** Policies must be detached first: IAM refuses to delete a role with attached policies. */
  @Override
  public void delete(Stack stack, ResourceKey key, Observed<RoleState> actual) {
    try {
      for (var arn : attachedPolicies(actual.id())) {
        iam.detachRolePolicy(r -> r.roleName(actual.id()).policyArn(arn));
      }
      iam.deleteRole(r -> r.roleName(actual.id()));
    } catch (NoSuchEntityException gone) {
      // already deleted: a retried pass
    }
  }

  private void attach(String role, String policyArn) {
    iam.attachRolePolicy(r -> r.roleName(role).policyArn(policyArn));
  }

  private List<String> attachedPolicies(String role) {
    return iam.listAttachedRolePoliciesPaginator(r -> r.roleName(role)).attachedPolicies().stream()
        .map(AttachedPolicy::policyArn).toList();
  }

  private static Observed<RoleState> observed(RoleState state, String name, String arn) {
    return Observed.ready(name, state, Map.of("id", name, "arn", arn));
  }

  /** The only trust this project needs: one AWS service may assume the role. */
  static String trustPolicy(String service) {
    return """
        {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"%s"},\
        "Action":"sts:AssumeRole"}]}""".formatted(service);
  }

  /** IAM returns the trust policy URL-encoded; only its service principal is managed here. */
  static String trustedService(String policyDocument) {
    var decoded = URLDecoder.decode(policyDocument, StandardCharsets.UTF_8);
    var matcher = SERVICE_PRINCIPAL.matcher(decoded);
    return matcher.find() ? matcher.group(1) : "";
  }
}
