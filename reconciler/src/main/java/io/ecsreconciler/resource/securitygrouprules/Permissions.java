package io.ecsreconciler.resource.securitygrouprules;

import java.util.List;
import software.amazon.awssdk.services.ec2.model.IpPermission;

/** Rules as the EC2 API takes them: one permission per rule, its peer sorted by kind. */
final class Permissions {

  private Permissions() {
  }

  static List<IpPermission> of(List<Rule> rules) {
    return rules.stream().map(Permissions::of).toList();
  }

  static IpPermission of(Rule rule) {
    var permission = IpPermission.builder().ipProtocol(rule.protocol());
    if (!"-1".equals(rule.protocol())) {
      permission.fromPort(rule.fromPort()).toPort(rule.toPort()); // all protocols: no ports at all
    }
    var peer = rule.peer();
    if (peer.startsWith("sg-")) {
      permission.userIdGroupPairs(pair -> pair.groupId(peer));
    } else if (peer.startsWith("pl-")) {
      permission.prefixListIds(list -> list.prefixListId(peer));
    } else if (peer.contains(":")) {
      permission.ipv6Ranges(range -> range.cidrIpv6(peer));
    } else {
      permission.ipRanges(range -> range.cidrIp(peer));
    }
    return permission.build();
  }
}
