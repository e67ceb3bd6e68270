package io.ecsreconciler.plan;

import java.util.List;

/**
 * Renders plans for a terminal: one line per resource ({@code +} create, {@code ~} update, {@code -/+} replace,
 * {@code -} delete, {@code !} blocked or held), its deltas indented below (held ones marked), a summary line per
 * stack.
 */
public final class TextPlanRenderer implements PlanRenderer {

  @Override
  public String render(List<Plan> plans) {
    var out = new StringBuilder();
    for (var plan : plans) {
      render(plan, out);
    }
    return out.toString();
  }

  public String render(Plan plan) {
    var out = new StringBuilder();
    render(plan, out);
    return out.toString();
  }

  private static void render(Plan plan, StringBuilder out) {
    out.append("Stack ").append(plan.stack()).append(" (").append(plan.region()).append("):\n");
    for (var change : plan.changes()) {
      var symbol = change.blocked() || change.onlyHeld() ? "!" : change.action().symbol();
      out.append(String.format("  %-3s %-34s %s%n", symbol, change.key(), describe(change)));
      for (var delta : change.deltas()) {
        out.append("        ").append(DeltaText.describe(delta))
            .append(change.hold().holds(delta.path()) ? " (held)" : "").append('\n');
      }
    }
    out.append(PlanRenderer.summary(plan)).append('\n');
  }

  private static String describe(Change change) {
    var verb = change.action() == Action.CREATE ? "to create" : change.action().verb();
    var text = change.reason().isEmpty() ? verb : verb + " (" + change.reason() + ")";
    if (change.held()) {
      text += " HELD: " + change.hold().why();
    }
    return change.blocked() ? text + " BLOCKED: " + change.error() : text;
  }
}
