package io.ecsreconciler.resource.targetgroup;

import io.ecsreconciler.engine.AbstractKind;
import io.ecsreconciler.engine.Observed;
import io.ecsreconciler.engine.ResourceKey;
import io.ecsreconciler.engine.Stack;
import io.ecsreconciler.resource.LoadBalancing;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

public final class TargetGroupKind extends AbstractKind<TargetGroupState> {

  public static final String KIND = "target-group";

  private final LoadBalancing loadBalancing;

  public TargetGroupKind(LoadBalancing loadBalancing) {
    super(KIND, TargetGroupState.class, Set.of("name", "vpcId", "protocol", "port", "targetType"));
    this.loadBalancing = loadBalancing;
  }

  @Override
  public Map<ResourceKey, Observed<TargetGroupState>> observe(Stack stack) {
    var found = new HashMap<ResourceKey, Observed<TargetGroupState>>();
    var tags = loadBalancing.tags();
    for (var group : loadBalancing.targetGroups()) {
      stack.ownedKey(tags.getOrDefault(group.targetGroupArn(), Map.of())).ifPresent(key -> {
        var state = new TargetGroupState(group.targetGroupName(), group.vpcId(), group.protocolAsString(),
            group.port(), group.targetTypeAsString(), group.healthCheckPath());
        var arn = group.targetGroupArn();
        found.put(key, Observed.ready(arn, state, Map.of("id", arn, "arn", arn)));
      });
    }
    return found;
  }
}
