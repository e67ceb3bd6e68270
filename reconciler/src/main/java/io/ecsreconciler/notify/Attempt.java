package io.ecsreconciler.notify;

import io.ecsreconciler.loop.StackEvent;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * One POST of an event to a sink and what it came to: delivered (2xx), worth another try (connection errors,
 * timeouts, 5xx, 429 with its {@code Retry-After}) or not (another 4xx, a redirect, a request that cannot be made).
 * The error is one line for a person, without any secret part of the URL.
 *
 * @param error e.g. {@code answered 503: no_service} or {@code cannot connect (ConnectException)}
 */
record Attempt(boolean delivered, boolean retryable, String error, Optional<Duration> retryAfter) {

  static final Attempt DELIVERED = new Attempt(true, false, "", Optional.empty());
  /** Of a receiver's answer, this much is read for the error; the rest is not waited for. */
  private static final int BODY_BYTES = 200;

  static Attempt post(HttpClient http, Sink sink, StackEvent event, Duration timeout, Clock clock)
      throws InterruptedException {
    try {
      var response = http.send(sink.request(event, timeout), HttpResponse.BodyHandlers.ofInputStream());
      String body;
      try (var in = response.body()) {
        body = new String(in.readNBytes(BODY_BYTES), StandardCharsets.UTF_8);
      } catch (IOException e) {
        body = "";
      }
      var status = response.statusCode();
      if (status >= 200 && status < 300) {
        return DELIVERED;
      }
      var retryable = status == 429 || status >= 500;
      var why = "answered " + status + (body.isBlank() ? "" : ": " + oneLine(sink, body));
      return new Attempt(false, retryable, why, retryable
          ? RetryPolicy.retryAfter(response.headers().firstValue("Retry-After"), clock.instant()) : Optional.empty());
    } catch (IOException e) {
      return new Attempt(false, true, describe(sink, e), Optional.empty());
    } catch (RuntimeException e) {
      return new Attempt(false, false, describe(sink, e), Optional.empty());
    }
  }

  private static String describe(Sink sink, Exception e) {
    Throwable told = e;
    while (told.getMessage() == null && told.getCause() != null) {
      told = told.getCause();
    }
    var what = e.getClass().getSimpleName() + (told.getMessage() == null ? "" : ": " + told.getMessage());
    if (e instanceof HttpTimeoutException) {
      return oneLine(sink, "timed out (" + what + ")");
    }
    return oneLine(sink, e instanceof ConnectException ? "cannot connect (" + what + ")" : what);
  }

  private static String oneLine(Sink sink, String text) {
    var flat = text.replaceAll("\\p{Cntrl}+", " ").strip();
    return sink.scrub(flat.length() > BODY_BYTES ? flat.substring(0, BODY_BYTES) + "…" : flat);
  }
}
