package io.ecsreconciler.app;

import io.ecsreconciler.loop.Controller;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The schedule: a pass right after start-up (or after {@code reconciler.initial-delay}), then one every
 * {@code reconciler.interval} after the previous one ended (fixed delay: a slow pass never piles up behind itself). Also the readiness condition: ready once the
 * first pass is done, so a rolling restart does not report ready before it has looked at AWS.
 */
@Component("firstPass")
class ScheduledPasses implements HealthIndicator {

  private final Controller controller;

  ScheduledPasses(Controller controller) {
    this.controller = controller;
  }

  @Scheduled(initialDelayString = "${reconciler.initial-delay:0s}", fixedDelayString = "${reconciler.interval:30s}")
  void pass() {
    controller.runOnce("schedule");
  }

  @Override
  public Health health() {
    return controller.firstPassDone() ? Health.up().build()
        : Health.outOfService().withDetail("reason", "the first reconcile pass has not finished").build();
  }
}
