package io.ecsreconciler.resource.loadbalancer;

import io.ecsreconciler.engine.AbstractKind;
import io.ecsreconciler.engine.Creator;
import io.ecsreconciler.engine.Deleter;
import io.ecsreconciler.engine.Delta;
import io.ecsreconciler.engine.Found;
import io.ecsreconciler.engine.Observed;
import io.ecsreconciler.engine.ResourceKey;
import io.ecsreconciler.engine.Stack;
import io.ecsreconciler.engine.Updater;
import io.ecsreconciler.resource.LoadBalancing;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.AvailabilityZone;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerNotFoundException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerStateEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Tag;

/** Ready once active: a load balancer is provisioning for a few minutes after create in AWS. */
public final class LoadBalancerKind extends AbstractKind<LoadBalancerState>
    implements Creator<LoadBalancerState>, Updater<LoadBalancerState>, Deleter<LoadBalancerState> {

  public static final String KIND = "load-balancer";

  private final LoadBalancing loadBalancing;
  private final ElasticLoadBalancingV2Client elb;

  public LoadBalancerKind(LoadBalancing loadBalancing, ElasticLoadBalancingV2Client elb) {
    super(KIND, LoadBalancerState.class, Set.of("name", "scheme", "type"));
    this.loadBalancing = loadBalancing;
    this.elb = elb;
  }

  @Override
  public Map<ResourceKey, Observed<LoadBalancerState>> observe(Stack stack) {
    var found = new Found<LoadBalancerState>();
    var tags = loadBalancing.tags();
    nameFree();
    for (var lb : loadBalancing.loadBalancers()) {
      var key = stack.ownedKey(tags.getOrDefault(lb.loadBalancerArn(), Map.of()));
      key.ifPresentOrElse(owned -> found.add(owned, observed(lb)),
          () -> nameTaken("load balancer " + lb.loadBalancerName() + " (" + lb.loadBalancerArn() + ")"));
    }
    return found.toMap();
  }

  @Override
  public Observed<LoadBalancerState> create(Stack stack, ResourceKey key, LoadBalancerState desired) {
    var tags = stack.ownershipTags(key).entrySet().stream()
        .map(tag -> Tag.builder().key(tag.getKey()).value(tag.getValue()).build()).toList();
    var lb = elb.createLoadBalancer(r -> r.name(desired.name()).scheme(desired.scheme()).type(desired.type())
        .subnets(desired.subnetIds()).securityGroups(desired.securityGroupIds()).tags(tags)).loadBalancers().getFirst();
    return observed(lb);
  }

  @Override
  public Observed<LoadBalancerState> update(Stack stack, ResourceKey key, Observed<LoadBalancerState> actual,
                                            LoadBalancerState desired, List<Delta> deltas) {
    for (var delta : deltas) {
      switch (delta.path()) {
        case "subnetIds" -> elb.setSubnets(r -> r.loadBalancerArn(actual.id()).subnets(desired.subnetIds()));
        case "securityGroupIds" -> elb.setSecurityGroups(r -> r.loadBalancerArn(actual.id())
            .securityGroups(desired.securityGroupIds()));
        default -> throw new IllegalArgumentException("load balancer cannot update " + delta.path() + " in place");
      }
    }
    return new Observed<>(actual.id(), desired, actual.outputs(), actual.ready());
  }

  @Override
  public void delete(Stack stack, ResourceKey key, Observed<LoadBalancerState> actual) {
    try {
      elb.deleteLoadBalancer(r -> r.loadBalancerArn(actual.id()));
    } catch (LoadBalancerNotFoundException gone) {
      // already deleted: a retried pass
    }
  }

  private static Observed<LoadBalancerState> observed(LoadBalancer lb) {
    var state = new LoadBalancerState(lb.loadBalancerName(), lb.schemeAsString(), lb.typeAsString(),
        lb.availabilityZones().stream().map(AvailabilityZone::subnetId).toList(), lb.securityGroups());
    var ready = lb.state() == null || lb.state().code() == LoadBalancerStateEnum.ACTIVE;
    var arn = lb.loadBalancerArn();
    return new Observed<>(arn, state, Map.of("id", arn, "arn", arn, "dnsName", lb.dnsName()), ready);
  }
}
