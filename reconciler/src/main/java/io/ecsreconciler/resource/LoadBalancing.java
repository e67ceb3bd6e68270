package io.ecsreconciler.resource;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Listener;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerNotFoundException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupNotFoundException;

/**
 * The stack's load balancer, target group and listeners read once per pass and shared by their three kinds:
 * ELBv2 returns tags only through DescribeTags, which takes all their ARNs in one call.
 */
public final class LoadBalancing {

  private final ElasticLoadBalancingV2Client elb;
  private final PassMemo memo;
  private final String loadBalancerName;
  private final String targetGroupName;

  public LoadBalancing(ElasticLoadBalancingV2Client elb, PassMemo memo, String loadBalancerName,
                       String targetGroupName) {
    this.elb = elb;
    this.memo = memo;
    this.loadBalancerName = loadBalancerName;
    this.targetGroupName = targetGroupName;
  }

  public List<LoadBalancer> loadBalancers() {
    return memo.get("elb:DescribeLoadBalancers", () -> {
      try {
        return elb.describeLoadBalancers(r -> r.names(loadBalancerName)).loadBalancers();
      } catch (LoadBalancerNotFoundException absent) {
        return List.of();
      }
    });
  }

  public List<TargetGroup> targetGroups() {
    return memo.get("elb:DescribeTargetGroups", () -> {
      try {
        return elb.describeTargetGroups(r -> r.names(targetGroupName)).targetGroups();
      } catch (TargetGroupNotFoundException absent) {
        return List.of();
      }
    });
  }

  public List<Listener> listeners() {
    return memo.get("elb:DescribeListeners", () -> {
      var listeners = new ArrayList<Listener>();
      for (var loadBalancer : loadBalancers()) {
        listeners.addAll(elb.describeListeners(r -> r.loadBalancerArn(loadBalancer.loadBalancerArn())).listeners());
      }
      return listeners;
    });
  }

  /** Tags of all three kinds by ARN, in one DescribeTags (it takes up to 20 ARNs). */
  public Map<String, Map<String, String>> tags() {
    return memo.get("elb:DescribeTags", () -> {
      var arns = new ArrayList<String>();
      loadBalancers().forEach(lb -> arns.add(lb.loadBalancerArn()));
      targetGroups().forEach(tg -> arns.add(tg.targetGroupArn()));
      listeners().forEach(listener -> arns.add(listener.listenerArn()));
      var tags = new HashMap<String, Map<String, String>>();
      if (arns.isEmpty()) {
        return tags;
      }
      for (var description : elb.describeTags(r -> r.resourceArns(arns)).tagDescriptions()) {
        var map = new HashMap<String, String>();
        description.tags().forEach(tag -> map.put(tag.key(), tag.value()));
        tags.put(description.resourceArn(), map);
      }
      return tags;
    });
  }
}
