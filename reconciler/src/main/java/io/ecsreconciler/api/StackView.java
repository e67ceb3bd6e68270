package io.ecsreconciler.api;

import io.ecsreconciler.loop.StackStatus;
import io.ecsreconciler.plan.JsonPlanRenderer;
import java.util.List;
import java.util.Map;

/** A stack's status as the API and the dashboard show it: plain values, times as ISO-8601 text. */
record StackView(String name, String file, String sync, String health, String mode, String revision,
                 String lastPassAt, Long lastPassMillis, String lastError, List<String> problems, List<String> notReady,
                 int failures, String nextAttemptAt, String actingReplica, Map<String, Object> lastPlan,
                 List<ResourceView> resources) {

  /** One resource of the stack, from the last plan: what the pass found and what it had to do. */
  record ResourceView(String key, String action, String detail, boolean ready) {}

  static StackView of(StackStatus status, boolean withPlan) {
    var plan = status.lastPlan();
    var resources = plan.map(p -> p.changes().stream().map(change -> new ResourceView(change.key().toString(),
        change.blocked() ? "blocked" : change.action().verb(), detail(change),
        !status.notReady().contains(change.key().toString()))).toList()).orElse(List.of());
    return new StackView(status.name(), status.file(), status.sync().name(), status.health().name(), status.mode(),
        status.revision(), status.lastPassAt().map(Object::toString).orElse(null),
        status.lastPassTook().map(java.time.Duration::toMillis).orElse(null), status.lastError().orElse(null),
        status.problems(), status.notReady(), status.failures(),
        status.nextAttemptAt().map(Object::toString).orElse(null), status.actingReplica(),
        withPlan ? plan.map(JsonPlanRenderer::toMap).orElse(null) : null, withPlan ? resources : List.of());
  }

  private static String detail(io.ecsreconciler.plan.Change change) {
    if (change.blocked()) {
      return change.error();
    }
    var deltas = change.deltas().stream().map(io.ecsreconciler.plan.DeltaText::describe).toList();
    var parts = new java.util.ArrayList<String>();
    if (!change.reason().isEmpty()) {
      parts.add(change.reason());
    }
    parts.addAll(deltas);
    return String.join("; ", parts);
  }
}
