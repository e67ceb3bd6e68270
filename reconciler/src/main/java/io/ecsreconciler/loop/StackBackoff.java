package io.ecsreconciler.loop;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How long a failing stack waits before its next pass: exponential in the number of consecutive failures,
 * capped, with jitter so that stacks failing together (AWS down) do not retry in lock-step.
 */
public record StackBackoff(Duration initial, Duration max, double multiplier, double jitter) {

  public Duration after(int failures) {
    if (failures <= 0) {
      return Duration.ZERO;
    }
    double base = initial.toMillis() * Math.pow(multiplier, Math.min(failures - 1, 30));
    double capped = Math.min(base, max.toMillis());
    double spread = capped * jitter * (ThreadLocalRandom.current().nextDouble() * 2 - 1);
    return Duration.ofMillis(Math.max(0, Math.round(Math.min(capped + spread, max.toMillis()))));
  }
}
