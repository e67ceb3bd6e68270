package io.ecsreconciler.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.ecsreconciler.desired.StackLoader;
import io.ecsreconciler.pass.StackPass;
import io.ecsreconciler.testing.AwsEmulator;
import io.ecsreconciler.testing.AwsEmulatorTest;
import io.ecsreconciler.testing.EcrImages;
import io.ecsreconciler.testing.OwnedInventory;
import io.ecsreconciler.testing.ReconcilerProcess;
import io.ecsreconciler.testing.faults.ChaosReport;
import io.ecsreconciler.testing.faults.FaultProxy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * {@code reconciler apply} as a real process, killed with SIGKILL right after its k-th mutating call reached the
 * emulator (the proxy kills it before the answer goes back), for k from the first mutating call of a fresh
 * converge to the last: a restarted process with no fault then converges with no duplicate of any kind, and a
 * plan finds nothing to do. CI tries the first and the last k and three spread between; {@code bin/chaos}
 * ({@code -Dreconciler.chaos.full-sweep=true}) every k.
 */
@AwsEmulatorTest
class KillAtEveryMutationTest {

  private static final String HELLO = Path.of("../desired-state/hello.yaml").toString();
  private static final Duration RUN_LIMIT = Duration.ofMinutes(2);
  private static final List<String> HEADER = List.of("k", "killed right after", "restarted apply exit",
      "duplicates", "missing");

  private final AwsEmulator emulator;

  KillAtEveryMutationTest(AwsEmulator emulator) {
    this.emulator = emulator;
  }

  @TestFactory
  Stream<DynamicTest> aProcessKilledAfterAnyMutatingCallIsFinishedByTheNextWithNoDuplicate() {
    int calls = mutatingCallsOfAFreshConverge();
    assertThat(calls).as("mutating calls of a fresh converge").isGreaterThan(30);
    return crashPoints(calls).stream().map(k -> dynamicTest("killed after mutating call " + k + " of " + calls,
        () -> killedAfter(k)));
  }

  /** Every k for bin/chaos; CI: the first, the middle and the last. */
  private static List<Integer> crashPoints(int calls) {
    if (ChaosReport.full()) {
      return IntStream.rangeClosed(1, calls).boxed().toList();
    }
    return List.copyOf(new TreeSet<>(List.of(1, calls / 2, calls)));
  }

  private int mutatingCallsOfAFreshConverge() {
    fresh();
    try (var proxy = FaultProxy.start(emulator.endpoint())) {
      var apply = apply(proxy);
      assertThat(apply.exitCode(RUN_LIMIT)).as(apply.output()).isZero();
      apply.forget();
      return (int) proxy.counts().forwardedMutations();
    }
  }

  private void killedAfter(int k) {
    fresh();
    try (var proxy = FaultProxy.start(emulator.endpoint())) {
      var child = new CompletableFuture<ReconcilerProcess>();
      var killedAfter = new AtomicReference<String>();
      proxy.watchMutations((call, number) -> {
        if (number == k) {
          killedAfter.set(call.name());
          child.join().kill();
        }
        return number < k; // calls in flight when it died are done by AWS, their answers lost with the process
      });
      var first = apply(proxy);
      child.complete(first);
      var exit = first.exitCode(RUN_LIMIT);
      assertThat(killedAfter.get()).as("the apply made %d mutating calls; its output:\n%s", k, first.output())
          .isNotNull();
      assertThat(exit).as("killed by SIGKILL").isEqualTo(137);
      first.forget();
      proxy.watchMutations(null);

      var restarted = apply(proxy);
      var restartedExit = restarted.exitCode(RUN_LIMIT);
      var inventory = OwnedInventory.of(emulator, "hello");
      var duplicates = OwnedInventory.beyond(inventory, OwnedInventory.HELLO_CONVERGED);
      var missing = OwnedInventory.beyond(OwnedInventory.HELLO_CONVERGED, inventory);
      ChaosReport.row("crash-points", HEADER, List.of(k, killedAfter.get(), restartedExit,
          duplicates.isEmpty() ? "0" : String.join(", ", duplicates), missing.isEmpty() ? "0" : String.join(", ", missing)));

      assertThat(restartedExit).as(restarted.output()).isZero();
      restarted.forget();
      assertThat(OwnedInventory.text(inventory)).as("killed after %s (mutating call %d)", killedAfter.get(), k)
          .isEqualTo(OwnedInventory.text(OwnedInventory.HELLO_CONVERGED));
      var plan = plan();
      assertThat(plan.hasChanges()).as("Synced: a plan finds nothing to do; it finds:%n%s",
          new io.ecsreconciler.plan.TextPlanRenderer().render(plan)).isFalse();
    }
  }

  private static ReconcilerProcess apply(FaultProxy proxy) {
    return ReconcilerProcess.start(proxy.uri(), "apply", "--ready-timeout", "PT30S", "--poll-interval", "PT0.2S",
        HELLO);
  }

  /** An empty emulator with the image pushed, as before a first deployment. */
  private void fresh() {
    emulator.reset();
    EcrImages.push(emulator, "1.0.0");
  }

  private io.ecsreconciler.plan.Plan plan() {
    try {
      var spec = new StackLoader().load(Path.of(HELLO), Files.readString(Path.of(HELLO))).stack().orElseThrow();
      return StackPass.run(spec, emulator.clients(), StackPass.Options.of(StackPass.Goal.PLAN),
          StackPass.Progress.SILENT).plan();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
