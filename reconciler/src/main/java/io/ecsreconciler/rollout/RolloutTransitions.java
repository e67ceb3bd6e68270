package io.ecsreconciler.rollout;

import io.ecsreconciler.rollout.RolloutStatus.Phase;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What changed in a stack's rollout between two passes, as events for people and outcomes for metrics. Only a
 * change is reported: a pass that sees what the previous one saw says nothing, and the first look after a
 * (re)start only sets the baseline.
 */
public final class RolloutTransitions {

  /** How a rollout ended, as the {@code outcome} label of the rollout metrics. */
  public enum Outcome { COMPLETED, FAILED, ROLLED_BACK, VERIFY_FAILED }

  /**
   * @param type     the event type (RolloutStarted, RolloutCompleted, RolloutFailed, Verified, VerifyFailed)
   * @param outcome  set when a rollout ended
   * @param duration from the deployment's start to now, when known
   */
  public record Transition(String type, String message, Optional<Outcome> outcome, Optional<Duration> duration) {}

  private RolloutTransitions() {
  }

  /**
   * The rollout before a pass that created the service: none. Whatever the pass then sees is the first deployment,
   * started by it, even if ECS completed it before the pass looked (a fast or a busy machine); without this the
   * first look would only set the baseline and the first rollout would never be reported.
   */
  public static RolloutStatus beforeTheServiceExisted() {
    return new RolloutStatus(Phase.PROGRESSING, "no service yet", Optional.empty(), "", 0, 0, 0, 0, Optional.empty(),
        List.of(), Optional.empty());
  }

  public static List<Transition> between(Optional<RolloutStatus> before, Optional<RolloutStatus> after, Instant now) {
    var transitions = new ArrayList<Transition>();
    if (before.isEmpty() || after.isEmpty()) {
      return transitions;
    }
    var was = before.get();
    var is = after.get();
    var deployment = is.deployment();
    var newDeployment = deployment.isPresent()
        && !deployment.map(Deployment::id).equals(was.deployment().map(Deployment::id));
    if (newDeployment && deployment.get().inProgress() && !deployment.get().rollingBack()) {
      transitions.add(new Transition("RolloutStarted", "rolling out "
          + RolloutStatus.shortName(deployment.get().taskDefinition()) + " (" + deployment.get().id() + ", "
          + deployment.get().desired() + " task(s))", Optional.empty(), Optional.empty()));
    }
    var newFailure = is.failure().isPresent()
        && !is.failure().map(FailedRollout::taskDefinition).equals(was.failure().map(FailedRollout::taskDefinition));
    var verifyFailed = is.verification().map(v -> !v.passed()).orElse(false);
    var failedBefore = was.verification().map(v -> !v.passed()).orElse(false) && !newDeployment;
    if (verifyFailed && !failedBefore) {
      transitions.add(new Transition("VerifyFailed", is.summary(), Optional.of(Outcome.VERIFY_FAILED),
          since(was, now)));
    } else if (newFailure && !verifyFailed) {
      var rolledBack = !is.taskDefinition().equals(is.failure().get().taskDefinition());
      transitions.add(new Transition("RolloutFailed", is.summary(),
          Optional.of(rolledBack ? Outcome.ROLLED_BACK : Outcome.FAILED), since(was, now)));
    } else if (is.phase() == Phase.HEALTHY && (was.phase() != Phase.HEALTHY || newDeployment)) {
      transitions.add(new Transition("RolloutCompleted", is.summary(), Optional.of(Outcome.COMPLETED),
          deployment.map(d -> Duration.between(d.createdAt(), now))));
    }
    if (is.verification().map(PostDeployCheck.Result::passed).orElse(false)) {
      transitions.add(new Transition("Verified", is.verification().get().detail(), Optional.empty(),
          Optional.empty()));
    }
    return transitions;
  }

  /** A failure ends the rollout the previous pass saw going. */
  private static Optional<Duration> since(RolloutStatus was, Instant now) {
    return was.deployment().filter(Deployment::inProgress).map(d -> Duration.between(d.createdAt(), now));
  }
}
