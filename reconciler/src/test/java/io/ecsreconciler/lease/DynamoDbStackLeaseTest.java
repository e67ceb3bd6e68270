package io.ecsreconciler.lease;

import static io.ecsreconciler.lease.LocalStackLeaseTest.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ecsreconciler.testing.AwsEmulator;
import io.ecsreconciler.testing.AwsEmulatorTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;

@AwsEmulatorTest
class DynamoDbStackLeaseTest {

  private static final String TABLE = "ecs-reconciler-leases";
  private static final Duration LONG_LEASE = Duration.ofSeconds(30);
  private static final Duration HEARTBEAT = Duration.ofSeconds(5);
  private static final Duration SHORT_LEASE = Duration.ofMillis(1000);

  private final DynamoDbClient dynamoDb;
  private final List<AutoCloseable> toClose = new ArrayList<>();
  private final ExecutorService executor = Executors.newCachedThreadPool();

  DynamoDbStackLeaseTest(AwsEmulator emulator) {
    this.dynamoDb = emulator.clients().dynamoDb();
  }

  @BeforeEach
  void createTable() {
    DynamoDbStackLease.createTableIfMissing(dynamoDb, TABLE); // after the emulator's reset
  }

  @AfterEach
  void closeLeases() throws Exception {
    executor.shutdownNow();
    for (var closeable : toClose) {
      closeable.close();
    }
  }

  @Test
  void oneHolderAcquiresRunsTheWorkAndLeavesNoRecordBehind() {
    var a = lease("replica-a", LONG_LEASE, HEARTBEAT);
    var ran = new AtomicBoolean();

    assertThat(a.runExclusively("hello", () -> {
      ran.set(true);
      assertThat(record("hello")).hasValueSatisfying(item -> {
        assertThat(item.get("ownerName").s()).isEqualTo("replica-a");
        assertThat(item.get("leaseDuration").s()).isEqualTo("30000");
        assertThat(item).containsKey("recordVersionNumber");
      });
    })).isTrue();

    assertThat(ran).isTrue();
    assertThat(a.holder()).isEqualTo("replica-a");
    assertThat(record("hello")).isEmpty();
  }

  @Test
  void aSecondHolderIsRefusedAtOnceWhileTheFirstRunsAndGetsItAfterRelease() throws Exception {
    var a = lease("replica-a", LONG_LEASE, HEARTBEAT);
    var b = lease("replica-b", LONG_LEASE, HEARTBEAT);
    var finishA = new CountDownLatch(1);
    var first = holdInBackground(a, "hello", finishA);

    var ranB = new AtomicBoolean();
    long start = System.nanoTime();
    assertThat(b.runExclusively("hello", () -> ranB.set(true))).isFalse();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    assertThat(ranB).isFalse();

    finishA.countDown();
    assertThat(first.get(5, TimeUnit.SECONDS)).isTrue();
    assertThat(b.runExclusively("hello", () -> ranB.set(true))).isTrue();
    assertThat(ranB).isTrue();
  }

  @Test
  void theSameHolderDoesNotRunOneStackTwiceAtOnce() throws Exception {
    var a = lease("replica-a", LONG_LEASE, HEARTBEAT);
    var finish = new CountDownLatch(1);
    var first = holdInBackground(a, "hello", finish);

    assertThat(a.runExclusively("hello", () -> { })).isFalse();

    finish.countDown();
    assertThat(first.get(5, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void differentStacksDoNotBlockEachOther() throws Exception {
    var a = lease("replica-a", LONG_LEASE, HEARTBEAT);
    var b = lease("replica-b", LONG_LEASE, HEARTBEAT);
    var finishA = new CountDownLatch(1);
    var first = holdInBackground(a, "hello", finishA);

    var ranB = new AtomicBoolean();
    assertThat(b.runExclusively("other", () -> ranB.set(true))).isTrue();
    assertThat(ranB).isTrue();

    finishA.countDown();
    assertThat(first.get(5, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void workThatThrowsStillReleasesAndTheFailureReachesTheCaller() {
    var a = lease("replica-a", LONG_LEASE, HEARTBEAT);
    var b = lease("replica-b", LONG_LEASE, HEARTBEAT);

    assertThatThrownBy(() -> a.runExclusively("hello", () -> {
      throw new IllegalStateException("apply failed");
    })).isInstanceOf(IllegalStateException.class).hasMessage("apply failed");

    assertThat(record("hello")).isEmpty();
    assertThat(b.runExclusively("hello", () -> { })).isTrue();
  }

  @Test
  void heartbeatsKeepALongWorkLeasedPastItsLeaseDuration() throws Exception {
    var a = lease("replica-a", SHORT_LEASE, Duration.ofMillis(200));
    var b = lease("replica-b", SHORT_LEASE, Duration.ofMillis(200));
    var finishA = new CountDownLatch(1);
    var first = holdInBackground(a, "hello", finishA);

    long until = System.nanoTime() + SHORT_LEASE.multipliedBy(2).toNanos();
    int attempts = 0;
    while (System.nanoTime() < until) {
      assertThat(b.runExclusively("hello", () -> { })).as("attempt %d", attempts).isFalse();
      attempts++;
      Thread.sleep(100);
    }

    finishA.countDown();
    assertThat(first.get(5, TimeUnit.SECONDS)).isTrue();
    assertThat(attempts).isGreaterThan(5);
  }

  @Test
  void aDeadHoldersLeaseIsTakenOverAfterExpiryAndItsLateReleaseSparesTheSuccessor() throws Exception {
    // a holder that stopped heartbeating (hung or dead): no heartbeat, its work never ends within the lease
    var dead = lease("replica-dead", SHORT_LEASE, Duration.ZERO);
    var b = lease("replica-b", LONG_LEASE, HEARTBEAT);
    var c = lease("replica-c", LONG_LEASE, HEARTBEAT);
    var wakeDead = new CountDownLatch(1);
    long start = System.nanoTime();
    var zombie = holdInBackground(dead, "hello", wakeDead);

    assertThat(b.runExclusively("hello", () -> { })).isFalse();

    var finishB = new CountDownLatch(1);
    var insideB = new CountDownLatch(1);
    Future<Boolean> takeOver = executor.submit(() -> {
      while (true) {
        if (b.runExclusively("hello", () -> {
          insideB.countDown();
          await(finishB);
        })) {
          return true;
        }
        Thread.sleep(50);
      }
    });
    assertThat(insideB.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(SHORT_LEASE);

    wakeDead.countDown(); // the old holder finishes late and releases: B's record must survive
    assertThat(zombie.get(5, TimeUnit.SECONDS)).isTrue();
    assertThat(record("hello")).hasValueSatisfying(item -> assertThat(item.get("ownerName").s()).isEqualTo("replica-b"));
    assertThat(c.runExclusively("hello", () -> { })).isFalse();

    finishB.countDown();
    assertThat(takeOver.get(5, TimeUnit.SECONDS)).isTrue();
    assertThat(c.runExclusively("hello", () -> { })).isTrue();
  }

  @Test
  void closeReleasesTheHeldLeasesAndRefusesFurtherWork() throws Exception {
    var a = new DynamoDbStackLease(dynamoDb, TABLE, "replica-a", LONG_LEASE, HEARTBEAT);
    var b = lease("replica-b", LONG_LEASE, HEARTBEAT);
    var finishA = new CountDownLatch(1);
    var first = holdInBackground(a, "hello", finishA);

    a.close();

    assertThat(record("hello")).isEmpty();
    assertThat(b.runExclusively("hello", () -> { })).isTrue();
    assertThatThrownBy(() -> a.runExclusively("other", () -> { })).isInstanceOf(IllegalStateException.class);
    finishA.countDown();
    assertThat(first.get(5, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void createTableIfMissingIsIdempotentAndMakesAnOnDemandTableKeyedByKey() {
    DynamoDbStackLease.createTableIfMissing(dynamoDb, TABLE);
    DynamoDbStackLease.createTableIfMissing(dynamoDb, TABLE);

    var table = dynamoDb.describeTable(r -> r.tableName(TABLE)).table();
    assertThat(table.keySchema()).singleElement().satisfies(key -> {
      assertThat(key.attributeName()).isEqualTo("key");
      assertThat(key.keyType()).isEqualTo(KeyType.HASH);
    });
    assertThat(table.billingModeSummary().billingMode()).isEqualTo(BillingMode.PAY_PER_REQUEST);
  }

  @Test
  void aHeartbeatLongerThanHalfTheLeaseIsRejected() {
    assertThatThrownBy(() -> new DynamoDbStackLease(dynamoDb, TABLE, "a", SHORT_LEASE, Duration.ofMillis(600)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void twoReplicasOfFourThreadsHammeringOneStackNeverOverlap() throws Exception {
    var leases = List.of(lease("replica-a", LONG_LEASE, HEARTBEAT), lease("replica-b", LONG_LEASE, HEARTBEAT));
    var insideNow = new AtomicInteger();
    var maxInside = new AtomicInteger();
    var runs = new AtomicInteger();
    var refusals = new AtomicInteger();
    int iterations = 25;
    var workers = new ArrayList<Future<?>>();
    for (var replica : leases) {
      for (int t = 0; t < 4; t++) {
        workers.add(executor.submit(() -> {
          for (int i = 0; i < iterations; i++) {
            boolean ran = replica.runExclusively("hello", () -> {
              maxInside.accumulateAndGet(insideNow.incrementAndGet(), Math::max);
              runs.incrementAndGet();
              sleep(2);
              insideNow.decrementAndGet();
            });
            if (!ran) {
              refusals.incrementAndGet();
            }
          }
          return null;
        }));
      }
    }
    for (var worker : workers) {
      worker.get(60, TimeUnit.SECONDS);
    }

    assertThat(maxInside).hasValue(1);
    assertThat(runs.get() + refusals.get()).isEqualTo(2 * 4 * iterations);
    assertThat(runs).hasPositiveValue();
    assertThat(record("hello")).isEmpty();
  }

  private DynamoDbStackLease lease(String holder, Duration leaseDuration, Duration heartbeat) {
    var lease = new DynamoDbStackLease(dynamoDb, TABLE, holder, leaseDuration, heartbeat);
    toClose.add(lease);
    return lease;
  }

  /** Runs work on the stack in the background until {@code finish}; returns once the work is inside. */
  private Future<Boolean> holdInBackground(DynamoDbStackLease lease, String stack, CountDownLatch finish)
      throws InterruptedException {
    var inside = new CountDownLatch(1);
    Future<Boolean> result = executor.submit(() -> lease.runExclusively(stack, () -> {
      inside.countDown();
      await(finish);
    }));
    assertThat(inside.await(5, TimeUnit.SECONDS)).as("%s got %s", lease.holder(), stack).isTrue();
    return result;
  }

  private Optional<Map<String, AttributeValue>> record(String stack) {
    var response = dynamoDb.getItem(r -> r.tableName(TABLE).consistentRead(true)
        .key(Map.of("key", AttributeValue.fromS("stack#" + stack))));
    return response.hasItem() && !response.item().isEmpty() ? Optional.of(response.item()) : Optional.empty();
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
