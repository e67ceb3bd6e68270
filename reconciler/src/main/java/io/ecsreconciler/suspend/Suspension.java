package io.ecsreconciler.suspend;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * A stack an operator paused (during an incident, say): every pass still observes it and reports its drift, but
 * nothing is changed until it is resumed. Kept in AWS as a tag on the stack's ECS cluster, so it survives a
 * restart and every replica sees it; no local state.
 *
 * @param reason what the operator said; as read back from AWS it is shown as it is (as text, never markup)
 */
public record Suspension(Instant since, String reason) {

  public static final String TAG = "ecs-reconciler/suspended";
  /** ECS tag values: at most 256 characters of letters, digits, spaces and {@code _ . : / = + - @}. */
  private static final int TAG_VALUE_MAX = 256;

  /** An operator's request: the reason kept to what a tag value can hold. */
  public static Suspension requested(Instant since, String reason) {
    return new Suspension(since, clean(reason));
  }

  /** {@code 2026-12-01T10:00:00Z incident 42}: the time first, then the reason. */
  public String tagValue() {
    var value = since + " " + reason;
    return value.length() <= TAG_VALUE_MAX ? value : value.substring(0, TAG_VALUE_MAX);
  }

  /**
   * Reads a tag value as it is; one that was edited by hand into something else still suspends, with the text as
   * reason.
   */
  public static Suspension parse(String value) {
    var space = value.indexOf(' ');
    try {
      var since = Instant.parse(space < 0 ? value : value.substring(0, space));
      return new Suspension(since, space < 0 ? "" : value.substring(space + 1));
    } catch (DateTimeParseException e) {
      return new Suspension(Instant.EPOCH, value);
    }
  }

  public static Optional<Suspension> fromTag(Optional<String> value) {
    return value.map(Suspension::parse);
  }

  private static String clean(String text) {
    return text == null ? "" : text.replaceAll("[^\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]", " ").replaceAll(" +", " ").strip();
  }
}
