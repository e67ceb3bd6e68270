package io.ecsreconciler.cli;

import io.ecsreconciler.aws.ApiCallCounter;
import io.ecsreconciler.aws.AwsClients;
import io.ecsreconciler.desired.StackLoader;
import io.ecsreconciler.desired.StackSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
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
 * Measures the reconciler against an emulator and prints Markdown tables: for 1, 10, 100 ... copies of the hello
 * stack, how long an empty account takes to converge and to be healthy, and what a steady pass (as the controller
 * makes it: one look at the region for all stacks) costs in AWS calls (read and mutating, counted by the SDK
 * interceptor, per pass, per stack and per operation) and time, with the CPU the emulator spent meanwhile and
 * what a Terraform refresh of the same resources would call. Creates its own stacks and resets the emulator (or
 * destroys them) between rows, so it refuses to run without an explicit endpoint: it is not meant for a real
 * account.
 */
@Command(name = "bench", description = "Benchmarks passes against an AWS emulator (--endpoint-url or "
    + "AWS_ENDPOINT_URL required) and prints Markdown tables.")
final class BenchCommand implements Callable<Integer> {

  @Option(names = "--stacks", split = ",", defaultValue = "1,10,100",
      description = "stack counts to measure (default 1,10,100)")
  List<Integer> stackCounts;

  @Option(names = "--passes", defaultValue = "3", description = "steady-state passes measured per count (default 3)")
  int passes;

  @Option(names = "--template", defaultValue = "desired-state/hello.yaml", description = "the stack to copy")
  Path template;

  @Option(names = "--parallel", defaultValue = "8",
      description = "stacks passed at once, as the controller's reconciler.max-concurrent-stacks (default 8)")
  int parallel;

  @Option(names = "--emulator-pid", description = "the emulator's process id, to report the CPU time it spends")
  Long emulatorPid;

  @Option(names = "--healthy-timeout", defaultValue = "PT10M",
      description = "how long to wait for every rollout to be healthy before the steady passes (default PT10M)")
  Duration healthyTimeout;

  @Mixin
  AwsOptions aws;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    var out = spec.commandLine().getOut();
    var err = spec.commandLine().getErr();
    var endpoint = aws.endpoint != null ? aws.endpoint.toString() : System.getenv("AWS_ENDPOINT_URL");
    if (endpoint == null) {
      err.println("bench creates and destroys stacks: point it at an emulator with --endpoint-url or AWS_ENDPOINT_URL");
      return 1;
    }
    var text = Files.readString(template);
    out.println("| stacks | empty → converged | → all healthy | steady pass | read calls / pass | mutating / pass "
        + "| reads / stack | emulator CPU / steady pass | reconciler CPU / steady pass | Terraform refresh reads |");
    out.println("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    out.flush();
    var results = new ArrayList<BenchRow.Result>();
    for (int count : stackCounts) {
      var result = measure(count, text, endpoint, err);
      results.add(result);
      out.println(row(result, copy(text, 0))); // row by row: a large count takes minutes on an emulator
      out.flush();
    }
    out.println();
    out.println("Read calls of one steady pass by operation:");
    out.println();
    out.print(BenchTables.byOperation(results));
    out.println();
    out.println("Measured with " + passes + " steady-state passes per row, " + parallel + " stacks at a time, against "
        + endpoint + "; times are wall clock and CPU time on this machine.");
    out.flush();
    return 0;
  }

  private BenchRow.Result measure(int count, String text, String endpoint, java.io.PrintWriter err) {
    var stacks = new ArrayList<StackSpec>();
    for (int i = 0; i < count; i++) {
      stacks.add(copy(text, i));
    }
    var resettable = reset(endpoint);
    try (var clients = AwsClients.create(aws.settingsFor(stacks.getFirst().region()), new ApiCallCounter())) {
      for (var stack : stacks) {
        pushImage(clients, stack);
      }
      var row = new BenchRow(stacks, clients, parallel, Optional.ofNullable(emulatorPid), err);
      var result = row.measure(passes, healthyTimeout);
      if (!resettable) {
        row.destroy();
      }
      return result;
    }
  }

  private static String row(BenchRow.Result result, StackSpec template) {
    return String.format(Locale.ROOT, "| %d | %s | %s | %s | %.0f | %.0f | %.1f | %s | %s | %d |", result.stacks(),
        BenchTables.seconds(result.converged()),
        result.healthy().map(BenchTables::seconds).orElse("not within the timeout"),
        BenchTables.seconds(result.steadyPass()), result.readsPerPass(), result.mutationsPerPass(),
        result.readsPerPass() / result.stacks(),
        result.emulatorCpuPerPass().map(BenchTables::seconds).orElse("n/a"),
        BenchTables.seconds(result.reconcilerCpuPerPass()),
        TerraformRefresh.readsPerStack(template) * result.stacks());
  }

  /** An emulator that can be reset (moto) starts each row empty; any other gets the row's stacks destroyed. */
  private static boolean reset(String endpoint) {
    try (var http = HttpClient.newHttpClient()) {
      var request = HttpRequest.newBuilder(URI.create(endpoint).resolve("/moto-api/reset"))
          .POST(HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(30)).build();
      return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    } catch (java.io.IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Copy i of the template: its own name, image repository and network (10.{i}.0.0/16, wrapping after 200). */
  private static StackSpec copy(String text, int i) {
    var name = "bench-" + i;
    var edited = text.replace("name: hello", "name: " + name)
        .replace("repository: hello", "repository: " + name)
        .replace("10.20.", "10." + (20 + i % 200) + ".");
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
