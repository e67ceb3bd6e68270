package io.ecsreconciler.pass;

import io.ecsreconciler.aws.AwsClients;
import io.ecsreconciler.desired.StackSpec;
import io.ecsreconciler.engine.Applier;
import io.ecsreconciler.engine.Planner;
import io.ecsreconciler.engine.Policy;
import io.ecsreconciler.plan.Plan;
import io.ecsreconciler.resource.EcsStackResources;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One reconcile pass of one stack, the same for the commands and the controller: observe, plan, and (when
 * asked, and the stack is not in observe mode) apply. Level-based: everything is read afresh every pass.
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
  public record Options(Goal goal, boolean allowMassDelete, boolean allowReplace, Applier.Options applier) {

    public static Options of(Goal goal) {
      return new Options(goal, false, false, Applier.Options.DEFAULT);
    }
  }

  /**
   * @param applied    false when nothing was attempted (plan only, observe mode, or nothing to do)
   * @param skippedWhy why a requested apply did not happen; empty otherwise
   * @param notReady   resources that exist but were not ready when the pass ended (a rolling deployment)
   */
  public record Result(StackSpec stack, Plan plan, boolean applied, List<Applier.Outcome> outcomes, String skippedWhy,
                       Duration took, List<String> notReady) {

    /** True when the stack reached what was asked: no blocked change, no failed or skipped resource. */
    public boolean succeeded() {
      return !plan.hasErrors() && skippedWhy.isEmpty() && outcomes.stream().noneMatch(o ->
          o.status() == Applier.Status.FAILED || o.status() == Applier.Status.SKIPPED);
    }
  }

  /** Progress as it happens: the plan before anything is changed, then each resource as it finishes. */
  public interface Progress extends Applier.Listener {
    Progress SILENT = outcome -> { };

    default void planned(Plan plan) {
    }
  }

  private StackPass() {
  }

  public static Result run(StackSpec spec, AwsClients aws, Options options, Progress progress) {
    var started = Instant.now();
    var policy = new Policy(spec.policy().prune(), spec.policy().maxDeletesPerPass(), options.allowMassDelete(),
        options.allowReplace());
    var model = EcsStackResources.model(spec, aws).withPolicy(policy);
    if (options.goal().destroys) {
      model = model.forDestroy();
    }
    var planner = new Planner();
    var observation = planner.observe(model);
    var plan = planner.plan(model, spec.region(), observation);
    progress.planned(plan);
    var observedNotReady = observation.resources().entrySet().stream().filter(e -> !e.getValue().ready())
        .map(e -> e.getKey().toString()).sorted().toList();
    if (!options.goal().mutates) {
      return new Result(spec, plan, false, List.of(), "", Duration.between(started, Instant.now()), observedNotReady);
    }
    if (!plan.hasChanges()) {
      return new Result(spec, plan, false, List.of(), "", Duration.between(started, Instant.now()), observedNotReady);
    }
    if (spec.policy().mode() == StackSpec.Mode.OBSERVE) {
      return new Result(spec, plan, false, List.of(),
          "stack " + spec.name() + " is in observe mode: changes are reported, never made (set spec.policy.mode: enforce)",
          Duration.between(started, Instant.now()), observedNotReady);
    }
    var outcomes = new Applier(options.applier()).apply(model, plan, observation, progress);
    return new Result(spec, plan, true, outcomes, "", Duration.between(started, Instant.now()),
        notReadyAfter(observedNotReady, outcomes));
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
