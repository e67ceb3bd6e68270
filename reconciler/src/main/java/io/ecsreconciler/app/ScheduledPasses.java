package io.ecsreconciler.app;

import io.ecsreconciler.loop.Controller;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The schedule: a pass right after start-up (or after {@code reconciler.initial-delay}), then one every
 * {@code reconciler.interval} after the previous one ended (fixed delay: a slow pass never piles up behind itself).
 * Also the readiness condition: ready once the first pass is done, so a rolling restart does not report ready before
 * it has looked at AWS.
 *
 * <p>A timer of its own rather than {@code @Scheduled}: with {@code @EnableScheduling}, Spring looks through every
 * method of every bean for the annotation at start (about 8 % of the start's main thread here), for one method.
 * Started last (after the web server), stopped first: on shutdown no new pass begins, and the one under way finishes
 * within {@code spring.lifecycle.timeout-per-shutdown-phase}, as Spring's scheduler did.
 */
@Component("firstPass")
class ScheduledPasses implements HealthIndicator, SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(ScheduledPasses.class);

  private final Controller controller;
  private final Duration initialDelay;
  private final Duration interval;
  private volatile ScheduledExecutorService timer;

  @Autowired
  ScheduledPasses(Controller controller, ControllerProperties properties) {
    this(controller, properties.initialDelay(), properties.interval());
  }

  ScheduledPasses(Controller controller, Duration initialDelay, Duration interval) {
    if (initialDelay.isNegative()) {
      throw new IllegalArgumentException("reconciler.initial-delay must be 0s or more, not " + initialDelay);
    }
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("reconciler.interval must be more than 0s, not " + interval);
    }
    this.controller = controller;
    this.initialDelay = initialDelay;
    this.interval = interval;
  }

  void pass() {
    try {
      controller.runOnce("schedule");
    } catch (RuntimeException | Error e) {
      // A periodic task that throws is never run again; the next pass may well succeed (the controller records a
      // stack's failures itself, so this is only what escaped it).
      log.error("scheduled pass failed; the next one is in {}", interval, e);
    }
  }

  @Override
  public void start() {
    timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("passes").factory());
    timer.scheduleWithFixedDelay(this::pass, initialDelay.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void stop(Runnable stopped) {
    var running = timer;
    running.shutdown();  // no further pass; one under way goes on
    Thread.ofVirtual().name("passes-stop").start(() -> {
      try {
        running.awaitTermination(1, TimeUnit.DAYS);  // the lifecycle's phase timeout is what bounds the wait
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      stopped.run();
    });
  }

  @Override
  public void stop() {
    timer.shutdown();
  }

  @Override
  public boolean isRunning() {
    var running = timer;
    return running != null && !running.isShutdown();
  }

  @Override
  public Health health() {
    return controller.firstPassDone() ? Health.up().build()
        : Health.outOfService().withDetail("reason", "the first reconcile pass has not finished").build();
  }
}
