package io.ecsreconciler.rollout;

import io.ecsreconciler.rollout.RolloutStatus.Phase;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Judges a service's rollout from what ECS shows (DESIGN §10): the primary deployment's rollout state, its
 * task counts, the load balancer's targets, and ECS's circuit breaker. A failed rollout is found either as it
 * happens (a FAILED deployment, or ECS rolling back away from the desired task definition) or from the record a
 * pass left on the service; either holds back the desired task definition until the desired state changes it.
 */
public final class Rollouts {

  /**
   * ECS keeps 100 events per service; the status shows the latest few. Enough that `apply`, which prints each
   * event once as it polls, misses none when a rollback writes them in a burst (failed, rolling back, draining,
   * deregistered, stopped, completed, steady: seven at once).
   */
  static final int EVENTS_SHOWN = 10;

  private Rollouts() {
  }

  /**
   * The failed rollout of {@code desiredTaskDefinition}, if there is one: recorded on the service by an earlier
   * pass (with the desired-state revision), or seen in what ECS shows now. A failure of another task definition no longer matters: the
   * desired state has moved on.
   */
  public static Optional<FailedRollout> failureOf(ServiceRollout service, String desiredTaskDefinition) {
    var recorded = service.failure().filter(failure -> failure.taskDefinition().equals(desiredTaskDefinition));
    return recorded.or(() -> seenFailure(service, desiredTaskDefinition));
  }

  /**
   * A failure ECS shows right now: a FAILED deployment of the desired task definition (while it drains), the
   * primary deployment rolling back while the service no longer runs the desired task definition, or, once the
   * rollback is over and both are gone, ECS's event that the deployment the reconciler started failed.
   */
  static Optional<FailedRollout> seenFailure(ServiceRollout service, String desiredTaskDefinition) {
    var failed = service.deployments().stream()
        .filter(d -> d.failedRollout() && d.taskDefinition().equals(desiredTaskDefinition))
        .max(Comparator.comparing(Deployment::createdAt));
    if (failed.isPresent()) {
      return Optional.of(new FailedRollout(desiredTaskDefinition, "", failed.get().rolloutStateReason()));
    }
    if (service.taskDefinition().equals(desiredTaskDefinition)) {
      return Optional.empty();
    }
    var rollingBack = service.primary().filter(Deployment::rollingBack)
        .map(primary -> new FailedRollout(desiredTaskDefinition, "", primary.rolloutStateReason()));
    return rollingBack.or(() -> service.started()
        .filter(started -> started.taskDefinition().equals(desiredTaskDefinition))
        .flatMap(started -> service.events().stream()
            .filter(event -> event.message().contains("(deployment " + started.deploymentId() + ") deployment failed"))
            .findFirst())
        .map(event -> new FailedRollout(desiredTaskDefinition, "", "deployment " + service.started().get().deploymentId()
            + " failed: " + event.message().substring(event.message().indexOf("deployment failed: ")
            + "deployment failed: ".length()))));
  }

  public static RolloutStatus assess(ServiceRollout service, String desiredTaskDefinition) {
    var failure = failureOf(service, desiredTaskDefinition);
    var primary = service.primary();
    int failedTasks = primary.map(Deployment::failed).orElse(0);
    var events = service.events().stream().limit(EVENTS_SHOWN).toList();
    Phase phase;
    String summary;
    if (failure.isPresent()) {
      phase = Phase.DEGRADED;
      var rollingBack = primary.map(Deployment::rollingBack).orElse(false) && primary.get().inProgress();
      summary = "rollout of " + RolloutStatus.shortName(failure.get().taskDefinition()) + " failed"
          + (rollingBack ? ", ECS is rolling back to " : ", the service runs ")
          + RolloutStatus.shortName(service.taskDefinition()) + ": " + failure.get().reason();
    } else if (primary.isEmpty()) {
      phase = Phase.PROGRESSING;
      summary = "no deployment yet";
    } else if (primary.get().failedRollout()) {
      phase = Phase.DEGRADED;
      summary = "deployment " + primary.get().id() + " of " + RolloutStatus.shortName(primary.get().taskDefinition())
          + " failed: " + primary.get().rolloutStateReason();
    } else if (primary.get().inProgress() && failedTasks > 0) {
      phase = Phase.DEGRADED;
      summary = counts("rolling out", primary.get(), service) + ", " + failedTasks + " task(s) failed"
          + latestStop(events);
    } else if (primary.get().inProgress() || service.deployments().size() > 1) {
      phase = Phase.PROGRESSING;
      summary = counts("rolling out", primary.get(), service);
    } else if (service.running() < service.desired()) {
      phase = Phase.PROGRESSING;
      summary = counts("starting tasks of", primary.get(), service);
    } else if (service.targets().map(t -> t.healthy() < service.desired()).orElse(false)) {
      phase = Phase.PROGRESSING;
      summary = service.targets().get().healthy() + "/" + service.desired() + " targets healthy";
    } else {
      phase = Phase.HEALTHY;
      summary = RolloutStatus.shortName(service.taskDefinition()) + ": " + service.running() + "/"
          + service.desired() + " running" + service.targets().map(t -> ", " + t.healthy() + " targets healthy")
          .orElse("");
    }
    return new RolloutStatus(phase, summary, primary, service.taskDefinition(), service.desired(), service.running(),
        service.pending(), failedTasks, failure, events, Optional.empty());
  }

  private static String counts(String verb, Deployment primary, ServiceRollout service) {
    return verb + " " + RolloutStatus.shortName(primary.taskDefinition()) + ": " + primary.running() + "/"
        + primary.desired() + " running, " + primary.pending() + " pending"
        + (service.deployments().size() > 1 ? ", " + (service.deployments().size() - 1) + " older deployment(s) draining"
        : "");
  }

  /** ECS tells why tasks stop in its events only by task; the newest event is the best one-line hint. */
  private static String latestStop(List<ServiceEvent> events) {
    return events.isEmpty() ? "" : " (latest ECS event: " + events.getFirst().message() + ")";
  }
}
