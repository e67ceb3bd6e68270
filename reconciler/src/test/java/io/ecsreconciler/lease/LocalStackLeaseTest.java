package io.ecsreconciler.lease;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LocalStackLeaseTest {

  private final LocalStackLease lease = new LocalStackLease("replica-1");

  @Test
  void runsTheWorkAndNamesItsHolder() {
    var ran = new AtomicBoolean();

    assertThat(lease.runExclusively("hello", () -> ran.set(true))).isTrue();

    assertThat(ran).isTrue();
    assertThat(lease.holder()).isEqualTo("replica-1");
  }

  @Test
  void aSecondPassOfTheSameStackIsRefusedWhileTheFirstRunsAndAllowedAfter() throws Exception {
    var inside = new CountDownLatch(1);
    var finish = new CountDownLatch(1);
    try (var executor = Executors.newSingleThreadExecutor()) {
      Future<Boolean> first = executor.submit(() -> lease.runExclusively("hello", () -> {
        inside.countDown();
        await(finish);
      }));
      assertThat(inside.await(5, TimeUnit.SECONDS)).isTrue();

      var ranSecond = new AtomicBoolean();
      assertThat(lease.runExclusively("hello", () -> ranSecond.set(true))).isFalse();
      assertThat(ranSecond).isFalse();
      assertThat(lease.runExclusively("other", () -> ranSecond.set(true))).isTrue();

      finish.countDown();
      assertThat(first.get(5, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(lease.runExclusively("hello", () -> { })).isTrue();
  }

  @Test
  void workThatThrowsReleasesTheLock() {
    assertThatThrownBy(() -> lease.runExclusively("hello", () -> {
      throw new IllegalStateException("boom");
    })).isInstanceOf(IllegalStateException.class).hasMessage("boom");

    assertThat(lease.runExclusively("hello", () -> { })).isTrue();
  }

  @Test
  void threadsHammeringOneStackNeverOverlap() throws Exception {
    var insideNow = new AtomicInteger();
    var maxInside = new AtomicInteger();
    var runs = new AtomicInteger();
    try (var executor = Executors.newFixedThreadPool(8)) {
      for (int t = 0; t < 8; t++) {
        executor.submit(() -> {
          for (int i = 0; i < 500; i++) {
            lease.runExclusively("hello", () -> {
              maxInside.accumulateAndGet(insideNow.incrementAndGet(), Math::max);
              runs.incrementAndGet();
              Thread.onSpinWait();
              insideNow.decrementAndGet();
            });
          }
        });
      }
    }
    assertThat(maxInside).hasValue(1);
    assertThat(runs).hasPositiveValue();
  }

  static void await(CountDownLatch latch) {
    try {
      if (!latch.await(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException("latch not released in time");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
