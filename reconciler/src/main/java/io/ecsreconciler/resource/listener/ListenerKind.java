package io.ecsreconciler.resource.listener;

import io.ecsreconciler.engine.AbstractKind;
import io.ecsreconciler.engine.Observed;
import io.ecsreconciler.engine.ResourceKey;
import io.ecsreconciler.engine.Stack;
import io.ecsreconciler.resource.LoadBalancing;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Action;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ActionTypeEnum;

public final class ListenerKind extends AbstractKind<ListenerState> {

  public static final String KIND = "listener";

  private final LoadBalancing loadBalancing;

  public ListenerKind(LoadBalancing loadBalancing) {
    super(KIND, ListenerState.class, Set.of("loadBalancerArn"));
    this.loadBalancing = loadBalancing;
  }

  @Override
  public Map<ResourceKey, Observed<ListenerState>> observe(Stack stack) {
    var found = new HashMap<ResourceKey, Observed<ListenerState>>();
    var tags = loadBalancing.tags();
    for (var listener : loadBalancing.listeners()) {
      stack.ownedKey(tags.getOrDefault(listener.listenerArn(), Map.of())).ifPresent(key -> {
        var forward = listener.defaultActions().stream().filter(a -> a.type() == ActionTypeEnum.FORWARD)
            .map(ListenerKind::targetGroupOf).findFirst().orElse("");
        var state = new ListenerState(listener.loadBalancerArn(), listener.protocolAsString(), listener.port(), forward);
        var arn = listener.listenerArn();
        found.put(key, Observed.ready(arn, state, Map.of("id", arn, "arn", arn)));
      });
    }
    return found;
  }

  /** The single target group of a forward action, however AWS spelled it (moto leaves ForwardConfig empty). */
  private static String targetGroupOf(Action action) {
    if (action.targetGroupArn() != null) {
      return action.targetGroupArn();
    }
    var config = action.forwardConfig();
    return config == null || config.targetGroups().isEmpty() ? "" : config.targetGroups().getFirst().targetGroupArn();
  }
}
