package io.ecsreconciler.rollout;

import java.time.Instant;

/**
 * One ECS deployment of a service, as DescribeServices lists it.
 *
 * @param status       PRIMARY (the newest), ACTIVE (an older one still draining) or INACTIVE
 * @param rolloutState IN_PROGRESS, COMPLETED or FAILED
 * @param failed       tasks of this deployment that failed to start or stopped (the circuit breaker counts them)
 */
public record Deployment(String id, String status, String taskDefinition, String rolloutState,
                         String rolloutStateReason, int desired, int running, int pending, int failed,
                         Instant createdAt) {

  public boolean primary() {
    return "PRIMARY".equals(status);
  }

  public boolean inProgress() {
    return "IN_PROGRESS".equals(rolloutState);
  }

  public boolean completed() {
    return "COMPLETED".equals(rolloutState);
  }

  public boolean failedRollout() {
    return "FAILED".equals(rolloutState);
  }

  /** ECS says so in the reason of the deployment it starts to roll back a failed one. */
  public boolean rollingBack() {
    return rolloutStateReason.toLowerCase(java.util.Locale.ROOT).contains("rolling back");
  }
}
