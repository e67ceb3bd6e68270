package io.ecsreconciler.resource.securitygrouprules;

import io.ecsreconciler.engine.AbstractKind;
import io.ecsreconciler.engine.Observed;
import io.ecsreconciler.engine.ResourceKey;
import io.ecsreconciler.engine.Stack;
import io.ecsreconciler.resource.Ec2Tags;
import io.ecsreconciler.resource.PassMemo;
import io.ecsreconciler.resource.securitygroup.SecurityGroupKind;
import io.ecsreconciler.resource.SecurityGroups;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.IpPermission;

/**
 * The rules of a security group as a resource of their own: the ALB group's egress names the tasks group and
 * the tasks group's ingress names the ALB group, so groups come first and rules after both.
 */
public final class SecurityGroupRulesKind extends AbstractKind<SecurityGroupRulesState> {

  public static final String KIND = "security-group-rules";

  private final Ec2Client ec2;
  private final PassMemo memo;

  public SecurityGroupRulesKind(Ec2Client ec2, PassMemo memo) {
    super(KIND, SecurityGroupRulesState.class, Set.of());
    this.ec2 = ec2;
    this.memo = memo;
  }

  @Override
  public Map<ResourceKey, Observed<SecurityGroupRulesState>> observe(Stack stack) {
    var found = new HashMap<ResourceKey, Observed<SecurityGroupRulesState>>();
    for (var group : SecurityGroups.owned(ec2, memo, stack)) {
      Ec2Tags.ownedKey(stack, group.tags()).filter(key -> key.kind().equals(SecurityGroupKind.KIND)).ifPresent(key -> {
        var state = new SecurityGroupRulesState(rules(group.ipPermissions()), rules(group.ipPermissionsEgress()));
        found.put(ResourceKey.of(KIND, key.name()), Observed.ready(group.groupId(), state, Map.of("id", group.groupId())));
      });
    }
    return found;
  }

  /** One rule per peer: AWS groups peers of the same protocol and ports into one permission. */
  static List<Rule> rules(List<IpPermission> permissions) {
    var rules = new ArrayList<Rule>();
    for (var permission : permissions) {
      var protocol = permission.ipProtocol();
      int from = "-1".equals(protocol) ? 0 : permission.fromPort();
      int to = "-1".equals(protocol) ? 0 : permission.toPort();
      permission.ipRanges().forEach(range -> rules.add(new Rule(protocol, from, to, range.cidrIp())));
      permission.userIdGroupPairs().forEach(pair -> rules.add(new Rule(protocol, from, to, pair.groupId())));
      permission.prefixListIds().forEach(list -> rules.add(new Rule(protocol, from, to, list.prefixListId())));
    }
    return rules;
  }
}
