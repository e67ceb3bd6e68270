package io.ecsreconciler.resource.loadbalancer;

import java.util.List;

/** @param scheme {@code internet-facing}: the only part of the stack reachable from the internet */
public record LoadBalancerState(String name, String scheme, String type, List<String> subnetIds,
                                List<String> securityGroupIds) {

  public LoadBalancerState {
    subnetIds = subnetIds.stream().sorted().toList();
    securityGroupIds = securityGroupIds.stream().sorted().toList();
  }
}
