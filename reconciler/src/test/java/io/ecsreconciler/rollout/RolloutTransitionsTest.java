package io.ecsreconciler.rollout;

import static io.ecsreconciler.rollout.RolloutsTest.NEW;
import static io.ecsreconciler.rollout.RolloutsTest.OLD;
import static io.ecsreconciler.rollout.RolloutsTest.T0;
import static io.ecsreconciler.rollout.RolloutsTest.deployment;
import static io.ecsreconciler.rollout.RolloutsTest.service;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RolloutTransitionsTest {

  private static final Optional<RolloutStatus> STEADY_OLD = Optional.of(Rollouts.assess(service(OLD, 2, 2,
      List.of(deployment("ecs-svc/1", "PRIMARY", OLD, "COMPLETED", "", 2, 2, 0, 0)), Optional.empty()), OLD));
  private static final Optional<RolloutStatus> ROLLING_NEW = Optional.of(Rollouts.assess(service(NEW, 2, 1, List.of(
      deployment("ecs-svc/2", "PRIMARY", NEW, "IN_PROGRESS", "", 2, 0, 2, 0),
      deployment("ecs-svc/1", "ACTIVE", OLD, "COMPLETED", "", 2, 2, 0, 0)), Optional.empty()), NEW));
  private static final Optional<RolloutStatus> ROLLED_BACK = Optional.of(Rollouts.assess(service(OLD, 2, 2,
      List.of(deployment("ecs-svc/3", "PRIMARY", OLD, "IN_PROGRESS",
          "ECS deployment circuit breaker: rolling back to deploymentId ecs-svc/1.", 2, 2, 0, 0),
          deployment("ecs-svc/2", "ACTIVE", NEW, "FAILED", "ECS deployment circuit breaker: tasks failed to start.",
              2, 0, 0, 3)), Optional.empty()), NEW));
  private static final Optional<RolloutStatus> STEADY_NEW = Optional.of(Rollouts.assess(service(NEW, 2, 2,
      List.of(deployment("ecs-svc/2", "PRIMARY", NEW, "COMPLETED", "", 2, 2, 0, 0)), Optional.empty()), NEW));

  @Test
  void aNewDeploymentStartsARolloutAndItsCompletionEndsIt() {
    var started = RolloutTransitions.between(STEADY_OLD, ROLLING_NEW, T0.plusSeconds(1));
    var ended = RolloutTransitions.between(ROLLING_NEW, STEADY_NEW, T0.plusSeconds(30));

    assertThat(started).singleElement().satisfies(t -> {
      assertThat(t.type()).isEqualTo("RolloutStarted");
      assertThat(t.message()).isEqualTo("rolling out hello:2 (ecs-svc/2, 2 task(s))");
      assertThat(t.outcome()).isEmpty();
    });
    assertThat(ended).singleElement().satisfies(t -> {
      assertThat(t.type()).isEqualTo("RolloutCompleted");
      assertThat(t.outcome()).contains(RolloutTransitions.Outcome.COMPLETED);
      assertThat(t.duration()).contains(Duration.ofSeconds(30));
    });
  }

  @Test
  void aRollbackIsReportedOnceAsRolledBack() {
    var failed = RolloutTransitions.between(ROLLING_NEW, ROLLED_BACK, T0.plusSeconds(20));
    var again = RolloutTransitions.between(ROLLED_BACK, ROLLED_BACK, T0.plusSeconds(25));

    assertThat(failed).singleElement().satisfies(t -> {
      assertThat(t.type()).isEqualTo("RolloutFailed");
      assertThat(t.outcome()).contains(RolloutTransitions.Outcome.ROLLED_BACK);
      assertThat(t.message()).contains("ECS deployment circuit breaker: tasks failed to start.");
    });
    assertThat(again).isEmpty();
  }

  @Test
  void theFirstLookAfterAStartOnlySetsTheBaseline() {
    assertThat(RolloutTransitions.between(Optional.empty(), ROLLED_BACK, T0)).isEmpty();
    assertThat(RolloutTransitions.between(Optional.empty(), STEADY_NEW, T0)).isEmpty();
  }

  @Test
  void aServiceCreatedAndDeployedBeforeThePassLookedStillReportsItsFirstRollout() {
    var before = Optional.of(RolloutTransitions.beforeTheServiceExisted());

    assertThat(RolloutTransitions.between(before, STEADY_NEW, T0.plusSeconds(3)))
        .extracting(RolloutTransitions.Transition::type).containsExactly("RolloutCompleted");
    assertThat(RolloutTransitions.between(before, ROLLING_NEW, T0.plusSeconds(1)))
        .extracting(RolloutTransitions.Transition::type).containsExactly("RolloutStarted");
  }
}
