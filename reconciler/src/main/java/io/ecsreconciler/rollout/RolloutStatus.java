package io.ecsreconciler.rollout;

import java.util.List;
import java.util.Optional;

/**
 * The stack's rollout as one pass judged it from what ECS shows.
 *
 * @param phase      how the service is doing: progressing, healthy or degraded
 * @param summary    one line for people: what is rolling, how far, or why it is degraded
 * @param deployment the primary deployment, if the service has one
 * @param failure    the failed rollout that holds the stack back (detected now or recorded earlier)
 * @param events       ECS's latest events about the service, newest first
 * @param verification the post-deploy check this pass made, if it made one
 */
public record RolloutStatus(Phase phase, String summary, Optional<Deployment> deployment, String taskDefinition,
                            int desired, int running, int pending, int failedTasks, Optional<FailedRollout> failure,
                            List<ServiceEvent> events, Optional<PostDeployCheck.Result> verification) {

  public RolloutStatus {
    events = List.copyOf(events);
  }

  public enum Phase { PROGRESSING, HEALTHY, DEGRADED }

  /** The same rollout after the post-deploy check. */
  RolloutStatus verified(Phase newPhase, String newSummary, PostDeployCheck.Result result,
                         Optional<FailedRollout> newFailure) {
    return new RolloutStatus(newPhase, newSummary, deployment, taskDefinition, desired, running, pending, failedTasks,
        newFailure, events, Optional.of(result));
  }

  /** True while ECS is still moving tasks: a rollout, or a rollback after a failed one. */
  public boolean moving() {
    return deployment.map(Deployment::inProgress).orElse(false) || phase == Phase.PROGRESSING;
  }

  /** The revision part of a task definition ARN, as people say it: {@code hello:7}. */
  public static String shortName(String taskDefinitionArn) {
    return taskDefinitionArn == null ? "" : taskDefinitionArn.substring(taskDefinitionArn.lastIndexOf('/') + 1);
  }
}
