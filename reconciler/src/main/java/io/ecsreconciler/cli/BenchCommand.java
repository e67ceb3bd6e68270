package io.ecsreconciler.cli;

import io.ecsreconciler.aws.ApiCallCounter;
import io.ecsreconciler.aws.AwsClients;
import io.ecsreconciler.desired.StackLoader;
import io.ecsreconciler.desired.StackSpec;
import io.ecsreconciler.engine.Applier;
import io.ecsreconciler.pass.StackPass;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Measures the reconciler against an emulator and prints a Markdown table: for 1, 10, ... copies of the hello
 * stack, how long the empty account takes to converge, and what a steady-state pass costs in AWS calls (read and
 * mutating, counted by the SDK interceptor) and time. Creates and destroys its own stacks, so it refuses to run
 * without an explicit endpoint: it is not meant for a real account.
 */
@Command(name = "bench", description = "Benchmarks passes against an AWS emulator (--endpoint-url or "
    + "AWS_ENDPOINT_URL required) and prints a Markdown table.")
final class BenchCommand implements Callable<Integer> {

  @Option(names = "--stacks", split = ",", defaultValue = "1,10", description = "stack counts to measure (default 1,10)")
  List<Integer> stackCounts;

  @Option(names = "--passes", defaultValue = "3", description = "steady-state passes measured per count (default 3)")
  int passes;

  @Option(names = "--template", defaultValue = "desired-state/hello.yaml", description = "the stack to copy")
  Path template;

  @Option(names = "--parallel", defaultValue = "8",
      description = "stacks passed at once, as the controller's reconciler.max-concurrent-stacks (default 8)")
  int parallel;

  @Mixin
  AwsOptions aws;

  @Spec
  CommandSpec spec;

  private static final Applier.Options QUICK = new Applier.Options(Duration.ofSeconds(10), Duration.ofMillis(200));

  @Override
  public Integer call() throws Exception {
    var out = spec.commandLine().getOut();
    var err = spec.commandLine().getErr();
    if (aws.endpoint == null && System.getenv("AWS_ENDPOINT_URL") == null) {
      err.println("bench creates and destroys stacks: point it at an emulator with --endpoint-url or AWS_ENDPOINT_URL");
      return 1;
    }
    var text = Files.readString(template);
    out.println("| stacks | empty → converged | steady pass (all stacks) | per stack: read calls | per stack: mutating calls |");
    out.println("|---:|---:|---:|---:|---:|");
    out.flush();
    for (int count : stackCounts) {
      out.println(measure(count, text, err)); // row by row: a large count takes minutes on an emulator
      out.flush();
    }
    out.println();
    out.println("Measured with " + passes + " steady-state passes per row, " + parallel + " stacks at a time, against " + (aws.endpoint != null
        ? aws.endpoint : System.getenv("AWS_ENDPOINT_URL")) + "; times are wall clock on this machine.");
    out.flush();
    return 0;
  }

  private String measure(int count, String text, java.io.PrintWriter err) {
    var stacks = new ArrayList<StackSpec>();
    for (int i = 0; i < count; i++) {
      stacks.add(copy(text, i));
    }
    var counter = new ApiCallCounter();
    try (var clients = AwsClients.create(aws.settingsFor(stacks.getFirst().region()), counter)) {
      for (var stack : stacks) {
        pushImage(clients, stack);
      }
      long started = System.nanoTime();
      runAll(stacks, clients, StackPass.Goal.APPLY, parallel, err);
      var converge = Duration.ofNanos(System.nanoTime() - started);
      counter.reset();
      long steadyStarted = System.nanoTime();
      for (int pass = 0; pass < passes; pass++) {
        runAll(stacks, clients, StackPass.Goal.APPLY, parallel, err);
      }
      var steady = Duration.ofNanos((System.nanoTime() - steadyStarted) / passes);
      double reads = counter.reads() / (double) (passes * count);
      double mutations = counter.mutations() / (double) (passes * count);
      runAll(stacks, clients, StackPass.Goal.DESTROY, parallel, err);
      return String.format(Locale.ROOT, "| %d | %.1f s | %.2f s | %.1f | %.1f |", count, converge.toMillis() / 1000.0,
          steady.toMillis() / 1000.0, reads, mutations);
    }
  }

  private static void runAll(List<StackSpec> stacks, AwsClients clients, StackPass.Goal goal, int parallel,
                             java.io.PrintWriter err) {
    try (var executor = java.util.concurrent.Executors.newFixedThreadPool(Math.max(1, parallel),
        Thread.ofVirtual().factory())) {
      for (var stack : stacks) {
        executor.submit(() -> {
          var result = StackPass.run(stack, clients, new StackPass.Options(goal, true, false, QUICK),
              StackPass.Progress.SILENT);
          if (!result.succeeded()) {
            err.println("bench: " + goal + " of " + stack.name() + " did not succeed: " + result.outcomes());
          }
        });
      }
    }
  }

  /** Copy i of the template: its own name, image repository and network (10.{i}.0.0/16). */
  private static StackSpec copy(String text, int i) {
    var name = "bench-" + i;
    var edited = text.replace("name: hello", "name: " + name)
        .replace("repository: hello", "repository: " + name)
        .replace("10.20.", "10." + (20 + i) + ".");
    var result = new StackLoader().load(Path.of(name + ".yaml"), edited);
    return result.stack().orElseThrow(() -> new IllegalStateException("bench copy invalid: " + result.problems()));
  }

  /** The image tag the stack names, pushed as CI would (an emulator keeps the manifest only). */
  private static void pushImage(AwsClients clients, StackSpec stack) {
    var repository = stack.image().repository();
    try {
      clients.ecr().createRepository(r -> r.repositoryName(repository));
    } catch (software.amazon.awssdk.services.ecr.model.RepositoryAlreadyExistsException exists) {
      // pushed by an earlier row
    }
    var manifest = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.docker.distribution.manifest.v2+json\","
        + "\"config\":{\"mediaType\":\"application/vnd.docker.container.image.v1+json\",\"size\":1,\"digest\":"
        + "\"sha256:" + "0".repeat(63) + "1\"},\"layers\":[]}";
    try {
      clients.ecr().putImage(r -> r.repositoryName(repository).imageTag(stack.image().tag()).imageManifest(manifest));
    } catch (software.amazon.awssdk.services.ecr.model.ImageAlreadyExistsException exists) {
      // pushed by an earlier row
    }
  }
}
