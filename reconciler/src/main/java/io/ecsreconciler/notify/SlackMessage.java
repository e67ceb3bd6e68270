package io.ecsreconciler.notify;

import io.ecsreconciler.loop.StackEvent;
import java.util.ArrayList;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The text of a Slack-compatible incoming webhook ({@code {"text": "..."}}, which Mattermost and Rocket.Chat take
 * too): a headline such as {@code :x: *hello* rollout failed at `abc1234`: ...} and the event's detail lines in a
 * code block, bounded in length. {@code &}, {@code <} and {@code >} are escaped everywhere, as Slack's formatting
 * guide asks: text from a desired-state file or from ECS must never become a link or a mention.
 */
final class SlackMessage {

  /** Slack shows up to 40,000 characters, Mattermost cuts posts at 16,383 (4,000 in older versions). */
  static final int MAX_TEXT = 3_500;
  static final int MAX_HEADLINE = 600;
  static final int MAX_DETAIL_LINE = 300;
  static final int MAX_DETAIL_LINES = 20;

  private record Look(String emoji, String says) {}

  private static final Map<String, Look> LOOKS = Map.of(
      "DriftCorrected", new Look(":wrench:", "drift corrected"),
      "RolloutCompleted", new Look(":white_check_mark:", "rollout completed"),
      "RolloutFailed", new Look(":x:", "rollout failed"),
      "VerifyFailed", new Look(":x:", "post-deploy check failed"),
      "Invalid", new Look(":no_entry:", "invalid commit"),
      "Degraded", new Look(":warning:", "degraded"),
      "Recovered", new Look(":large_green_circle:", "recovered"));

  private static final Pattern HEX_REVISION = Pattern.compile("(.*?:)?([0-9a-fA-F]{8,})");

  private SlackMessage() {}

  /** {@code {"text": "..."}}. */
  static byte[] body(StackEvent event) {
    return WebhookEvent.JSON.writeValueAsBytes(Map.of("text", text(event)));
  }

  static String text(StackEvent event) {
    var look = LOOKS.getOrDefault(event.type(), new Look(":information_source:", event.type()));
    var stack = event.stack().isEmpty() ? "source" : event.stack();
    var headline = look.emoji() + " *" + escape(stack) + "* " + look.says()
        + (event.revision().isEmpty() ? "" : " at `" + escape(shortRevision(event.revision())) + "`")
        + ": " + escape(cut(event.message(), MAX_HEADLINE));
    if (event.details().isEmpty()) {
      return headline;
    }
    var lines = new ArrayList<String>();
    var length = headline.length() + 8;
    for (var detail : event.details()) {
      var line = escape(cut(detail.replace("```", "'''"), MAX_DETAIL_LINE));
      if (lines.size() == MAX_DETAIL_LINES || length + line.length() + 1 > MAX_TEXT - 40) {
        break;
      }
      lines.add(line);
      length += line.length() + 1;
    }
    var left = event.details().size() - lines.size();
    return headline + "\n```\n" + String.join("\n", lines) + "\n```" + (left > 0 ? "\n(+" + left + " more)" : "");
  }

  /** Slack's escaping: exactly these three, {@code &} first. */
  static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  /** A Git SHA as its first 7 characters ({@code folder:3f2a9c0d11ee} → {@code folder:3f2a9c0}), else as it is. */
  static String shortRevision(String revision) {
    var match = HEX_REVISION.matcher(revision);
    return match.matches() ? (match.group(1) == null ? "" : match.group(1)) + match.group(2).substring(0, 7) : revision;
  }

  private static String cut(String text, int max) {
    if (text.length() <= max) {
      return text;
    }
    var end = Character.isHighSurrogate(text.charAt(max - 2)) ? max - 2 : max - 1;
    return text.substring(0, end) + "…";
  }
}
