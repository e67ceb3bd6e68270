package io.ecsreconciler.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.ecsreconciler.engine.Applier;
import io.ecsreconciler.lease.LocalStackLease;
import io.ecsreconciler.loop.Controller;
import io.ecsreconciler.loop.ControllerMetrics;
import io.ecsreconciler.loop.RegionalClients;
import io.ecsreconciler.loop.StackBackoff;
import io.ecsreconciler.loop.StatusBoard;
import io.ecsreconciler.source.DesiredStateSource;
import io.ecsreconciler.source.Snapshot;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Status;

/** The schedule of passes: repeated after each one, not ended by one that throws, and stopped without cutting one. */
class ScheduledPassesTest {

  /** An empty source (so a pass makes no AWS call) whose reads are counted, can throw, and can take their time. */
  static final class SlowSource implements DesiredStateSource {
    final AtomicInteger reads = new AtomicInteger();
    final AtomicInteger finished = new AtomicInteger();
    volatile int throwOnRead = -1;
    volatile Duration takes = Duration.ZERO;
    final CountDownLatch inSlowRead = new CountDownLatch(1);

    @Override
    public Snapshot read() {
      int read = reads.incrementAndGet();
      if (read == throwOnRead) {
        throw new IllegalStateException("a fault no one expected");
      }
      if (!takes.isZero()) {
        inSlowRead.countDown();
        try {
          Thread.sleep(takes);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      finished.incrementAndGet();
      return new Snapshot("r" + read, List.of());
    }

    @Override
    public String describe() {
      return "test source";
    }
  }

  private final SlowSource source = new SlowSource();
  private final RegionalClients clients = new RegionalClients(Optional.empty());
  private final StatusBoard board = new StatusBoard(Clock.systemUTC());
  private final Controller controller = new Controller(source, new LocalStackLease("test"), clients, board,
      new ControllerMetrics(new SimpleMeterRegistry(), board, clients.counter()),
      new Controller.Settings(false, new StackBackoff(Duration.ofSeconds(1), Duration.ofSeconds(2), 2, 0),
          new Applier.Options(Duration.ofSeconds(1), Duration.ofMillis(10)), 2), Clock.systemUTC());
  private ScheduledPasses passes;

  @AfterEach
  void stop() {
    if (passes != null && passes.isRunning()) {
      passes.stop();
    }
    controller.close();
    clients.close();
  }

  @Test
  void passesFollowEachOtherAndReadinessWaitsForTheFirst() throws Exception {
    source.takes = Duration.ofMillis(300);
    passes = new ScheduledPasses(controller, Duration.ZERO, Duration.ofMillis(20));
    assertThat(passes.health().getStatus()).isEqualTo(Status.OUT_OF_SERVICE);

    passes.start();

    assertThat(source.inSlowRead.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(passes.health().getStatus()).as("during the first pass").isEqualTo(Status.OUT_OF_SERVICE);
    await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10)).until(() -> source.finished.get() >= 3);
    assertThat(passes.health().getStatus()).isEqualTo(Status.UP);
  }

  @Test
  void aPassThatThrowsDoesNotEndTheSchedule() throws Exception {
    source.throwOnRead = 1;
    passes = new ScheduledPasses(controller, Duration.ZERO, Duration.ofMillis(20));

    passes.start();

    await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10)).until(() -> source.finished.get() >= 2);
    assertThat(source.reads.get()).isGreaterThanOrEqualTo(3);
  }

  @Test
  void stoppingLetsThePassUnderWayFinishAndStartsNoOther() throws Exception {
    source.takes = Duration.ofMillis(500);
    passes = new ScheduledPasses(controller, Duration.ZERO, Duration.ofMillis(20));
    passes.start();
    assertThat(source.inSlowRead.await(10, TimeUnit.SECONDS)).isTrue();

    var stopped = new CountDownLatch(1);
    var finishedWhenStopped = new AtomicInteger(-1);
    passes.stop(() -> {
      finishedWhenStopped.set(source.finished.get());
      stopped.countDown();
    });

    assertThat(passes.isRunning()).isFalse();
    assertThat(stopped.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(finishedWhenStopped.get()).as("the pass under way had finished").isEqualTo(1);
    Thread.sleep(200);
    assertThat(source.reads.get()).as("no pass after the stop").isEqualTo(1);
  }

  @Test
  void aScheduleThatCannotRunIsRefusedNamingTheSetting() {
    assertThatThrownBy(() -> new ScheduledPasses(controller, Duration.ZERO, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("reconciler.interval must be more than 0s, not PT0S");
    assertThatThrownBy(() -> new ScheduledPasses(controller, Duration.ofSeconds(-1), Duration.ofSeconds(30)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("reconciler.initial-delay must be 0s or more, not PT-1S");
  }
}
