package io.ecsreconciler.notify;

import io.ecsreconciler.loop.StackEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One sink's queue and the virtual thread that empties it: each event is POSTed, retried with backoff on
 * connection errors, 5xx and 429 (after {@code Retry-After} when given), given up on after the last attempt or at
 * once on another 4xx. A full queue drops the event. A receiver that is down is logged once per failure streak
 * (WARN), and again when it is back (INFO); everything is counted. Nothing here ever throws at the caller.
 */
final class Delivery {

  private static final Logger log = LoggerFactory.getLogger(Delivery.class);
  /** How often an idle worker looks whether it is asked to stop. */
  private static final long IDLE_POLL_MILLIS = 200;

  private final Sink sink;
  private final HttpClient http;
  private final NotifierSettings settings;
  private final Clock clock;
  private final BlockingQueue<StackEvent> queue;
  private final Counter sentCounter;
  private final Counter failedCounter;
  private final Counter droppedCounter;
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  /** Taken and not yet delivered, given up on or dropped: queued or in flight. */
  private final AtomicInteger pending = new AtomicInteger();
  private final Thread worker;
  private volatile boolean closing;
  private volatile boolean dropping;
  // The last outcomes, written by the worker only, read by status(): guarded by this.
  private Instant lastSuccessAt;
  private Instant lastFailureAt;
  private String lastError;
  private boolean failing;
  private long failuresInStreak;

  Delivery(Sink sink, HttpClient http, NotifierSettings settings, MeterRegistry registry, Clock clock) {
    this.sink = sink;
    this.http = http;
    this.settings = settings;
    this.clock = clock;
    this.queue = new ArrayBlockingQueue<>(settings.queueCapacity());
    this.sentCounter = counter(registry, "sent");
    this.failedCounter = counter(registry, "failed");
    this.droppedCounter = counter(registry, "dropped");
    this.worker = Thread.ofVirtual().name("notify-" + sink.name()).start(this::run);
  }

  private Counter counter(MeterRegistry registry, String outcome) {
    return Counter.builder("reconciler.notifications").description("Notifications by sink and outcome")
        .tag("sink", sink.name()).tag("outcome", outcome).register(registry);
  }

  /** Queues the event; never waits. A full queue (or a stopping notifier) drops it and counts it. */
  void offer(StackEvent event) {
    pending.incrementAndGet();
    if (!closing && queue.offer(event)) {
      dropping = false;
      return;
    }
    pending.decrementAndGet();
    drop(1);
    if (closing) {
      log.info("notifications to {}: stopping, {} {} not sent", sink, event.stack(), event.type());
    } else if (!dropping) {
      dropping = true;
      log.warn("notifications to {}: the queue is full ({} waiting), dropping {} {} and what follows until there "
          + "is room; counted in reconciler_notifications_total{outcome=\"dropped\"}", sink, queue.size(),
          event.stack(), event.type());
    }
  }

  private void run() {
    try {
      while (true) {
        var event = queue.poll(IDLE_POLL_MILLIS, TimeUnit.MILLISECONDS);
        if (event == null) {
          if (closing) {
            return;
          }
          continue;
        }
        try {
          deliver(event);
        } catch (InterruptedException e) {
          drop(1); // stopped while delivering it or waiting to retry; close counts what is still queued
          return;
        } finally {
          pending.decrementAndGet();
        }
      }
    } catch (InterruptedException e) {
      // stopped while idle
    }
  }

  private void deliver(StackEvent event) throws InterruptedException {
    for (int attempt = 1; ; attempt++) {
      var result = Attempt.post(http, sink, event, settings.requestTimeout(), clock);
      if (result.delivered()) {
        delivered();
        return;
      }
      if (!result.retryable() || attempt >= settings.retry().maxAttempts()) {
        givenUp(event, result.error() + (attempt > 1 ? " after " + attempt + " attempts" : ""));
        return;
      }
      var delay = settings.retry().delay(attempt, result.retryAfter());
      log.debug("notification to {} of {} {} failed ({}), attempt {} of {}: next in {} ms", sink, event.stack(),
          event.type(), result.error(), attempt, settings.retry().maxAttempts(), delay.toMillis());
      Thread.sleep(delay);
    }
  }

  private synchronized void delivered() {
    sent.incrementAndGet();
    sentCounter.increment();
    lastSuccessAt = clock.instant();
    if (failing) {
      log.info("notifications to {} are delivered again, after {} failed", sink, failuresInStreak);
    }
    failing = false;
    failuresInStreak = 0;
  }

  private synchronized void givenUp(StackEvent event, String error) {
    failed.incrementAndGet();
    failedCounter.increment();
    lastFailureAt = clock.instant();
    lastError = error;
    failuresInStreak++;
    if (!failing) {
      log.warn("notifications to {} are failing: {} {} not delivered: {}; further failures are counted in "
          + "reconciler_notifications_total{outcome=\"failed\"}, not logged, until one is delivered", sink,
          event.stack(), event.type(), error);
    } else {
      log.debug("notification to {} of {} {} not delivered: {}", sink, event.stack(), event.type(), error);
    }
    failing = true;
  }

  private void drop(int count) {
    dropped.addAndGet(count);
    droppedCounter.increment(count);
  }

  synchronized NotifierStatus.SinkStatus status() {
    return new NotifierStatus.SinkStatus(sink.name(), sink.target(), sent.get(), failed.get(), dropped.get(),
        pending.get(), lastSuccessAt, lastFailureAt, lastError, failing);
  }

  /** New events are dropped from now on. */
  void stopTaking() {
    closing = true;
  }

  /** Stops taking events; delivers what is queued until the deadline, then stops and counts the rest as dropped. */
  void close(Instant deadline) {
    closing = true;
    try {
      var left = Duration.between(Instant.now(), deadline);
      if (!left.isNegative() && worker.join(left)) {
        return;
      }
      worker.interrupt();
      worker.join(Duration.ofSeconds(1));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    var left = queue.size();
    queue.clear();
    pending.addAndGet(-left);
    if (left > 0) {
      drop(left);
      log.warn("notifications to {}: stopped with {} not delivered", sink, left);
    }
  }
}
