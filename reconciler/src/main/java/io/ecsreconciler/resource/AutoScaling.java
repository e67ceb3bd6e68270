package io.ecsreconciler.resource;

import java.util.List;
import software.amazon.awssdk.services.applicationautoscaling.ApplicationAutoScalingClient;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalableTarget;
import software.amazon.awssdk.services.applicationautoscaling.model.ServiceNamespace;

/**
 * The service's scalable target, read once per pass and shared by the target and policy kinds: a policy cannot
 * exist without its target, so without one the policy kind spends no call.
 */
public final class AutoScaling {

  /** What Application Auto Scaling scales on an ECS service. */
  public static final String DESIRED_COUNT = "ecs:service:DesiredCount";

  private final ApplicationAutoScalingClient client;
  private final PassMemo memo;
  private final String resourceId;

  /** @param resourceId {@code service/<cluster>/<service>}, as Application Auto Scaling names an ECS service */
  public AutoScaling(ApplicationAutoScalingClient client, PassMemo memo, String resourceId) {
    this.client = client;
    this.memo = memo;
    this.resourceId = resourceId;
  }

  public String resourceId() {
    return resourceId;
  }

  /** The scalable target of the service's desired count, if one is registered. */
  public List<ScalableTarget> targets() {
    return memo.get("application-autoscaling:DescribeScalableTargets", () -> client.describeScalableTargets(r -> r
            .serviceNamespace(ServiceNamespace.ECS).resourceIds(resourceId).scalableDimension(DESIRED_COUNT))
        .scalableTargets().stream().filter(target -> resourceId.equals(target.resourceId())).toList());
  }
}
