package io.ecsreconciler.rollout;

/**
 * A rollout that failed (ECS's circuit breaker, or the post-deploy check), recorded on the service itself so that
 * every replica and a restarted controller know not to start it again.
 *
 * @param taskDefinition the task definition that failed (its ARN)
 * @param revision       the desired-state revision that asked for it
 * @param reason         why, in ECS's words where ECS decided
 */
public record FailedRollout(String taskDefinition, String revision, String reason) {}
