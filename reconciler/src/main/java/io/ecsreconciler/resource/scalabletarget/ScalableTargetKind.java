package io.ecsreconciler.resource.scalabletarget;

import io.ecsreconciler.engine.AbstractKind;
import io.ecsreconciler.engine.Creator;
import io.ecsreconciler.engine.Deleter;
import io.ecsreconciler.engine.Delta;
import io.ecsreconciler.engine.Found;
import io.ecsreconciler.engine.Observed;
import io.ecsreconciler.engine.ResourceKey;
import io.ecsreconciler.engine.Stack;
import io.ecsreconciler.engine.Updater;
import io.ecsreconciler.resource.AutoScaling;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.applicationautoscaling.ApplicationAutoScalingClient;
import software.amazon.awssdk.services.applicationautoscaling.model.ObjectNotFoundException;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalableDimension;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalableTarget;
import software.amazon.awssdk.services.applicationautoscaling.model.ServiceNamespace;

/**
 * The service's scalable target. It is the stack's because it scales the stack's own service (its resource id
 * names it): moto keeps no tags on scalable targets, so ownership cannot be read from them; the create call still
 * tags it, for AWS. RegisterScalableTarget creates and updates alike (one call for min and max).
 */
public final class ScalableTargetKind extends AbstractKind<ScalableTargetState>
    implements Creator<ScalableTargetState>, Updater<ScalableTargetState>, Deleter<ScalableTargetState> {

  public static final String KIND = "scalable-target";
  public static final ResourceKey KEY = ResourceKey.single(KIND);

  private final ApplicationAutoScalingClient client;
  private final AutoScaling scaling;

  public ScalableTargetKind(ApplicationAutoScalingClient client, AutoScaling scaling) {
    super(KIND, ScalableTargetState.class, Set.of("resourceId", "dimension"));
    this.client = client;
    this.scaling = scaling;
  }

  @Override
  public Map<ResourceKey, Observed<ScalableTargetState>> observe(Stack stack) {
    var found = new Found<ScalableTargetState>();
    scaling.targets().forEach(target -> found.add(KEY, observed(target)));
    return found.toMap();
  }

  @Override
  public Observed<ScalableTargetState> create(Stack stack, ResourceKey key, ScalableTargetState desired) {
    register(desired, stack.ownershipTags(key));
    return observed(desired);
  }

  @Override
  public Observed<ScalableTargetState> update(Stack stack, ResourceKey key, Observed<ScalableTargetState> actual,
                                              ScalableTargetState desired, List<Delta> deltas) {
    register(desired, Map.of());
    return observed(desired);
  }

  @Override
  public void delete(Stack stack, ResourceKey key, Observed<ScalableTargetState> actual) {
    try {
      client.deregisterScalableTarget(r -> r.serviceNamespace(ServiceNamespace.ECS)
          .resourceId(actual.state().resourceId()).scalableDimension(actual.state().dimension()));
    } catch (ObjectNotFoundException gone) {
      // already deregistered: a retried pass
    }
  }

  private void register(ScalableTargetState desired, Map<String, String> tags) {
    client.registerScalableTarget(r -> {
      r.serviceNamespace(ServiceNamespace.ECS).resourceId(desired.resourceId())
          .scalableDimension(ScalableDimension.fromValue(desired.dimension()))
          .minCapacity(desired.minCapacity()).maxCapacity(desired.maxCapacity());
      if (!tags.isEmpty()) {
        r.tags(tags);
      }
    });
  }

  private static Observed<ScalableTargetState> observed(ScalableTarget target) {
    return observed(new ScalableTargetState(target.resourceId(), target.scalableDimensionAsString(),
        target.minCapacity(), target.maxCapacity()));
  }

  private static Observed<ScalableTargetState> observed(ScalableTargetState state) {
    return Observed.ready(state.resourceId(), state, Map.of("id", state.resourceId()));
  }
}
