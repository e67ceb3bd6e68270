package io.ecsreconciler.iam;

import io.ecsreconciler.aws.AwsClients;
import io.ecsreconciler.desired.StackLoader;
import io.ecsreconciler.desired.StackSpec;
import io.ecsreconciler.engine.Applier;
import io.ecsreconciler.lease.DynamoDbStackLease;
import io.ecsreconciler.pass.StackPass;
import io.ecsreconciler.resource.EcsStackResources;
import io.ecsreconciler.suspend.Suspension;
import io.ecsreconciler.testing.EcrImages;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Everything the reconciler does to a stack in its life, as the controller does it, with the reconciler's clients
 * on one side and an administrator (the team's CI pushing images, a person making drift) on the other: the lease
 * table and a lease around each pass; a first apply that creates the ECR repository (the rollout waits for the
 * image); CI pushes it; converge, with autoscaling; drift of every kind the stack can fix, put right; a new image
 * rolled out with other scaling bounds; the stack suspended and resumed; CI deletes the images; destroy.
 *
 * <p>{@link #live()} stops at the first step that fails and tells which and why.
 */
final class ReconcilerLife {

  static final String TABLE = "ecs-reconciler-leases";
  private static final Path HELLO = Path.of("../desired-state/hello.yaml");
  private static final Applier.Options QUICK = new Applier.Options(Duration.ofSeconds(5), Duration.ofMillis(100));

  /** The step that failed and the message the reconciler got (AWS's, for a denied call). */
  record Failure(String step, String message) {}

  private final AwsClients reconciler;
  private final AwsClients admin;
  private final List<String> steps = new ArrayList<>();

  ReconcilerLife(AwsClients reconciler, AwsClients admin) {
    this.reconciler = reconciler;
    this.admin = admin;
  }

  /** The steps that completed, in order. */
  List<String> completed() {
    return List.copyOf(steps);
  }

  Optional<Failure> live() {
    try {
      step("lease table", () -> DynamoDbStackLease.createTableIfMissing(reconciler.dynamoDb(), TABLE));
      try (var lease = new DynamoDbStackLease(reconciler.dynamoDb(), TABLE, "iam-test", Duration.ofSeconds(4),
          Duration.ofSeconds(1))) {
        var first = spec("1.0.0", 4);
        step("first apply creates the repository", () -> expectOnlyTheMissingImage(pass(lease, first,
            StackPass.Goal.APPLY)));
        EcrImages.push(admin.ecr(), "hello", "1.0.0");
        step("converge", () -> expectSuccess(pass(lease, first, StackPass.Goal.APPLY)));
        new Drift(admin).make();
        step("drift repair", () -> {
          expectSuccess(pass(lease, first, StackPass.Goal.APPLY));
          expectNothingToDo(pass(lease, first, StackPass.Goal.PLAN));
        });
        EcrImages.push(admin.ecr(), "hello", "1.1.0");
        var second = spec("1.1.0", 6);
        step("rollout of a new image", () -> expectSuccess(pass(lease, second, StackPass.Goal.APPLY)));
        step("suspend and resume", () -> {
          var suspension = EcsStackResources.suspensionSwitch(second, reconciler);
          suspension.suspend(new Suspension(Instant.now(), "iam-test"));
          suspension.resume();
        });
        EcrImages.deleteAll(admin.ecr(), "hello");
        step("destroy", () -> {
          expectSuccess(pass(lease, second, StackPass.Goal.DESTROY));
          expectNothingToDo(pass(lease, second, StackPass.Goal.PLAN_DESTROY));
        });
      }
      return Optional.empty();
    } catch (StepFailed failed) {
      return Optional.of(failed.failure);
    }
  }

  /** hello.yaml at this tag, scaling between 1 and maxCount, keeping one task definition revision. */
  static StackSpec spec(String tag, int maxCount) {
    return edited(yaml -> yaml.replace("tag: \"1.0.0\"", "tag: \"" + tag + "\"")
        .replace("    logRetentionDays: 14\n", "    logRetentionDays: 14\n    autoscaling: {minCount: 1, maxCount: "
            + maxCount + ", cpuTargetPercent: 50}\n")
        .replace("maxDeletesPerPass: 5", "maxDeletesPerPass: 5\n    keepRevisions: 1"));
  }

  private static StackSpec edited(UnaryOperator<String> edit) {
    try {
      var result = new StackLoader().load(HELLO, edit.apply(Files.readString(HELLO)));
      return result.stack().orElseThrow(() -> new AssertionError("edited hello.yaml is invalid: " + result.problems()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void step(String name, Runnable work) {
    try {
      work.run();
    } catch (StepFailed failed) {
      throw failed;
    } catch (RuntimeException e) {
      throw new StepFailed(new Failure(name, e.getClass().getSimpleName() + ": " + e.getMessage()));
    }
    steps.add(name);
  }

  /** One pass under the stack's lease, as the controller runs it; the destroy lifts the delete guard, as the CLI. */
  private StackPass.Result pass(DynamoDbStackLease lease, StackSpec spec, StackPass.Goal goal) {
    var destroying = goal == StackPass.Goal.DESTROY;
    var result = new StackPass.Result[1];
    var ran = lease.runExclusively(spec.name(), () -> result[0] = StackPass.run(spec, reconciler,
        new StackPass.Options(goal, destroying, false, QUICK), StackPass.Progress.SILENT));
    if (!ran) {
      throw new IllegalStateException("the lease on stack " + spec.name() + " was not acquired");
    }
    return result[0];
  }

  private static void expectSuccess(StackPass.Result result) {
    if (!result.succeeded()) {
      throw new IllegalStateException(problems(result));
    }
  }

  /** The first apply with no image yet: everything made but what the preflight holds back. */
  private static void expectOnlyTheMissingImage(StackPass.Result result) {
    var problems = problems(result);
    var onlyThePreflight = result.plan().changes().stream().filter(c -> c.blocked())
        .allMatch(c -> c.error().contains("is not in ECR repository"))
        && result.outcomes().stream().noneMatch(o -> o.status() == Applier.Status.FAILED
            && !o.detail().contains("is not in ECR repository"));
    if (!onlyThePreflight) {
      throw new IllegalStateException(problems);
    }
  }

  private static void expectNothingToDo(StackPass.Result result) {
    var pending = result.plan().changes().stream().filter(c -> c.action().changes()).toList();
    if (!pending.isEmpty()) {
      throw new IllegalStateException("still to do after the pass: " + pending);
    }
  }

  private static String problems(StackPass.Result result) {
    var problems = new ArrayList<String>();
    result.plan().changes().stream().filter(c -> c.blocked()).forEach(c -> problems.add(c.key() + ": " + c.error()));
    result.outcomes().stream().filter(o -> o.status() == Applier.Status.FAILED || o.status() == Applier.Status.SKIPPED)
        .forEach(o -> problems.add(o.key() + " " + o.status() + ": " + o.detail()));
    if (!result.skippedWhy().isEmpty()) {
      problems.add(result.skippedWhy());
    }
    return String.join("; ", problems);
  }

  private static final class StepFailed extends RuntimeException {
    private final transient Failure failure;

    StepFailed(Failure failure) {
      super(failure.step() + ": " + failure.message(), null, false, false);
      this.failure = failure;
    }
  }
}
