package io.ecsreconciler.lease;

import com.amazonaws.services.dynamodbv2.AcquireLockOptions;
import com.amazonaws.services.dynamodbv2.AmazonDynamoDBLockClient;
import com.amazonaws.services.dynamodbv2.AmazonDynamoDBLockClientOptions;
import com.amazonaws.services.dynamodbv2.LockItem;
import com.amazonaws.services.dynamodbv2.ReleaseLockOptions;
import com.amazonaws.services.dynamodbv2.model.LockCurrentlyUnavailableException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * A per-stack lease shared by the replicas through one DynamoDB table (DESIGN §5), on AWS's
 * {@link AmazonDynamoDBLockClient}: one lock item per stack, key {@code stack#<name>}, written with conditional
 * writes on its owner and record version number (RVN).
 *
 * <ul>
 *   <li>acquire never waits ({@code shouldSkipBlockingWait}): a live lease of another holder refuses at once;
 *   <li>a background heartbeat renews every held lease each {@code heartbeatPeriod} (a new RVN each time), so a long
 *       apply keeps it;
 *   <li>a holder that dies stops renewing; a replica that sees the same RVN unchanged for {@code leaseDuration}
 *       <em>by its own clock</em> takes the lease over. No clock is compared across replicas, so skew does not
 *       matter; the price is that the take-over happens on the first attempt at least {@code leaseDuration} after
 *       that replica first saw the dead lease, which with passes every 30 s and a 60 s lease is about two passes;
 *   <li>release deletes the item only if owner and RVN are still ours: a holder whose lease was taken over never
 *       deletes its successor's lease.
 * </ul>
 *
 * <p>Within this process a stack is also locked locally, so two threads of one replica never run it together, even
 * when this replica's own lease expired under a hung work (the lock client would otherwise hand it over to itself).
 *
 * <p>DynamoDB service errors while acquiring (missing table, throttling beyond the SDK's retries) propagate from
 * {@link #runExclusively}; network failures make the acquire report "not acquired". Failures while heartbeating or
 * releasing are logged and the lease simply expires. Thread-safe. {@link #close()} stops the heartbeats and
 * releases the leases held at that moment; the {@link DynamoDbClient} stays open (the caller owns it).
 */
public final class DynamoDbStackLease implements StackLease, AutoCloseable {

  static final String PARTITION_KEY = "key";
  /** How long a conditional-write race loser sleeps before finding the winner's lease and giving up. */
  private static final long RACE_REFRESH_MILLIS = 10;

  private static final Logger log = LoggerFactory.getLogger(DynamoDbStackLease.class);

  private final AmazonDynamoDBLockClient lockClient;
  private final String holder;
  private final ConcurrentHashMap<String, ReentrantLock> localLocks = new ConcurrentHashMap<>();
  private volatile boolean closed;

  /**
   * @param leaseDuration how long a lease lives without a heartbeat (e.g. 60 s)
   * @param heartbeatPeriod how often held leases are renewed, at most half of {@code leaseDuration} (e.g. 20 s);
   *     {@link Duration#ZERO} for no heartbeat (a lease then lasts {@code leaseDuration} whatever the work's length)
   */
  public DynamoDbStackLease(DynamoDbClient dynamoDb, String table, String holder, Duration leaseDuration,
      Duration heartbeatPeriod) {
    Objects.requireNonNull(dynamoDb, "dynamoDb");
    this.holder = requireText(holder, "holder");
    long leaseMillis = Objects.requireNonNull(leaseDuration, "leaseDuration").toMillis();
    long heartbeatMillis = Objects.requireNonNull(heartbeatPeriod, "heartbeatPeriod").toMillis();
    if (leaseMillis <= 0) {
      throw new IllegalArgumentException("leaseDuration must be positive: " + leaseDuration);
    }
    if (heartbeatMillis < 0 || 2 * heartbeatMillis > leaseMillis || (heartbeatMillis == 0 && !heartbeatPeriod.isZero())) {
      throw new IllegalArgumentException("heartbeatPeriod must be zero (none) or at most half of leaseDuration "
          + leaseDuration + ": " + heartbeatPeriod);
    }
    var options = AmazonDynamoDBLockClientOptions.builder(dynamoDb, requireText(table, "table"))
        .withPartitionKeyName(PARTITION_KEY)
        .withOwnerName(holder)
        .withLeaseDuration(leaseMillis)
        .withTimeUnit(TimeUnit.MILLISECONDS)
        .withCreateHeartbeatBackgroundThread(heartbeatMillis > 0);
    if (heartbeatMillis > 0) {
      options.withHeartbeatPeriod(heartbeatMillis);
    }
    this.lockClient = new AmazonDynamoDBLockClient(options.build());
  }

  /**
   * Creates the lease table (partition key {@code key}, string; on-demand billing) unless it exists, and waits
   * until it is active. Idempotent, also when replicas race.
   */
  public static void createTableIfMissing(DynamoDbClient dynamoDb, String table) {
    try {
      dynamoDb.describeTable(r -> r.tableName(table));
    } catch (ResourceNotFoundException absent) {
      try {
        dynamoDb.createTable(r -> r.tableName(table)
            .attributeDefinitions(AttributeDefinition.builder().attributeName(PARTITION_KEY)
                .attributeType(ScalarAttributeType.S).build())
            .keySchema(KeySchemaElement.builder().attributeName(PARTITION_KEY).keyType(KeyType.HASH).build())
            .billingMode(BillingMode.PAY_PER_REQUEST));
      } catch (ResourceInUseException createdMeanwhile) {
        // another replica created it: wait for it below like for our own
      }
    }
    try (var waiter = dynamoDb.waiter()) {
      waiter.waitUntilTableExists(r -> r.tableName(table));
    }
  }

  @Override
  public boolean runExclusively(String stack, Runnable work) {
    var key = key(stack);
    Objects.requireNonNull(work, "work");
    if (closed) {
      throw new IllegalStateException("lease " + holder + " is closed");
    }
    var local = localLocks.computeIfAbsent(key, k -> new ReentrantLock());
    if (!local.tryLock()) {
      return false;
    }
    try {
      var lease = tryAcquire(key);
      if (lease.isEmpty()) {
        return false;
      }
      try {
        work.run();
        return true;
      } finally {
        release(lease.get());
      }
    } finally {
      local.unlock();
    }
  }

  @Override
  public String holder() {
    return holder;
  }

  /** Stops the heartbeats and releases the leases held now (their work, if still running, is not stopped). */
  @Override
  public void close() {
    closed = true;
    try {
      lockClient.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String key(String stack) {
    return "stack#" + requireText(stack, "stack");
  }

  private Optional<LockItem> tryAcquire(String key) {
    var options = AcquireLockOptions.builder(key)
        .withShouldSkipBlockingWait(true)
        .withDeleteLockOnRelease(true)
        .withAdditionalTimeToWaitForLock(0L)
        .withRefreshPeriod(RACE_REFRESH_MILLIS)
        .withTimeUnit(TimeUnit.MILLISECONDS)
        .build();
    try {
      return lockClient.tryAcquireLock(options);
    } catch (LockCurrentlyUnavailableException heldByAnother) {
      // lock client 1.4.0 throws this from tryAcquireLock instead of returning empty
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  private void release(LockItem lease) {
    try {
      boolean released = lockClient.releaseLock(ReleaseLockOptions.builder(lease)
          .withDeleteLock(true)
          .withBestEffort(true)
          .build());
      if (!released && !closed) {
        log.warn("{} finished {} after its lease had expired and been taken over", holder, lease.getPartitionKey());
      }
    } catch (RuntimeException e) {
      // never hide the work's own outcome: the lease expires by itself
      log.warn("{} could not release {}, it expires by itself: {}", holder, lease.getPartitionKey(), e.toString());
    }
  }

  private static String requireText(String value, String name) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + " must not be blank");
    }
    return value;
  }
}
