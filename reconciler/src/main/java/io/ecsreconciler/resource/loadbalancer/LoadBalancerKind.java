package io.ecsreconciler.resource.loadbalancer;

import io.ecsreconciler.engine.AbstractKind;
import io.ecsreconciler.engine.Observed;
import io.ecsreconciler.engine.ResourceKey;
import io.ecsreconciler.engine.Stack;
import io.ecsreconciler.resource.LoadBalancing;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.AvailabilityZone;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerStateEnum;

public final class LoadBalancerKind extends AbstractKind<LoadBalancerState> {

  public static final String KIND = "load-balancer";

  private final LoadBalancing loadBalancing;

  public LoadBalancerKind(LoadBalancing loadBalancing) {
    super(KIND, LoadBalancerState.class, Set.of("name", "scheme", "type"));
    this.loadBalancing = loadBalancing;
  }

  @Override
  public Map<ResourceKey, Observed<LoadBalancerState>> observe(Stack stack) {
    var found = new HashMap<ResourceKey, Observed<LoadBalancerState>>();
    var tags = loadBalancing.tags();
    for (var lb : loadBalancing.loadBalancers()) {
      stack.ownedKey(tags.getOrDefault(lb.loadBalancerArn(), Map.of())).ifPresent(key -> {
        var state = new LoadBalancerState(lb.loadBalancerName(), lb.schemeAsString(), lb.typeAsString(),
            lb.availabilityZones().stream().map(AvailabilityZone::subnetId).toList(), lb.securityGroups());
        var ready = lb.state() == null || lb.state().code() == LoadBalancerStateEnum.ACTIVE;
        var arn = lb.loadBalancerArn();
        found.put(key, new Observed<>(arn, state, Map.of("id", arn, "arn", arn, "dnsName", lb.dnsName()), ready));
      });
    }
    return found;
  }
}
