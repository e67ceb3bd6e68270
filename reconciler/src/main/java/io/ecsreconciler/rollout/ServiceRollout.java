package io.ecsreconciler.rollout;

import java.util.List;
import java.util.Optional;

/**
 * What one pass saw of the stack's ECS service at run time: its deployments, ECS's latest events, the load
 * balancer's view of its tasks, and what the reconciler recorded on it.
 *
 * @param taskDefinition the task definition the service runs now (it reverts when ECS rolls back)
 * @param deployments    newest first
 * @param events         newest first
 * @param targets        the target group's healthy and registered targets; empty when not read
 * @param failure        the failed rollout recorded on the service, if any
 * @param verified       the deployment the post-deploy check last passed, if any
 * @param previous       the task definition the service ran before the reconciler's last rollout, if recorded
 * @param started        the reconciler's last rollout: the deployment it started and its task definition
 */
public record ServiceRollout(String serviceArn, String taskDefinition, int desired, int running, int pending,
                             List<Deployment> deployments, List<ServiceEvent> events, Optional<Targets> targets,
                             Optional<FailedRollout> failure, Optional<String> verified, Optional<String> previous,
                             Optional<Started> started) {

  public ServiceRollout {
    deployments = List.copyOf(deployments);
    events = List.copyOf(events);
  }

  /** Targets of the service's target group by state. */
  public record Targets(int healthy, int registered) {}

  /** A rollout the reconciler started: ECS's events name the deployment when it fails. */
  public record Started(String deploymentId, String taskDefinition) {}

  public ServiceRollout withTargets(Optional<Targets> read) {
    return new ServiceRollout(serviceArn, taskDefinition, desired, running, pending, deployments, events, read, failure,
        verified, previous, started);
  }

  public ServiceRollout withFailure(Optional<FailedRollout> recorded) {
    return new ServiceRollout(serviceArn, taskDefinition, desired, running, pending, deployments, events, targets,
        recorded, verified, previous, started);
  }

  public Optional<Deployment> primary() {
    return deployments.stream().filter(Deployment::primary).findFirst();
  }
}
