package io.ecsreconciler.plan;

import java.util.List;

/** Plans as Markdown to paste into a pull request: a table of what changes, unchanged resources folded away. */
public final class MarkdownPlanRenderer implements PlanRenderer {

  @Override
  public String render(List<Plan> plans) {
    var out = new StringBuilder();
    for (var plan : plans) {
      out.append("### Stack `").append(plan.stack()).append("` (").append(plan.region()).append(")\n\n");
      out.append("**").append(PlanRenderer.summary(plan)).append("**\n\n");
      var changing = plan.changes().stream().filter(c -> c.action().changes()).toList();
      if (!changing.isEmpty()) {
        out.append("| | resource | action | details |\n|---|---|---|---|\n");
        for (var change : changing) {
          out.append("| ").append(change.blocked() || change.onlyHeld() ? "⛔" : emoji(change.action())).append(" | `")
              .append(change.key()).append("` | ").append(change.action().verb()).append(" | ")
              .append(escape(details(change))).append(" |\n");
        }
        out.append('\n');
      }
      var unchanged = plan.changes().stream().filter(c -> !c.action().changes()).toList();
      if (!unchanged.isEmpty()) {
        out.append("<details><summary>").append(unchanged.size()).append(" unchanged</summary>\n\n");
        unchanged.forEach(c -> out.append("- `").append(c.key()).append("`\n"));
        out.append("\n</details>\n\n");
      }
    }
    return out.toString();
  }

  private static String details(Change change) {
    var parts = new java.util.ArrayList<String>();
    if (change.blocked()) {
      parts.add("**blocked:** " + change.error());
    }
    if (change.held()) {
      parts.add("**held:** " + change.hold().why());
    }
    if (!change.reason().isEmpty()) {
      parts.add(change.reason());
    }
    change.deltas().forEach(d -> parts.add("`" + d.path() + "`: " + DeltaText.change(d.actual(), d.desired())
        + (change.hold().holds(d.path()) ? " (held)" : "")));
    return String.join("<br>", parts);
  }

  private static String emoji(Action action) {
    return switch (action) {
      case CREATE -> "➕";
      case UPDATE -> "✏️";
      case REPLACE -> "♻️";
      case DELETE -> "🗑️";
      case NOOP -> "";
    };
  }

  private static String escape(String text) {
    return text.replace("|", "\\|");
  }
}
