package io.ecsreconciler.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ecsreconciler.app.RunningController;
import io.ecsreconciler.testing.AwsEmulator;
import io.ecsreconciler.testing.AwsEmulatorTest;
import io.ecsreconciler.testing.EcrImages;
import io.ecsreconciler.testing.faults.ChaosReport;
import io.ecsreconciler.testing.faults.Fault;
import io.ecsreconciler.testing.faults.FaultProxy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * AWS unreachable under the running controller (its scheduled passes every 200 ms, as a busy loop would run):
 * every call it makes is answered by a connection reset at the proxy, which counts them. The stack shows Degraded
 * with the cause, the controller backs off (1 s doubling to 3 s here) instead of trying at its interval, and the
 * stack is Synced again by itself once AWS answers. CI: a 12 s outage; {@code bin/chaos}: a minute.
 */
@AwsEmulatorTest
class AwsOutageTest {

  private static final Duration INTERVAL = Duration.ofMillis(200);
  private static final Duration BACKOFF_INITIAL = Duration.ofSeconds(1);
  private static final Duration BACKOFF_MAX = Duration.ofSeconds(3);
  private static final double JITTER = 0.2;
  /** A pass's read calls (at most 25, asserted elsewhere), each tried three times by the SDK. */
  private static final int REQUESTS_PER_PASS = 25 * 3;

  private final AwsEmulator emulator;

  AwsOutageTest(AwsEmulator emulator) {
    this.emulator = emulator;
  }

  @Test
  void whileAwsIsDownTheStackIsDegradedThePassesBackOffAndItRecoversByItself() {
    var outage = Duration.ofSeconds(Long.getLong("chaos.outageSeconds", 12));
    EcrImages.push(emulator, "1.0.0");
    try (var proxy = FaultProxy.start(emulator.endpoint());
         var running = RunningController.start(proxy.uri(), Map.of(
             "reconciler.source.folder", java.nio.file.Path.of("../desired-state").toAbsolutePath().normalize().toString(),
             "reconciler.initial-delay", "0s",
             "reconciler.interval", INTERVAL.toMillis() + "ms",
             "reconciler.requeue-after", "1s",
             "reconciler.backoff.initial", BACKOFF_INITIAL.toMillis() + "ms",
             "reconciler.backoff.max", BACKOFF_MAX.toMillis() + "ms",
             "reconciler.backoff.jitter", String.valueOf(JITTER)))) {
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
          .until(() -> stack(running).path("sync").asString().equals("Synced"));

      proxy.counts().reset();
      proxy.outage(true);
      var down = Instant.now();
      await().atMost(outage).pollInterval(Duration.ofMillis(200))
          .until(() -> stack(running).path("health").asString().equals("Degraded"));
      var degraded = stack(running);
      sleep(outage.minus(Duration.between(down, Instant.now()))); // the outage lasts this long, whatever happens
      var failures = stack(running).path("failures").asInt();
      var refused = proxy.counts().faults(Fault.OUTAGE);
      proxy.outage(false);
      var up = Instant.now();
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
          .until(() -> stack(running).path("sync").asString().equals("Synced")
              && !stack(running).path("health").asString().equals("Degraded"));
      var recovery = Duration.between(up, Instant.now());

      var bound = passesWithinBackoff(outage);
      ChaosReport.row("outage", List.of("AWS down", "passes tried", "passes at the interval alone",
              "bound from the backoff", "calls refused", "calls per second", "calls per pass", "back in sync after"),
          List.of(outage.toSeconds() + " s", failures, outage.dividedBy(INTERVAL), bound, refused,
              String.format(Locale.ROOT, "%.1f", refused / (double) outage.toSeconds()),
              String.format(Locale.ROOT, "%.1f", refused / (double) Math.max(1, failures)),
              String.format(Locale.ROOT, "%.1f s", recovery.toMillis() / 1000.0)));

      assertThat(degraded.path("lastError").asString()).as("the cause is shown")
          .containsAnyOf("Unable to execute HTTP request", "Connection reset", "connection reset");
      assertThat(degraded.path("sync").asString()).isEqualTo("Unknown");
      assertThat(failures).as("passes tried while down: backing off, not every %s", INTERVAL).isBetween(2, bound);
      assertThat(refused).as("calls while down").isLessThanOrEqualTo((long) failures * REQUESTS_PER_PASS);
      assertThat(running.bean(StatusBoard.class).events(Optional.of("hello"), 50)).extracting(StackEvent::type)
          .contains("Degraded", "Recovered");
    }
  }

  /**
   * How many passes the backoff lets start in this long: one at once, then one after each wait, the shortest a
   * wait can be (initial doubling to max, less the jitter); one more for a pass already under way.
   */
  private static int passesWithinBackoff(Duration outage) {
    var passes = 2;
    var elapsed = 0.0;
    var wait = BACKOFF_INITIAL.toMillis();
    while ((elapsed += Math.min(wait, BACKOFF_MAX.toMillis()) * (1 - JITTER)) <= outage.toMillis()) {
      passes++;
      wait *= 2;
    }
    return passes;
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(Math.max(0, duration.toMillis()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** The stack's status from the API; an empty object before the first pass has seen it. */
  private static JsonNode stack(RunningController running) {
    var response = running.get("/api/v1/stacks/hello");
    return response.statusCode() == 404 ? JsonMapper.shared().createObjectNode()
        : JsonMapper.shared().readTree(response.body());
  }
}
