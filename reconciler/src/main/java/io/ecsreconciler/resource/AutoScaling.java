package io.ecsreconciler.resource;

import java.util.List;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalableTarget;

/**
 * The service's scalable target, read once and shared by the target and policy kinds: a policy cannot exist
 * without its target, so without one the policy kind spends no call.
 */
public final class AutoScaling {

  /** What Application Auto Scaling scales on an ECS service. */
  public static final String DESIRED_COUNT = "ecs:service:DesiredCount";

  private final StackReads reads;
  private final String resourceId;

  /** @param resourceId {@code service/<cluster>/<service>}, as Application Auto Scaling names an ECS service */
  public AutoScaling(StackReads reads, String resourceId) {
    this.reads = reads;
    this.resourceId = resourceId;
  }

  public String resourceId() {
    return resourceId;
  }

  /** The scalable target of the service's desired count, if one is registered. */
  public List<ScalableTarget> targets() {
    return reads.look().scalableTargets(resourceId);
  }
}
