package io.ecsreconciler.resource.listener;

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
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Action;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ActionTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Listener;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ListenerNotFoundException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ModifyListenerRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Tag;

public final class ListenerKind extends AbstractKind<ListenerState>
    implements Creator<ListenerState>, Updater<ListenerState>, Deleter<ListenerState> {

  public static final String KIND = "listener";

  private final LoadBalancing loadBalancing;
  private final ElasticLoadBalancingV2Client elb;

  public ListenerKind(LoadBalancing loadBalancing, ElasticLoadBalancingV2Client elb) {
    super(KIND, ListenerState.class, Set.of("loadBalancerArn"));
    this.loadBalancing = loadBalancing;
    this.elb = elb;
  }

  @Override
  public Map<ResourceKey, Observed<ListenerState>> observe(Stack stack) {
    var found = new Found<ListenerState>();
    var tags = loadBalancing.tags();
    for (var listener : loadBalancing.listeners()) {
      stack.ownedKey(tags.getOrDefault(listener.listenerArn(), Map.of()))
          .ifPresent(key -> found.add(key, observed(listener)));
    }
    return found.toMap();
  }

  @Override
  public Observed<ListenerState> create(Stack stack, ResourceKey key, ListenerState desired) {
    var tags = stack.ownershipTags(key).entrySet().stream()
        .map(tag -> Tag.builder().key(tag.getKey()).value(tag.getValue()).build()).toList();
    var listener = elb.createListener(r -> r.loadBalancerArn(desired.loadBalancerArn()).protocol(desired.protocol())
        .port(desired.port()).defaultActions(forwardTo(desired.targetGroupArn())).tags(tags)).listeners().getFirst();
    return observed(listener);
  }

  /** ModifyListener changes protocol, port and default action together: one call carries what differs. */
  @Override
  public Observed<ListenerState> update(Stack stack, ResourceKey key, Observed<ListenerState> actual,
                                        ListenerState desired, List<Delta> deltas) {
    var request = ModifyListenerRequest.builder().listenerArn(actual.id());
    for (var delta : deltas) {
      switch (delta.path()) {
        case "protocol" -> request.protocol(desired.protocol());
        case "port" -> request.port(desired.port());
        case "targetGroupArn" -> request.defaultActions(forwardTo(desired.targetGroupArn()));
        default -> throw new IllegalArgumentException("listener cannot update " + delta.path() + " in place");
      }
    }
    if (!deltas.isEmpty()) {
      elb.modifyListener(request.build());
    }
    return Observed.ready(actual.id(), desired, actual.outputs());
  }

  @Override
  public void delete(Stack stack, ResourceKey key, Observed<ListenerState> actual) {
    try {
      elb.deleteListener(r -> r.listenerArn(actual.id()));
    } catch (ListenerNotFoundException gone) {
      // already deleted: a retried pass
    }
  }

  private static Action forwardTo(String targetGroupArn) {
    return Action.builder().type(ActionTypeEnum.FORWARD).targetGroupArn(targetGroupArn).build();
  }

  private static Observed<ListenerState> observed(Listener listener) {
    var forward = listener.defaultActions().stream().filter(a -> a.type() == ActionTypeEnum.FORWARD)
        .map(ListenerKind::targetGroupOf).findFirst().orElse("");
    var state = new ListenerState(listener.loadBalancerArn(), listener.protocolAsString(), listener.port(), forward);
    var arn = listener.listenerArn();
    return Observed.ready(arn, state, Map.of("id", arn, "arn", arn));
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
