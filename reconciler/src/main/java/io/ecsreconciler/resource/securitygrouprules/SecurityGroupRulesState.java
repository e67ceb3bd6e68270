package io.ecsreconciler.resource.securitygrouprules;

import java.util.List;

/** Every rule of one owned group: rules it finds there that are not desired are drift and get revoked. */
public record SecurityGroupRulesState(List<Rule> ingress, List<Rule> egress) {

  public SecurityGroupRulesState {
    ingress = ingress.stream().sorted().toList();
    egress = egress.stream().sorted().toList();
  }
}
