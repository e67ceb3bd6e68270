package io.ecsreconciler.resource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Listener;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;

/**
 * The stack's load balancer, target group and listeners as its three kinds read them, sharing one answer: ELBv2
 * returns tags only through DescribeTags, which takes all their ARNs in one call.
 */
public final class LoadBalancing {

  private final StackReads reads;
  private final String loadBalancerName;
  private final String targetGroupName;

  public LoadBalancing(StackReads reads, String loadBalancerName, String targetGroupName) {
    this.reads = reads;
    this.loadBalancerName = loadBalancerName;
    this.targetGroupName = targetGroupName;
  }

  public List<LoadBalancer> loadBalancers() {
    return reads.look().loadBalancers(loadBalancerName);
  }

  public List<TargetGroup> targetGroups() {
    return reads.look().targetGroups(targetGroupName);
  }

  public List<Listener> listeners() {
    var look = reads.look();
    var listeners = new ArrayList<Listener>();
    for (var loadBalancer : look.loadBalancers(loadBalancerName)) {
      listeners.addAll(look.listeners(loadBalancer.loadBalancerArn()));
    }
    return listeners;
  }

  /** Tags of all three kinds by ARN. */
  public Map<String, Map<String, String>> tags() {
    var arns = new ArrayList<String>();
    loadBalancers().forEach(lb -> arns.add(lb.loadBalancerArn()));
    targetGroups().forEach(tg -> arns.add(tg.targetGroupArn()));
    listeners().forEach(listener -> arns.add(listener.listenerArn()));
    return arns.isEmpty() ? Map.of() : reads.look().elbTags(arns);
  }
}
