package io.ecsreconciler.notify;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How a notification is retried (java-operator-sdk's retry as a policy object): at most {@code maxAttempts}
 * attempts in all, waiting {@code initialBackoff} doubled after each failure, with jitter, capped at
 * {@code maxBackoff}; a receiver's {@code Retry-After} is waited instead, capped the same way.
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {

  public static final Duration MAX_BACKOFF = Duration.ofMinutes(1);
  /** Each wait is spread by up to this share either way, so senders that failed together do not retry together. */
  static final double JITTER = 0.2;

  public RetryPolicy {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("reconciler.notify.max-attempts must be 1 or more, not " + maxAttempts);
    }
    if (initialBackoff.isNegative() || maxBackoff.isNegative()) {
      throw new IllegalArgumentException("reconciler.notify.initial-backoff must not be negative");
    }
  }

  /**
   * The wait before the next attempt after {@code failedAttempts} failed ones (1 after the first).
   *
   * @param retryAfter what the receiver asked for, if it did
   */
  Duration delay(int failedAttempts, Optional<Duration> retryAfter) {
    var capMillis = maxBackoff.toMillis();
    if (retryAfter.isPresent()) {
      return Duration.ofMillis(Math.min(Math.max(0, retryAfter.get().toMillis()), capMillis));
    }
    double base = Math.min(initialBackoff.toMillis() * Math.pow(2, Math.min(failedAttempts - 1, 30)), capMillis);
    double spread = base * JITTER * (ThreadLocalRandom.current().nextDouble() * 2 - 1);
    return Duration.ofMillis(Math.round(Math.min(Math.max(0, base + spread), capMillis)));
  }

  /** A {@code Retry-After} header: delay-seconds or an HTTP-date (RFC 9110 §10.2.3); empty when unreadable. */
  static Optional<Duration> retryAfter(Optional<String> header, Instant now) {
    return header.map(String::trim).filter(value -> !value.isEmpty()).flatMap(value -> {
      if (value.chars().allMatch(Character::isDigit)) {
        return value.length() > 9 ? Optional.of(Duration.ofDays(1)) : Optional.of(Duration.ofSeconds(Long.parseLong(value)));
      }
      try {
        var at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        return Optional.of(at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO);
      } catch (DateTimeParseException e) {
        return Optional.empty();
      }
    });
  }
}
