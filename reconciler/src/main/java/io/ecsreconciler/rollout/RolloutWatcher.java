package io.ecsreconciler.rollout;

import io.ecsreconciler.desired.StackSpec;
import io.ecsreconciler.rollout.RolloutStatus.Phase;
import java.util.Optional;

/**
 * Follows the stack's rollout once per pass, never waiting for it: judges it from what ECS shows, records a
 * failure on the service the first time it is seen (so it is never started again, by this process, a restarted
 * one or another replica), and runs the post-deploy check once per completed deployment.
 */
public final class RolloutWatcher {

  /**
   * @param mayChange the pass may write to AWS (enforce mode, applying): only then are failures recorded and
   *                  deployments checked
   * @param revision  the desired-state revision, recorded with a failure
   * @param verify    the stack's post-deploy check, if it has one
   * @param healthyBefore the deployment an earlier pass found Healthy with every target healthy, if any
   */
  public record Settings(boolean mayChange, String revision, Optional<StackSpec.Verify> verify,
                         PostDeployCheck check, Optional<String> healthyBefore) {

    public Settings(boolean mayChange, String revision, Optional<StackSpec.Verify> verify, PostDeployCheck check) {
      this(mayChange, revision, verify, check, Optional.empty());
    }
  }

  /** Where the load balancer answers: its DNS name and the listener's port. */
  public record Endpoint(String host, int port) {}

  private final Settings settings;

  public RolloutWatcher(Settings settings) {
    this.settings = settings;
  }

  /**
   * @param refresh read the service again first (this pass changed it, or a waiting apply looks again)
   * @return empty when the stack has no service
   */
  public Optional<RolloutStatus> watch(RolloutProbe probe, boolean refresh, Optional<Endpoint> endpoint) {
    var seen = refresh ? probe.refresh() : probe.observed();
    if (seen.isEmpty()) {
      return Optional.empty();
    }
    var service = seen.get();
    var desired = probe.desiredTaskDefinition();
    var status = Rollouts.assess(service, desired);
    if (status.phase() == Phase.HEALTHY && !healthyBefore(service, status)) {
      // Only a rollout that looks done is worth the target health call: it decides between done and not yet.
      service = service.withTargets(probe.targets());
      status = Rollouts.assess(service, desired);
    }
    if (!settings.mayChange()) {
      return Optional.of(status);
    }
    var fresh = Rollouts.seenFailure(service, desired);
    if (fresh.isPresent() && !service.failure().map(f -> f.taskDefinition().equals(desired)).orElse(false)) {
      var recorded = new FailedRollout(desired, settings.revision(), fresh.get().reason());
      probe.recordFailure(recorded);
      service = service.withFailure(Optional.of(recorded));
      status = Rollouts.assess(service, desired);
    }
    return Optional.of(verify(probe, service, status, endpoint));
  }

  /**
   * The same completed deployment an earlier pass found Healthy, every target healthy, with all its tasks running:
   * its target health is not read again. ECS keeps a load-balanced task in service only while its target passes
   * the health check (it stops and replaces one that fails), so a replaced task shows as fewer running than
   * desired, and the next look that finds them all running again reads target health. Never taken while a
   * post-deploy check could still roll this deployment back: that decision waits for targets read now.
   */
  private boolean healthyBefore(ServiceRollout service, RolloutStatus status) {
    var deployment = status.deployment();
    if (deployment.isEmpty() || !settings.healthyBefore().equals(Optional.of(deployment.get().id()))
        || !deployment.get().completed()) {
      return false;
    }
    var rollbackPending = settings.verify().map(v -> v.onFailure() == StackSpec.OnFailure.ROLLBACK).orElse(false)
        && !service.verified().equals(Optional.of(deployment.get().id()));
    return !rollbackPending;
  }

  /** Once per completed deployment: the verified one is recorded on the service and not probed again. */
  private RolloutStatus verify(RolloutProbe probe, ServiceRollout service, RolloutStatus status,
                               Optional<Endpoint> endpoint) {
    if (settings.verify().isEmpty() || status.phase() != Phase.HEALTHY || endpoint.isEmpty()) {
      return status;
    }
    var deployment = status.deployment().orElseThrow();
    if (service.verified().map(deployment.id()::equals).orElse(false)) {
      return status;
    }
    var verify = settings.verify().get();
    var result = settings.check().check(endpoint.get().host(), endpoint.get().port(), verify);
    if (result.passed()) {
      probe.recordVerified(deployment.id());
      return status.verified(Phase.HEALTHY, status.summary() + "; verified: " + result.detail(), result,
          Optional.empty());
    }
    var failedOne = service.taskDefinition();
    var failure = new FailedRollout(failedOne, settings.revision(), "post-deploy check failed: " + result.detail());
    var previous = service.previous().filter(p -> !p.equals(failedOne));
    if (verify.onFailure() == StackSpec.OnFailure.ROLLBACK && previous.isPresent()) {
      probe.rollBack(previous.get(), failure);
      return status.verified(Phase.DEGRADED, "rollout of " + RolloutStatus.shortName(failedOne) + " failed its "
          + failure.reason().replaceFirst("^post-deploy check failed", "post-deploy check")
          + "; rolling back to " + RolloutStatus.shortName(previous.get()), result, Optional.of(failure));
    }
    var why = verify.onFailure() == StackSpec.OnFailure.ROLLBACK ? " (nothing recorded to roll back to)" : "";
    return status.verified(Phase.DEGRADED, failure.reason() + why, result, Optional.empty());
  }
}
