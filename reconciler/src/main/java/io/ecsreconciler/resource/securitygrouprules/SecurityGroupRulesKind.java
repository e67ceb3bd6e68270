package io.ecsreconciler.resource.securitygrouprules;

import io.ecsreconciler.engine.AbstractKind;
import io.ecsreconciler.engine.Creator;
import io.ecsreconciler.engine.Deleter;
import io.ecsreconciler.engine.Delta;
import io.ecsreconciler.engine.Found;
import io.ecsreconciler.engine.Observed;
import io.ecsreconciler.engine.ResourceKey;
import io.ecsreconciler.engine.Stack;
import io.ecsreconciler.engine.Updater;
import io.ecsreconciler.resource.Ec2Errors;
import io.ecsreconciler.resource.Ec2Tags;
import io.ecsreconciler.resource.StackReads;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;

/**
 * The rules of a security group as a resource of their own: the ALB group's egress names the tasks group and
 * the tasks group's ingress names the ALB group, so groups come first and rules after both. The resource
 * {@code security-group-rules/<name>} lives on the group {@code security-group/<name>}; it owns every rule there,
 * including the allow-all egress AWS gives a new group, which it revokes unless desired.
 */
public final class SecurityGroupRulesKind extends AbstractKind<SecurityGroupRulesState>
    implements Creator<SecurityGroupRulesState>, Updater<SecurityGroupRulesState>, Deleter<SecurityGroupRulesState> {

  public static final String KIND = "security-group-rules";
  /** The kind of the group the rules live on (a string, not an import: kind packages stand alone). */
  static final String GROUP_KIND = "security-group";
  /** The group is gone (its rules with it), or the rule is gone already. */
  private static final Set<String> GONE = Set.of("InvalidGroup.NotFound", "InvalidPermission.NotFound");
  private static final Set<String> DUPLICATE = Set.of("InvalidPermission.Duplicate");

  private final Ec2Client ec2;
  private final StackReads reads;

  public SecurityGroupRulesKind(Ec2Client ec2, StackReads reads) {
    super(KIND, SecurityGroupRulesState.class, Set.of());
    this.ec2 = ec2;
    this.reads = reads;
  }

  @Override
  public Map<ResourceKey, Observed<SecurityGroupRulesState>> observe(Stack stack) {
    var found = new Found<SecurityGroupRulesState>();
    for (var group : reads.look().securityGroups(stack)) {
      Ec2Tags.ownedKey(stack, group.tags()).filter(key -> key.kind().equals(GROUP_KIND)).ifPresent(key ->
          found.add(ResourceKey.of(KIND, key.name()), observed(group.groupId(), state(group))));
    }
    return found.toMap();
  }

  /** The group was created in an earlier wave of this pass: found by its tags, not by this pass's observation. */
  @Override
  public Observed<SecurityGroupRulesState> create(Stack stack, ResourceKey key, SecurityGroupRulesState desired) {
    var groupKey = ResourceKey.of(GROUP_KIND, key.name());
    var byKey = Filter.builder().name("tag:" + Stack.RESOURCE_TAG).values(groupKey.toString()).build();
    var group = ec2.describeSecurityGroups(r -> r.filters(Ec2Tags.ownedBy(stack), byKey)).securityGroups().stream()
        .filter(candidate -> Ec2Tags.ownedKey(stack, candidate.tags()).filter(groupKey::equals).isPresent())
        .findFirst()
        .orElseThrow(() -> new IllegalStateException(key + " needs " + groupKey + ", which stack " + stack.name()
            + " does not own (yet)"));
    var current = state(group);
    syncIngress(group.groupId(), current.ingress(), desired.ingress());
    syncEgress(group.groupId(), current.egress(), desired.egress());
    return observed(group.groupId(), desired);
  }

  @Override
  public Observed<SecurityGroupRulesState> update(Stack stack, ResourceKey key,
                                                  Observed<SecurityGroupRulesState> actual,
                                                  SecurityGroupRulesState desired, List<Delta> deltas) {
    var state = actual.state();
    for (var delta : deltas) {
      switch (delta.path()) {
        case "ingress" -> {
          syncIngress(actual.id(), state.ingress(), desired.ingress());
          state = new SecurityGroupRulesState(desired.ingress(), state.egress());
        }
        case "egress" -> {
          syncEgress(actual.id(), state.egress(), desired.egress());
          state = new SecurityGroupRulesState(state.ingress(), desired.egress());
        }
        default -> throw new IllegalArgumentException("security group rules have no field " + delta.path());
      }
    }
    return observed(actual.id(), state);
  }

  /** Revokes every rule; the group itself is the security-group kind's to delete. */
  @Override
  public void delete(Stack stack, ResourceKey key, Observed<SecurityGroupRulesState> actual) {
    var id = actual.id();
    var ingress = actual.state().ingress();
    var egress = actual.state().egress();
    if (!ingress.isEmpty()) {
      Ec2Errors.ignoring(GONE, () -> ec2.revokeSecurityGroupIngress(r -> r.groupId(id).ipPermissions(Permissions.of(ingress))));
    }
    if (!egress.isEmpty()) {
      Ec2Errors.ignoring(GONE, () -> ec2.revokeSecurityGroupEgress(r -> r.groupId(id).ipPermissions(Permissions.of(egress))));
    }
  }

  /** Authorizes first, then revokes: a changed rule is never missing in between. */
  private void syncIngress(String id, List<Rule> actual, List<Rule> desired) {
    var missing = minus(desired, actual);
    var extra = minus(actual, desired);
    if (!missing.isEmpty()) {
      authorize(missing, rules -> ec2.authorizeSecurityGroupIngress(r -> r.groupId(id)
          .ipPermissions(Permissions.of(rules))));
    }
    if (!extra.isEmpty()) {
      Ec2Errors.ignoring(GONE, () -> ec2.revokeSecurityGroupIngress(r -> r.groupId(id).ipPermissions(Permissions.of(extra))));
    }
  }

  private void syncEgress(String id, List<Rule> actual, List<Rule> desired) {
    var missing = minus(desired, actual);
    var extra = minus(actual, desired);
    if (!missing.isEmpty()) {
      authorize(missing, rules -> ec2.authorizeSecurityGroupEgress(r -> r.groupId(id)
          .ipPermissions(Permissions.of(rules))));
    }
    if (!extra.isEmpty()) {
      Ec2Errors.ignoring(GONE, () -> ec2.revokeSecurityGroupEgress(r -> r.groupId(id).ipPermissions(Permissions.of(extra))));
    }
  }

  /**
   * One call for all missing rules; if AWS says one exists already (a retried request that had gone through, or
   * a rule added meanwhile), it refused the whole call, so the rules go one by one, the existing ones skipped.
   */
  private static void authorize(List<Rule> missing, java.util.function.Consumer<List<Rule>> call) {
    try {
      call.accept(missing);
    } catch (software.amazon.awssdk.services.ec2.model.Ec2Exception e) {
      if (!Ec2Errors.is(e, DUPLICATE)) {
        throw e;
      }
      missing.forEach(rule -> Ec2Errors.ignoring(DUPLICATE, () -> call.accept(List.of(rule))));
    }
  }

  private static List<Rule> minus(List<Rule> rules, List<Rule> others) {
    return rules.stream().filter(rule -> !others.contains(rule)).toList();
  }

  private static SecurityGroupRulesState state(SecurityGroup group) {
    return new SecurityGroupRulesState(rules(group.ipPermissions()), rules(group.ipPermissionsEgress()));
  }

  /** One rule per peer: AWS groups peers of the same protocol and ports into one permission. */
  static List<Rule> rules(List<IpPermission> permissions) {
    var rules = new ArrayList<Rule>();
    for (var permission : permissions) {
      var protocol = permission.ipProtocol();
      int from = "-1".equals(protocol) ? 0 : permission.fromPort();
      int to = "-1".equals(protocol) ? 0 : permission.toPort();
      permission.ipRanges().forEach(range -> rules.add(new Rule(protocol, from, to, range.cidrIp())));
      permission.ipv6Ranges().forEach(range -> rules.add(new Rule(protocol, from, to, range.cidrIpv6())));
      permission.userIdGroupPairs().forEach(pair -> rules.add(new Rule(protocol, from, to, pair.groupId())));
      permission.prefixListIds().forEach(list -> rules.add(new Rule(protocol, from, to, list.prefixListId())));
    }
    return rules;
  }

  private static Observed<SecurityGroupRulesState> observed(String groupId, SecurityGroupRulesState state) {
    return Observed.ready(groupId, state, Map.of("id", groupId));
  }
}
