package io.ecsreconciler.rollout;

import java.util.Optional;

/**
 * The stack's ECS service as the rollout watcher reads and marks it, one pass at a time (implemented next to the
 * ECS service kind, which shares its describe call). Marks are tags on the service: they outlive the process and
 * every replica sees them.
 */
public interface RolloutProbe {

  /** What the pass's observation saw; empty when the service does not exist. */
  Optional<ServiceRollout> observed();

  /** Reads the service again (after an apply changed it, or while waiting for a rollout). */
  Optional<ServiceRollout> refresh();

  /** The load balancer's view of the service's tasks (one read call); empty without a target group. */
  Optional<ServiceRollout.Targets> targets();

  /** The task definition the desired state asks the service to run, as this pass planned it. */
  String desiredTaskDefinition();

  /** Records a failed rollout so that no pass starts it again until the desired state changes it. */
  void recordFailure(FailedRollout failure);

  /** Records that the post-deploy check passed for this deployment, so it is not probed again. */
  void recordVerified(String deploymentId);

  /** Rolls the service back to an earlier task definition and records the rollout that failed. */
  void rollBack(String toTaskDefinition, FailedRollout failure);
}
