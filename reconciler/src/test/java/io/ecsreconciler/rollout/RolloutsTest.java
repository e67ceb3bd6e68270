package io.ecsreconciler.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecsreconciler.rollout.RolloutStatus.Phase;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Judging a rollout from hand-built DescribeServices answers, one per state ECS can be in. */
class RolloutsTest {

  static final String OLD = "arn:aws:ecs:us-east-1:123456789012:task-definition/hello:1";
  static final String NEW = "arn:aws:ecs:us-east-1:123456789012:task-definition/hello:2";
  static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

  static Deployment deployment(String id, String status, String taskDefinition, String state, String reason,
                               int desired, int running, int pending, int failed) {
    return new Deployment(id, status, taskDefinition, state, reason, desired, running, pending, failed, T0);
  }

  static ServiceRollout service(String taskDefinition, int desired, int running, List<Deployment> deployments,
                                Optional<FailedRollout> recorded) {
    return new ServiceRollout("arn:svc", taskDefinition, desired, running, 0, deployments,
        List.of(new ServiceEvent("e1", T0, "(service hello) has reached a steady state.")),
        Optional.empty(), recorded, Optional.empty(), Optional.empty(), Optional.empty());
  }

  @Nested
  class Phases {

    @Test
    void aPrimaryInProgressIsProgressingWithItsCounts() {
      var status = Rollouts.assess(service(NEW, 2, 1, List.of(
          deployment("ecs-svc/2", "PRIMARY", NEW, "IN_PROGRESS", "", 2, 1, 1, 0),
          deployment("ecs-svc/1", "ACTIVE", OLD, "COMPLETED", "", 2, 2, 0, 0)), Optional.empty()), NEW);

      assertThat(status.phase()).isEqualTo(Phase.PROGRESSING);
      assertThat(status.summary()).isEqualTo("rolling out hello:2: 1/2 running, 1 pending, 1 older deployment(s) draining");
    }

    @Test
    void aCompletedDeploymentWithEveryTaskRunningAndHealthyTargetsIsHealthy() {
      var service = service(NEW, 2, 2, List.of(deployment("ecs-svc/2", "PRIMARY", NEW, "COMPLETED", "", 2, 2, 0, 0)),
          Optional.empty()).withTargets(Optional.of(new ServiceRollout.Targets(2, 2)));

      var status = Rollouts.assess(service, NEW);

      assertThat(status.phase()).isEqualTo(Phase.HEALTHY);
      assertThat(status.summary()).isEqualTo("hello:2: 2/2 running, 2 targets healthy");
    }

    @Test
    void aCompletedDeploymentWhoseTargetsAreNotAllHealthyIsStillProgressing() {
      var service = service(NEW, 2, 2, List.of(deployment("ecs-svc/2", "PRIMARY", NEW, "COMPLETED", "", 2, 2, 0, 0)),
          Optional.empty()).withTargets(Optional.of(new ServiceRollout.Targets(1, 2)));

      assertThat(Rollouts.assess(service, NEW).phase()).isEqualTo(Phase.PROGRESSING);
    }

    @Test
    void tasksFailingBeforeTheCircuitBreakerTripsAreDegraded() {
      var status = Rollouts.assess(service(OLD, 2, 2, List.of(
          deployment("ecs-svc/2", "PRIMARY", NEW, "IN_PROGRESS", "", 2, 0, 0, 2),
          deployment("ecs-svc/1", "ACTIVE", OLD, "COMPLETED", "", 2, 2, 0, 0)), Optional.empty()), NEW);

      assertThat(status.phase()).isEqualTo(Phase.DEGRADED);
      assertThat(status.summary()).contains("2 task(s) failed", "has reached a steady state");
      assertThat(status.failure()).isEmpty();
    }

    @Test
    void aDeploymentThatFailedWithoutRollbackIsDegraded() {
      var status = Rollouts.assess(service(OLD, 2, 0, List.of(deployment("ecs-svc/2", "PRIMARY", OLD, "FAILED",
          "ECS deployment circuit breaker: tasks failed to start.", 2, 0, 0, 3)), Optional.empty()), OLD);

      assertThat(status.phase()).isEqualTo(Phase.DEGRADED);
      assertThat(status.summary()).isEqualTo(
          "rollout of hello:1 failed, the service runs hello:1: ECS deployment circuit breaker: tasks failed to start.");
    }
  }

  @Nested
  class Failures {

    @Test
    void aFailedDeploymentOfTheDesiredTaskDefinitionIsTheFailureWhileEcsRollsBack() {
      var service = service(OLD, 2, 2, List.of(
          deployment("ecs-svc/3", "PRIMARY", OLD, "IN_PROGRESS",
              "ECS deployment circuit breaker: rolling back to deploymentId ecs-svc/1.", 2, 1, 1, 0),
          deployment("ecs-svc/2", "ACTIVE", NEW, "FAILED", "ECS deployment circuit breaker: tasks failed to start.",
              2, 0, 0, 3)), Optional.empty());

      var status = Rollouts.assess(service, NEW);

      assertThat(status.phase()).isEqualTo(Phase.DEGRADED);
      assertThat(status.failure()).contains(new FailedRollout(NEW, "",
          "ECS deployment circuit breaker: tasks failed to start."));
      assertThat(status.summary()).startsWith("rollout of hello:2 failed, ECS is rolling back to hello:1: ");
      assertThat(status.moving()).isTrue();
    }

    @Test
    void aRollbackUnderWayIsAFailureOfTheDesiredTaskDefinitionEvenOnceTheFailedDeploymentIsGone() {
      var service = service(OLD, 2, 1, List.of(deployment("ecs-svc/3", "PRIMARY", OLD, "IN_PROGRESS",
          "ECS deployment circuit breaker: rolling back to deploymentId ecs-svc/1.", 2, 1, 1, 0)), Optional.empty());

      assertThat(Rollouts.failureOf(service, NEW)).hasValueSatisfying(f -> assertThat(f.taskDefinition()).isEqualTo(NEW));
    }

    @Test
    void onceTheRollbackIsOverEcsEventAboutTheStartedDeploymentTellsTheFailure() {
      var rolledBack = new ServiceRollout("arn:svc", OLD, 2, 2, 0,
          List.of(deployment("ecs-svc/3", "PRIMARY", OLD, "COMPLETED", "ECS deployment ecs-svc/3 completed.", 2, 2, 0, 0)),
          List.of(new ServiceEvent("e3", T0, "(service hello) has reached a steady state."),
              new ServiceEvent("e2", T0, "(service hello) rolling back to deployment ecs-svc/1."),
              new ServiceEvent("e1", T0, "(service hello) (deployment ecs-svc/2) deployment failed: tasks failed to start.")),
          Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
          Optional.of(new ServiceRollout.Started("ecs-svc/2", NEW)));

      assertThat(Rollouts.failureOf(rolledBack, NEW)).hasValueSatisfying(failure ->
          assertThat(failure.reason()).isEqualTo("deployment ecs-svc/2 failed: tasks failed to start."));
      // The task definition the reconciler did not start, or a service still on the desired one, is no failure.
      assertThat(Rollouts.failureOf(rolledBack, "arn:aws:ecs:us-east-1:123456789012:task-definition/hello:3")).isEmpty();
      assertThat(Rollouts.failureOf(rolledBack, OLD)).isEmpty();
    }

    @Test
    void aRecordedFailureHoldsOnlyTheTaskDefinitionItNames() {
      var recorded = Optional.of(new FailedRollout(NEW, "abc123", "tasks failed to start"));
      var service = service(OLD, 2, 2, List.of(deployment("ecs-svc/3", "PRIMARY", OLD, "COMPLETED", "", 2, 2, 0, 0)),
          recorded);
      var newer = "arn:aws:ecs:us-east-1:123456789012:task-definition/hello:3";

      assertThat(Rollouts.failureOf(service, NEW)).isEqualTo(recorded);
      assertThat(Rollouts.assess(service, NEW).phase()).isEqualTo(Phase.DEGRADED);
      assertThat(Rollouts.failureOf(service, newer)).isEmpty();
      assertThat(Rollouts.assess(service, newer).phase()).isNotEqualTo(Phase.DEGRADED);
    }

    @Test
    void anOldFailedDeploymentOfAnotherTaskDefinitionIsNoFailureOfTheDesiredOne() {
      var service = service(NEW, 2, 2, List.of(
          deployment("ecs-svc/4", "PRIMARY", NEW, "IN_PROGRESS", "", 2, 1, 1, 0),
          deployment("ecs-svc/2", "ACTIVE", OLD, "FAILED", "tasks failed to start", 2, 0, 0, 3)), Optional.empty());

      assertThat(Rollouts.failureOf(service, NEW)).isEmpty();
      assertThat(Rollouts.assess(service, NEW).phase()).isEqualTo(Phase.PROGRESSING);
    }
  }
}
