package io.ecsreconciler.plan;

import java.util.List;

/** Turns plans into text for one audience: a terminal, a program, a pull request. */
public interface PlanRenderer {

  String render(List<Plan> plans);

  /** The renderer for {@code --format}: text, json or markdown. */
  static PlanRenderer forFormat(Format format) {
    return switch (format) {
      case text -> new TextPlanRenderer();
      case json -> new JsonPlanRenderer();
      case markdown -> new MarkdownPlanRenderer();
    };
  }

  enum Format { text, json, markdown }

  /** "Plan: 3 to create, 1 to update, ..." */
  static String summary(Plan plan) {
    var counts = plan.counts();
    var line = "Plan: " + counts.get(Action.CREATE) + " to create, " + counts.get(Action.UPDATE) + " to update, "
        + counts.get(Action.REPLACE) + " to replace, " + counts.get(Action.DELETE) + " to delete, "
        + counts.get(Action.NOOP) + " unchanged.";
    long blocked = plan.changes().stream().filter(Change::blocked).count();
    long held = plan.changes().stream().filter(Change::held).count();
    return line + (blocked == 0 ? "" : " " + blocked + " blocked.") + (held == 0 ? "" : " " + held + " held.");
  }
}
