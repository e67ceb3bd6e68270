package io.ecsreconciler.notify;

import java.time.Instant;
import java.util.List;

/**
 * How notifications are going, for the API and the dashboard: which sinks are configured and, per sink, the last
 * success and the last failure with its error. Holds no secret: a sink is shown by its scheme and host only.
 *
 * @param configured false when no sink is configured (then there is no notifier at all)
 */
public record NotifierStatus(boolean configured, List<SinkStatus> sinks) {

  public static final NotifierStatus NONE = new NotifierStatus(false, List.of());

  public NotifierStatus {
    sinks = List.copyOf(sinks);
  }

  /**
   * One sink.
   *
   * @param sink          {@code slack} or {@code webhook}
   * @param target        the receiver's {@code scheme://host[:port]}, never its path or query
   * @param sent          notifications delivered
   * @param failed        notifications given up on (attempts used up, or refused with a 4xx)
   * @param dropped       notifications dropped because the queue was full (or the controller was stopping)
   * @param pending       notifications waiting in the queue or being delivered
   * @param lastSuccessAt when the last notification was delivered; null if none yet
   * @param lastFailureAt when the last notification was given up on; null if none yet
   * @param lastError     why, e.g. {@code answered 503 after 5 attempts}; null if none yet
   * @param failing       true when the last delivery failed: the receiver is down or refuses
   */
  public record SinkStatus(String sink, String target, long sent, long failed, long dropped, int pending,
                           Instant lastSuccessAt, Instant lastFailureAt, String lastError, boolean failing) {}
}
