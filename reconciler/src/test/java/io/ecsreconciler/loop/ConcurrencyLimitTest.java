package io.ecsreconciler.loop;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecsreconciler.engine.Applier;
import io.ecsreconciler.lease.StackLease;
import io.ecsreconciler.source.FolderSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A pass over many stacks runs at most reconciler.max-concurrent-stacks of them at once. */
class ConcurrencyLimitTest {

  /** A lease that never lets the work run (so no AWS call is made) but records how many were asked at once. */
  static final class CountingLease implements StackLease {
    final AtomicInteger inside = new AtomicInteger();
    final AtomicInteger most = new AtomicInteger();
    final AtomicInteger asked = new AtomicInteger();

    @Override
    public boolean runExclusively(String stack, Runnable work) {
      asked.incrementAndGet();
      most.accumulateAndGet(inside.incrementAndGet(), Math::max);
      try {
        Thread.sleep(30);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        inside.decrementAndGet();
      }
      return false;
    }

    @Override
    public String holder() {
      return "test";
    }
  }

  @Test
  void aPassOverTwentyStacksRunsNoMoreThanTheLimitAtOnce(@TempDir Path folder) throws Exception {
    var hello = Files.readString(Path.of("../desired-state/hello.yaml"));
    for (int i = 0; i < 20; i++) {
      Files.writeString(folder.resolve("s" + i + ".yaml"), hello.replace("name: hello", "name: s" + i));
    }
    var lease = new CountingLease();
    var board = new StatusBoard(Clock.systemUTC());
    try (var clients = new RegionalClients(Optional.empty())) {
      var settings = new Controller.Settings(false, new StackBackoff(Duration.ofSeconds(1), Duration.ofSeconds(2), 2, 0),
          new Applier.Options(Duration.ofSeconds(1), Duration.ofMillis(10)), 3);
      var controller = new Controller(new FolderSource(folder), lease, clients, board,
          new ControllerMetrics(new SimpleMeterRegistry(), board, clients.counter()), settings, Clock.systemUTC());

      controller.runOnce("test");
    }

    assertThat(lease.asked).hasValue(20);
    assertThat(lease.most.get()).isBetween(2, 3);
  }
}
