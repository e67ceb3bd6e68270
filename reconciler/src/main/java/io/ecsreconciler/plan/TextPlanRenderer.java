package io.ecsreconciler.plan;

import java.util.Map;

/** Renders a plan for a terminal: one line per resource, its deltas indented below, a summary line. */
public final class TextPlanRenderer {

  public String render(Plan plan) {
    var out = new StringBuilder();
    out.append("Stack ").append(plan.stack()).append(" (").append(plan.region()).append("):\n");
    for (var change : plan.changes()) {
      out.append(String.format("  %-3s %-34s %s%n", change.action().symbol(), change.key(), describe(change)));
      for (var delta : change.deltas()) {
        out.append("        ").append(delta.path()).append(": ").append(delta.actual()).append(" -> ")
            .append(delta.desired()).append('\n');
      }
    }
    out.append(summary(plan)).append('\n');
    return out.toString();
  }

  static String summary(Plan plan) {
    Map<Action, Long> counts = plan.counts();
    return "Plan: " + counts.get(Action.CREATE) + " to create, " + counts.get(Action.UPDATE) + " to update, "
        + counts.get(Action.REPLACE) + " to replace, " + counts.get(Action.DELETE) + " to delete, "
        + counts.get(Action.NOOP) + " unchanged.";
  }

  private static String describe(Change change) {
    var verb = change.action() == Action.CREATE ? "to create" : change.action().verb();
    return change.reason().isEmpty() ? verb : verb + " (" + change.reason() + ")";
  }
}
