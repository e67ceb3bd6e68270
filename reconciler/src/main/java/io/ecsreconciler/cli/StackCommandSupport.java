package io.ecsreconciler.cli;

import io.ecsreconciler.aws.ApiCallCounter;
import io.ecsreconciler.aws.AwsClients;
import io.ecsreconciler.desired.StackLoader;
import io.ecsreconciler.desired.StackSpec;
import io.ecsreconciler.engine.Applier;
import io.ecsreconciler.pass.StackPass;
import io.ecsreconciler.rollout.RolloutStatus;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * What plan, apply and destroy share: load and validate every file first (an invalid file is reported and
 * never touches AWS; the valid stacks beside it still run), then one pass per stack with its own clients, so
 * that one stack's AWS failure does not stop the others.
 */
final class StackCommandSupport {

  /** The valid stacks of the files named, and whether there were invalid ones beside them. */
  record Loaded(List<StackSpec> stacks, boolean allValid) {}

  /** The passes that ran, and whether every file was valid and every stack could be reached. */
  record Outcome(List<StackPass.Result> results, boolean allValid, boolean allReached) {

    boolean succeeded() {
      return allValid && allReached && results.stream().allMatch(StackPass.Result::succeeded);
    }
  }

  private StackCommandSupport() {
  }

  static Loaded load(List<Path> paths, PrintWriter err) throws IOException {
    var results = new StackLoader().loadAll(paths);
    var allValid = Stacks.report(results, new PrintWriter(Writer.nullWriter()), err);
    return new Loaded(results.stream().flatMap(r -> r.stack().stream()).toList(), allValid);
  }

  static Outcome run(Loaded loaded, AwsOptions aws, StackPass.Options options, PrintWriter out, PrintWriter err,
                     java.util.function.Consumer<StackPass.Result> afterEach) {
    return run(loaded, aws, options, out, err, plan -> { }, afterEach);
  }

  static Outcome run(Loaded loaded, AwsOptions aws, StackPass.Options options, PrintWriter out, PrintWriter err,
                     java.util.function.Consumer<io.ecsreconciler.plan.Plan> beforeApply,
                     java.util.function.Consumer<StackPass.Result> afterEach) {
    var results = new ArrayList<StackPass.Result>();
    boolean allReached = true;
    for (var stack : loaded.stacks()) {
      try (var clients = AwsClients.create(aws.settingsFor(stack.region()), new ApiCallCounter())) {
        var result = StackPass.run(stack, clients, options, progress(out, beforeApply));
        results.add(result);
        afterEach.accept(result);
      } catch (SdkException e) {
        err.println(stack.source() + ": cannot reach AWS for stack " + stack.name() + ": " + e.getMessage());
        err.flush();
        allReached = false;
      }
    }
    return new Outcome(results, loaded.allValid(), allReached);
  }

  /** After a plan: which stacks have changes apply would refuse. */
  static void reportBlocked(List<io.ecsreconciler.plan.Plan> plans, PrintWriter err) {
    plans.stream().filter(io.ecsreconciler.plan.Plan::hasErrors).forEach(plan -> err.println("stack " + plan.stack()
        + ": some changes are blocked (marked !); apply will not make them until the cause is fixed"));
    err.flush();
  }

  /** The plan before anything changes, then one line per resource as it finishes: what, how it ended, how long. */
  static StackPass.Progress progress(PrintWriter out, java.util.function.Consumer<io.ecsreconciler.plan.Plan> planned) {
    return new StackPass.Progress() {
      private final java.util.Set<String> eventsShown = new java.util.HashSet<>();
      private String lastSummary = "";

      @Override
      public void planned(io.ecsreconciler.plan.Plan plan) {
        planned.accept(plan);
      }

      /** While waiting: the summary when it changes, and ECS's events as they come (oldest first). */
      @Override
      public void rollout(RolloutStatus status) {
        synchronized (out) {
          if (!status.summary().equals(lastSummary)) {
            out.println("  rollout: " + status.summary());
            lastSummary = status.summary();
          }
          status.events().reversed().stream().filter(event -> eventsShown.add(event.id()))
              .forEach(event -> out.println("    ecs " + event.at() + " " + event.message()));
          out.flush();
        }
      }

      @Override
      public void finished(Applier.Outcome outcome) {
        synchronized (out) {
          var detail = outcome.detail().isEmpty() ? "" : ": " + outcome.detail();
          out.printf(Locale.ROOT, "  %-3s %-34s %s in %.1f s%s%n", outcome.action().symbol(), outcome.key(),
              outcome.status().name().toLowerCase(Locale.ROOT), outcome.took().toMillis() / 1000.0, detail);
          out.flush();
        }
      }
    };
  }

  /** "Apply hello: 27 done, 1 progressing, 0 failed, 0 skipped in 3.2 s." */
  static String summary(String verb, StackPass.Result result) {
    if (!result.skippedWhy().isEmpty()) {
      return verb + " " + result.stack().name() + ": not applied: " + result.skippedWhy();
    }
    if (!result.applied()) {
      return verb + " " + result.stack().name() + ": nothing to do.";
    }
    var counts = new java.util.EnumMap<Applier.Status, Long>(Applier.Status.class);
    for (var status : Applier.Status.values()) {
      counts.put(status, result.outcomes().stream().filter(o -> o.status() == status).count());
    }
    var held = counts.get(Applier.Status.HELD) == 0 ? "" : ", " + counts.get(Applier.Status.HELD) + " held";
    return String.format(Locale.ROOT, "%s %s: %d done, %d progressing, %d failed, %d skipped%s in %.1f s.", verb,
        result.stack().name(), counts.get(Applier.Status.DONE), counts.get(Applier.Status.PROGRESSING),
        counts.get(Applier.Status.FAILED), counts.get(Applier.Status.SKIPPED), held,
        result.took().toMillis() / 1000.0);
  }
}
