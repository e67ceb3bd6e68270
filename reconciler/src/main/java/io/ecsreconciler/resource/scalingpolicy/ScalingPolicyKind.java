package io.ecsreconciler.resource.scalingpolicy;

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
import software.amazon.awssdk.services.applicationautoscaling.model.MetricType;
import software.amazon.awssdk.services.applicationautoscaling.model.ObjectNotFoundException;
import software.amazon.awssdk.services.applicationautoscaling.model.PolicyType;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalableDimension;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalingPolicy;
import software.amazon.awssdk.services.applicationautoscaling.model.ServiceNamespace;

/**
 * The service's target-tracking policy, found by its name on the stack's scalable target (a policy cannot outlive
 * its target: deregistering the target deletes it). PutScalingPolicy creates and updates alike.
 */
public final class ScalingPolicyKind extends AbstractKind<ScalingPolicyState>
    implements Creator<ScalingPolicyState>, Updater<ScalingPolicyState>, Deleter<ScalingPolicyState> {

  public static final String KIND = "scaling-policy";

  private final ApplicationAutoScalingClient client;
  private final AutoScaling scaling;
  private final String policyName;

  public ScalingPolicyKind(ApplicationAutoScalingClient client, AutoScaling scaling, String policyName) {
    super(KIND, ScalingPolicyState.class, Set.of("name", "resourceId", "dimension"));
    this.client = client;
    this.scaling = scaling;
    this.policyName = policyName;
  }

  @Override
  public Map<ResourceKey, Observed<ScalingPolicyState>> observe(Stack stack) {
    var found = new Found<ScalingPolicyState>();
    if (scaling.targets().isEmpty()) {
      return found.toMap(); // no target, no policy: not worth a call
    }
    var policies = client.describeScalingPolicies(r -> r.serviceNamespace(ServiceNamespace.ECS)
        .resourceId(scaling.resourceId()).scalableDimension(AutoScaling.DESIRED_COUNT).policyNames(policyName))
        .scalingPolicies();
    for (var policy : policies) {
      if (policyName.equals(policy.policyName())) {
        found.add(ResourceKey.of(KIND, "cpu"), observed(policy));
      }
    }
    return found.toMap();
  }

  @Override
  public Observed<ScalingPolicyState> create(Stack stack, ResourceKey key, ScalingPolicyState desired) {
    return put(desired);
  }

  @Override
  public Observed<ScalingPolicyState> update(Stack stack, ResourceKey key, Observed<ScalingPolicyState> actual,
                                             ScalingPolicyState desired, List<Delta> deltas) {
    return put(desired);
  }

  @Override
  public void delete(Stack stack, ResourceKey key, Observed<ScalingPolicyState> actual) {
    try {
      client.deleteScalingPolicy(r -> r.policyName(actual.state().name()).serviceNamespace(ServiceNamespace.ECS)
          .resourceId(actual.state().resourceId()).scalableDimension(actual.state().dimension()));
    } catch (ObjectNotFoundException gone) {
      // already deleted (or its target deregistered): a retried pass
    }
  }

  private Observed<ScalingPolicyState> put(ScalingPolicyState desired) {
    var arn = client.putScalingPolicy(r -> r.policyName(desired.name()).serviceNamespace(ServiceNamespace.ECS)
        .resourceId(desired.resourceId()).scalableDimension(ScalableDimension.fromValue(desired.dimension()))
        .policyType(PolicyType.TARGET_TRACKING_SCALING)
        .targetTrackingScalingPolicyConfiguration(c -> c.targetValue(desired.targetValue())
            .predefinedMetricSpecification(m -> m.predefinedMetricType(MetricType.fromValue(desired.metric())))))
        .policyARN();
    return Observed.ready(desired.name(), desired, Map.of("id", desired.name(), "arn", arn == null ? "" : arn));
  }

  private static Observed<ScalingPolicyState> observed(ScalingPolicy policy) {
    var configuration = policy.targetTrackingScalingPolicyConfiguration();
    var metric = configuration == null || configuration.predefinedMetricSpecification() == null ? ""
        : configuration.predefinedMetricSpecification().predefinedMetricTypeAsString();
    var state = new ScalingPolicyState(policy.policyName(), policy.resourceId(), policy.scalableDimensionAsString(),
        metric, configuration == null || configuration.targetValue() == null ? 0 : configuration.targetValue());
    var arn = policy.policyARN() == null ? "" : policy.policyARN();
    return Observed.ready(policy.policyName(), state, Map.of("id", policy.policyName(), "arn", arn));
  }
}
