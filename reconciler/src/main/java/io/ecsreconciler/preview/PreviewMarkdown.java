package io.ecsreconciler.preview;

import io.ecsreconciler.plan.MarkdownPlanRenderer;
import io.ecsreconciler.plan.Plan;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A preview as Markdown for a pull-request comment: which ref and commit, what could not be planned, then each
 * stack's plan as {@code plan --format markdown} shows it. Problems and errors quote the files (and AWS), so they
 * go in code blocks: nothing in them is rendered as Markdown or HTML.
 */
public final class PreviewMarkdown {

  private static final Pattern BACKTICKS = Pattern.compile("`+");

  private PreviewMarkdown() {
  }

  public static String render(Preview preview) {
    var out = new StringBuilder();
    out.append("## Plan preview of ").append(code(preview.ref())).append(" at ")
        .append(code(preview.shortRevision())).append("\n\n");
    out.append("Desired state: ").append(code(preview.source())).append(" at commit ")
        .append(code(preview.revision())).append(", planned against live AWS with read calls only.\n\n");
    out.append("**").append(summary(preview)).append("**\n\n");
    if (!preview.problems().isEmpty()) {
      out.append("### ⛔ Invalid files\n\nNot planned: the controller would mark their stacks `Invalid` and change"
          + " nothing for them until they are fixed.\n\n");
      out.append(block(preview.problems()));
    }
    if (!preview.errors().isEmpty()) {
      out.append("### ⚠️ Stacks that could not be planned\n\n").append(block(preview.errors()));
    }
    out.append(new MarkdownPlanRenderer().render(preview.plans()));
    return out.toString();
  }

  private static String summary(Preview preview) {
    var changing = preview.plans().stream().filter(Plan::hasChanges).count();
    var line = changing == 0 ? "No stack would change." : changing + " of " + preview.plans().size()
        + (preview.plans().size() == 1 ? " stack" : " stacks") + " would change.";
    if (!preview.problems().isEmpty()) {
      line += " " + preview.problems().size() + (preview.problems().size() == 1 ? " problem" : " problems")
          + " in invalid files.";
    }
    if (!preview.errors().isEmpty()) {
      line += " " + preview.errors().size() + " not planned.";
    }
    return line;
  }

  /** Inline code that survives backticks in the text: the fence is longer than any run of them inside. */
  static String code(String text) {
    var fence = "`".repeat(longestBacktickRun(text) + 1);
    var pad = text.startsWith("`") || text.endsWith("`") ? " " : "";
    return fence + pad + text + pad + fence;
  }

  private static String block(List<String> lines) {
    var text = String.join("\n", lines);
    var fence = "`".repeat(Math.max(3, longestBacktickRun(text) + 1));
    return fence + "text\n" + text + "\n" + fence + "\n\n";
  }

  private static int longestBacktickRun(String text) {
    return BACKTICKS.matcher(text).results().mapToInt(match -> match.group().length()).max().orElse(0);
  }
}
