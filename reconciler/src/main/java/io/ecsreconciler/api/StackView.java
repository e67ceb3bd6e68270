package io.ecsreconciler.api;

import io.ecsreconciler.loop.StackStatus;
import io.ecsreconciler.plan.JsonPlanRenderer;
import io.ecsreconciler.rollout.Deployment;
import io.ecsreconciler.rollout.RolloutStatus;
import java.util.List;
import java.util.Map;

/** A stack's status as the API and the dashboard show it: plain values, times as ISO-8601 text. */
record StackView(String name, String file, String sync, String health, String mode, String revision,
                 String lastPassAt, Long lastPassMillis, String lastError, List<String> problems, List<String> notReady,
                 int failures, String nextAttemptAt, String actingReplica, SuspensionView suspension,
                 RolloutView rollout, Map<String, Object> lastPlan, List<ResourceView> resources) {

  /** Set while an operator has the stack suspended. */
  record SuspensionView(String since, String reason) {}

  /** One resource of the stack, from the last plan: what the pass found and what it had to do. */
  record ResourceView(String key, String action, String detail, boolean ready) {}

  /**
   * The service's current deployment: its phase and counts, the failed rollout that is held back (if any), the
   * last post-deploy check, and ECS's latest events (newest first).
   */
  record RolloutView(String phase, String summary, String deployment, String taskDefinition, String rolloutState,
                     int desired, int running, int pending, int failedTasks, FailureView failure,
                     String verification, List<EventView> events) {

    static RolloutView of(RolloutStatus status) {
      var deployment = status.deployment();
      return new RolloutView(status.phase().name(), status.summary(), deployment.map(Deployment::id).orElse(null),
          RolloutStatus.shortName(status.taskDefinition()), deployment.map(Deployment::rolloutState).orElse(null),
          status.desired(), status.running(), status.pending(), status.failedTasks(),
          status.failure().map(f -> new FailureView(RolloutStatus.shortName(f.taskDefinition()), f.revision(),
              f.reason())).orElse(null),
          status.verification().map(v -> (v.passed() ? "passed: " : "failed: ") + v.detail()).orElse(null),
          status.events().stream().map(e -> new EventView(e.at().toString(), e.message())).toList());
    }
  }

  record FailureView(String taskDefinition, String revision, String reason) {}

  record EventView(String at, String message) {}

  static StackView of(StackStatus status, boolean withPlan) {
    var plan = status.lastPlan();
    var resources = plan.map(p -> p.changes().stream().map(change -> new ResourceView(change.key().toString(),
        change.blocked() ? "blocked" : change.onlyHeld() ? "held" : change.action().verb(), detail(change),
        !status.notReady().contains(change.key().toString()))).toList()).orElse(List.of());
    return new StackView(status.name(), status.file(), status.sync().name(), status.health().name(), status.mode(),
        status.revision(), status.lastPassAt().map(Object::toString).orElse(null),
        status.lastPassTook().map(java.time.Duration::toMillis).orElse(null), status.lastError().orElse(null),
        status.problems(), status.notReady(), status.failures(),
        status.nextAttemptAt().map(Object::toString).orElse(null), status.actingReplica(),
        status.suspension().map(s -> new SuspensionView(s.since().toString(), s.reason())).orElse(null),
        status.rollout().map(RolloutView::of).orElse(null),
        withPlan ? plan.map(JsonPlanRenderer::toMap).orElse(null) : null, withPlan ? resources : List.of());
  }

  private static String detail(io.ecsreconciler.plan.Change change) {
    if (change.blocked()) {
      return change.error();
    }
    var deltas = change.deltas().stream().map(io.ecsreconciler.plan.DeltaText::describe).toList();
    var parts = new java.util.ArrayList<String>();
    if (change.held()) {
      parts.add("held: " + change.hold().why());
    }
    if (!change.reason().isEmpty()) {
      parts.add(change.reason());
    }
    parts.addAll(deltas);
    return String.join("; ", parts);
  }
}
