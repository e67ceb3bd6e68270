package io.ecsreconciler.pass;

import io.ecsreconciler.aws.AwsClients;
import io.ecsreconciler.desired.StackSpec;
import io.ecsreconciler.engine.Applier;
import io.ecsreconciler.engine.Planner;
import io.ecsreconciler.engine.Policy;
import io.ecsreconciler.engine.ResourceKey;
import io.ecsreconciler.plan.Plan;
import io.ecsreconciler.resource.EcsStackResources;
import io.ecsreconciler.resource.RegionLook;
import io.ecsreconciler.rollout.PostDeployCheck;
import io.ecsreconciler.rollout.RolloutProbe;
import io.ecsreconciler.rollout.RolloutStatus;
import io.ecsreconciler.rollout.RolloutWatcher;
import io.ecsreconciler.suspend.Suspension;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One reconcile pass of one stack, the same for the commands and the controller: observe, plan, (when asked, and
 * the stack is not in observe mode) apply, then look at the service's rollout. Level-based: everything is read
 * afresh every pass. Only the {@code apply} command waits for a rollout to finish; the controller looks again
 * on a later pass.
 */
public final class StackPass {

  /** What the pass is asked to do: converge to the desired state or to nothing, for real or as a plan. */
  public enum Goal {
    PLAN(false, false), APPLY(true, false), PLAN_DESTROY(false, true), DESTROY(true, true);

    private final boolean mutates;
    private final boolean destroys;

    Goal(boolean mutates, boolean destroys) {
      this.mutates = mutates;
      this.destroys = destroys;
    }
  }

  /**
   * @param allowMassDelete lift the stack's delete guard for this pass
   * @param allowReplace    let the pass delete and re-create resources whose immutable fields changed
   */
  public record Options(Goal goal, boolean allowMassDelete, boolean allowReplace, Applier.Options applier,
                        Rollout rollout) {

    public Options(Goal goal, boolean allowMassDelete, boolean allowReplace, Applier.Options applier) {
      this(goal, allowMassDelete, allowReplace, applier, Rollout.DEFAULT);
    }

    public static Options of(Goal goal) {
      return new Options(goal, false, false, Applier.Options.DEFAULT);
    }
  }

  /**
   * How the pass treats the service's rollout.
   *
   * @param retryFailed roll out a task definition whose rollout failed before (a user's retry)
   * @param revision    the desired-state revision, recorded with a failed rollout
   * @param check       the post-deploy check (with its emulator redirect, if any)
   * @param await       wait (bounded by the readiness timeout) until the rollout completes or fails
   * @param healthyBefore the deployment an earlier pass found Healthy, targets included (the controller keeps it;
   *                      a command has none): seen again COMPLETED, its target health is not read again
   */
  public record Rollout(boolean retryFailed, String revision, PostDeployCheck check, boolean await,
                        Optional<String> healthyBefore) {
    public static final Rollout DEFAULT = new Rollout(false, "local", PostDeployCheck.direct(), false);

    public Rollout(boolean retryFailed, String revision, PostDeployCheck check, boolean await) {
      this(retryFailed, revision, check, await, Optional.empty());
    }
  }

  /**
   * @param applied    false when nothing was attempted (plan only, observe mode, or nothing to do)
   * @param skippedWhy why a requested apply did not happen; empty otherwise
   * @param notReady   resources that exist but were not ready when the pass ended (a rolling deployment)
   * @param rollout    the service's rollout as the pass left it; empty without a service (or when destroying)
   * @param suspension the operator's suspension of the stack, as this pass found it
   */
  public record Result(StackSpec stack, Plan plan, boolean applied, List<Applier.Outcome> outcomes, String skippedWhy,
                       Duration took, List<String> notReady, Optional<RolloutStatus> rollout,
                       Optional<Suspension> suspension) {

    /** True when the stack reached what was asked: no blocked change, no failed or skipped resource. */
    public boolean succeeded() {
      return !plan.hasErrors() && skippedWhy.isEmpty() && outcomes.stream().noneMatch(o ->
          o.status() == Applier.Status.FAILED || o.status() == Applier.Status.SKIPPED);
    }

    /** True when the service's rollout failed, was rolled back, or failed its post-deploy check. */
    public boolean rolloutFailed() {
      return rollout.map(r -> r.phase() == RolloutStatus.Phase.DEGRADED).orElse(false);
    }
  }

  /** Progress as it happens: the plan before anything is changed, then each resource as it finishes. */
  public interface Progress extends Applier.Listener {
    Progress SILENT = outcome -> { };

    default void planned(Plan plan) {
    }

    /** While {@code apply} waits for a rollout: how it stands each time it is looked at. */
    default void rollout(RolloutStatus status) {
    }
  }

  private StackPass() {
  }

  /** A pass of one stack on its own: its kinds read AWS for this stack alone. */
  public static Result run(StackSpec spec, AwsClients aws, Options options, Progress progress) {
    return run(spec, RegionLook.of(aws, List.of(spec.name())), options, progress);
  }

  /**
   * A pass of one of the stacks {@code region} was made for: its first observation is its share of the region's
   * look, shared with the other stacks of the same pass.
   */
  public static Result run(StackSpec spec, RegionLook region, Options options, Progress progress) {
    var started = Instant.now();
    var policy = new Policy(spec.policy().prune(), spec.policy().maxDeletesPerPass(), options.allowMassDelete(),
        options.allowReplace());
    var built = EcsStackResources.build(spec, region, options.rollout().retryFailed(), options.goal().destroys);
    var model = built.model().withPolicy(policy);
    if (options.goal().destroys) {
      model = model.forDestroy();
    }
    var planner = new Planner();
    var observation = planner.observe(model);
    var plan = planner.plan(model, spec.region(), observation);
    progress.planned(plan);
    var observedNotReady = observation.resources().entrySet().stream().filter(e -> !e.getValue().ready())
        .map(e -> e.getKey().toString()).sorted().toList();
    var enforce = spec.policy().mode() == StackSpec.Mode.ENFORCE;
    var outputs = new java.util.HashMap<ResourceKey, java.util.Map<String, String>>();
    observation.resources().forEach((key, observed) -> outputs.put(key, observed.outputs()));
    var suspension = built.suspension(outputs);
    var mayChange = options.goal().mutates && enforce && suspension.isEmpty();
    var watcher = new Watch(spec, built, observation, options, mayChange);
    if (!mayChange || !plan.hasChanges()) {
      var why = !options.goal().mutates || !plan.hasChanges() ? ""
          : !enforce ? "stack " + spec.name() + " is in observe mode: changes are reported, never made (set "
              + "spec.policy.mode: enforce)"
          : "stack " + spec.name() + " is suspended since " + suspension.get().since()
              + (suspension.get().reason().isEmpty() ? "" : " (" + suspension.get().reason() + ")")
              + ": changes are reported, never made until it is resumed (POST /api/v1/stacks/" + spec.name()
              + "/resume)";
      var rollout = options.goal() == Goal.APPLY ? watcher.look(false, progress) : Optional.<RolloutStatus>empty();
      return new Result(spec, plan, false, List.of(), why, Duration.between(started, Instant.now()),
          withoutService(observedNotReady, built, rollout), rollout, suspension);
    }
    var outcomes = new Applier(options.applier()).apply(model, plan, observation, progress);
    var serviceChanged = outcomes.stream().anyMatch(o -> o.key().equals(built.service())
        && (o.status() == Applier.Status.DONE || o.status() == Applier.Status.PROGRESSING));
    var rollout = options.goal().destroys ? Optional.<RolloutStatus>empty() : watcher.look(serviceChanged, progress);
    return new Result(spec, plan, true, outcomes, "", Duration.between(started, Instant.now()),
        withoutService(notReadyAfter(observedNotReady, outcomes), built, rollout), rollout, suspension);
  }

  /** The service's readiness is its rollout's to report, when there is one. */
  private static List<String> withoutService(List<String> notReady, EcsStackResources.Built built,
                                             Optional<RolloutStatus> rollout) {
    var service = built.service().toString();
    return rollout.isEmpty() ? notReady : notReady.stream().filter(key -> !key.equals(service)).toList();
  }

  /** The rollout watcher for this pass, and the waiting the {@code apply} command asks for. */
  private record Watch(StackSpec spec, EcsStackResources.Built built, Planner.Observation observation,
                       Options options, boolean mayChange) {

    Optional<RolloutStatus> look(boolean refresh, Progress progress) {
      var watcher = new RolloutWatcher(new RolloutWatcher.Settings(mayChange, options.rollout().revision(),
          spec.service().verify(), options.rollout().check(), options.rollout().healthyBefore()));
      var probe = built.rollout();
      var status = watcher.watch(probe, refresh, endpoint());
      if (!options.rollout().await() || status.isEmpty()) {
        return status;
      }
      return await(watcher, probe, status.get(), progress);
    }

    private Optional<RolloutStatus> await(RolloutWatcher watcher, RolloutProbe probe, RolloutStatus first,
                                          Progress progress) {
      var deadline = Instant.now().plus(options.applier().readinessTimeout());
      var status = first;
      progress.rollout(status);
      while (status.moving() && Instant.now().isBefore(deadline)) {
        sleep(options.applier().pollInterval());
        status = watcher.watch(probe, true, endpoint()).orElse(status);
        progress.rollout(status);
      }
      return Optional.of(status);
    }

    /** The load balancer's DNS name as observed (a balancer made in this pass is checked on a later one). */
    private Optional<RolloutWatcher.Endpoint> endpoint() {
      return Optional.ofNullable(observation.resources().get(built.loadBalancer()))
          .map(lb -> lb.outputs().get("dnsName"))
          .map(host -> new RolloutWatcher.Endpoint(host, spec.loadBalancer().listenerPort()));
    }

    private static void sleep(Duration duration) {
      try {
        Thread.sleep(duration);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for the rollout", e);
      }
    }
  }

  /** Not ready: what was observed so and not since made anew, and what the apply left progressing. */
  private static List<String> notReadyAfter(List<String> observed, List<Applier.Outcome> outcomes) {
    var notReady = new java.util.TreeSet<>(observed);
    for (var outcome : outcomes) {
      switch (outcome.status()) {
        case PROGRESSING -> notReady.add(outcome.key().toString());
        case DONE -> notReady.remove(outcome.key().toString());
        default -> { }
      }
    }
    return List.copyOf(notReady);
  }
}
