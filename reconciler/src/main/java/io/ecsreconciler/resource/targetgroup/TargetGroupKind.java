package io.ecsreconciler.resource.targetgroup;

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
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Tag;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupNotFoundException;

public final class TargetGroupKind extends AbstractKind<TargetGroupState>
    implements Creator<TargetGroupState>, Updater<TargetGroupState>, Deleter<TargetGroupState> {

  public static final String KIND = "target-group";
  /** The app answers its health check with a plain 200. */
  private static final String HEALTHY_CODES = "200";

  private final LoadBalancing loadBalancing;
  private final ElasticLoadBalancingV2Client elb;

  public TargetGroupKind(LoadBalancing loadBalancing, ElasticLoadBalancingV2Client elb) {
    super(KIND, TargetGroupState.class, Set.of("name", "vpcId", "protocol", "port", "targetType"));
    this.loadBalancing = loadBalancing;
    this.elb = elb;
  }

  @Override
  public Map<ResourceKey, Observed<TargetGroupState>> observe(Stack stack) {
    var found = new Found<TargetGroupState>();
    var tags = loadBalancing.tags();
    nameFree();
    for (var group : loadBalancing.targetGroups()) {
      stack.ownedKey(tags.getOrDefault(group.targetGroupArn(), Map.of())).ifPresentOrElse(
          key -> found.add(key, observed(group)),
          () -> nameTaken("target group " + group.targetGroupName() + " (" + group.targetGroupArn() + ")"));
    }
    return found.toMap();
  }

  @Override
  public Observed<TargetGroupState> create(Stack stack, ResourceKey key, TargetGroupState desired) {
    var tags = stack.ownershipTags(key).entrySet().stream()
        .map(tag -> Tag.builder().key(tag.getKey()).value(tag.getValue()).build()).toList();
    var group = elb.createTargetGroup(r -> r.name(desired.name()).protocol(desired.protocol()).port(desired.port())
        .vpcId(desired.vpcId()).targetType(desired.targetType()).healthCheckPath(desired.healthCheckPath())
        .matcher(m -> m.httpCode(HEALTHY_CODES)).tags(tags)).targetGroups().getFirst();
    return observed(group);
  }

  @Override
  public Observed<TargetGroupState> update(Stack stack, ResourceKey key, Observed<TargetGroupState> actual,
                                           TargetGroupState desired, List<Delta> deltas) {
    for (var delta : deltas) {
      switch (delta.path()) {
        case "healthCheckPath" -> elb.modifyTargetGroup(r -> r.targetGroupArn(actual.id())
            .healthCheckPath(desired.healthCheckPath()));
        default -> throw new IllegalArgumentException("target group cannot update " + delta.path() + " in place");
      }
    }
    return Observed.ready(actual.id(), desired, actual.outputs());
  }

  @Override
  public void delete(Stack stack, ResourceKey key, Observed<TargetGroupState> actual) {
    try {
      elb.deleteTargetGroup(r -> r.targetGroupArn(actual.id()));
    } catch (TargetGroupNotFoundException gone) {
      // already deleted: a retried pass
    }
  }

  private static Observed<TargetGroupState> observed(TargetGroup group) {
    var state = new TargetGroupState(group.targetGroupName(), group.vpcId(), group.protocolAsString(),
        group.port(), group.targetTypeAsString(), group.healthCheckPath());
    var arn = group.targetGroupArn();
    return Observed.ready(arn, state, Map.of("id", arn, "arn", arn));
  }
}
