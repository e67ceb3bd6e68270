package io.ecsreconciler.cli;

import io.ecsreconciler.aws.ApiCallCounter;
import io.ecsreconciler.aws.AwsClients;
import io.ecsreconciler.desired.StackSpec;
import io.ecsreconciler.engine.Applier;
import io.ecsreconciler.pass.StackPass;
import io.ecsreconciler.resource.RegionLook;
import io.ecsreconciler.rollout.Deployment;
import io.ecsreconciler.rollout.PostDeployCheck;
import io.ecsreconciler.rollout.RolloutStatus;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;

/**
 * One row of the bench: N stacks from an empty account to converged and healthy, then steady passes as the
 * controller makes them (one look at the region per pass for all stacks, each stack's last healthy deployment
 * kept), counted per operation and timed, with the CPU the emulator and this process spent meanwhile.
 */
final class BenchRow {

  private static final Applier.Options QUICK = new Applier.Options(Duration.ofSeconds(10), Duration.ofMillis(200));

  /** What one row measured. {@code healthy} is empty when the rollouts did not all finish in time. */
  record Result(int stacks, Duration converged, Optional<Duration> healthy, Duration steadyPass, double readsPerPass,
                double mutationsPerPass, Optional<Duration> emulatorCpuPerPass, Duration reconcilerCpuPerPass,
                Map<ApiCallCounter.Call, Long> callsPerPass, int passes) {}

  private final List<StackSpec> stacks;
  private final AwsClients clients;
  private final int parallel;
  private final Optional<Long> emulatorPid;
  private final PrintWriter err;
  private final Map<String, String> healthyBefore = new ConcurrentHashMap<>();

  BenchRow(List<StackSpec> stacks, AwsClients clients, int parallel, Optional<Long> emulatorPid, PrintWriter err) {
    this.stacks = stacks;
    this.clients = clients;
    this.parallel = parallel;
    this.emulatorPid = emulatorPid;
    this.err = err;
  }

  Result measure(int passes, Duration healthyTimeout) {
    long started = System.nanoTime();
    passAll(StackPass.Goal.APPLY);
    var converged = Duration.ofNanos(System.nanoTime() - started);
    var healthy = untilHealthy(started, healthyTimeout);
    var counter = clients.counter();
    counter.reset();
    var emulatorBefore = emulatorPid.flatMap(ProcessCpu::of);
    var selfBefore = ProcessCpu.self();
    long steadyStarted = System.nanoTime();
    for (int pass = 0; pass < passes; pass++) {
      passAll(StackPass.Goal.APPLY);
    }
    var steady = Duration.ofNanos(System.nanoTime() - steadyStarted).dividedBy(passes);
    var emulatorCpu = emulatorBefore.flatMap(before -> emulatorPid.flatMap(ProcessCpu::of)
        .map(after -> after.minus(before).dividedBy(passes)));
    var selfCpu = ProcessCpu.self().minus(selfBefore).dividedBy(passes);
    var perPass = new java.util.TreeMap<ApiCallCounter.Call, Long>();
    counter.snapshot().forEach((call, count) -> perPass.put(call, count / passes));
    return new Result(stacks.size(), converged, healthy, steady, counter.reads() / (double) passes,
        counter.mutations() / (double) passes, emulatorCpu, selfCpu, perPass, passes);
  }

  /** Passes (as the controller's requeues would) until every rollout is healthy; empty past the timeout. */
  private Optional<Duration> untilHealthy(long started, Duration timeout) {
    var deadline = started + timeout.toNanos();
    while (healthyBefore.size() < stacks.size() && System.nanoTime() < deadline) {
      sleep(Duration.ofSeconds(1));
      passAll(StackPass.Goal.APPLY);
    }
    return healthyBefore.size() < stacks.size() ? Optional.empty()
        : Optional.of(Duration.ofNanos(System.nanoTime() - started));
  }

  /** Destroys every stack of the row (when the emulator cannot simply be reset). */
  void destroy() {
    passAll(StackPass.Goal.DESTROY);
  }

  /** One pass over all stacks, as a controller pass makes it: one look at the region, shared. */
  private void passAll(StackPass.Goal goal) {
    var look = RegionLook.of(clients, stacks.stream().map(StackSpec::name).toList());
    try (var executor = Executors.newFixedThreadPool(Math.max(1, parallel), Thread.ofVirtual().factory())) {
      for (var stack : stacks) {
        executor.submit(() -> pass(stack, look, goal));
      }
    }
  }

  private void pass(StackSpec stack, RegionLook look, StackPass.Goal goal) {
    var rollout = new StackPass.Rollout(false, "bench", PostDeployCheck.direct(), false,
        Optional.ofNullable(healthyBefore.get(stack.name())));
    try {
      var result = StackPass.run(stack, look, new StackPass.Options(goal, true, false, QUICK, rollout),
          StackPass.Progress.SILENT);
      if (!result.succeeded()) {
        err.println("bench: " + goal + " of " + stack.name() + " did not succeed: " + result.outcomes());
      }
      result.rollout().filter(r -> r.phase() == RolloutStatus.Phase.HEALTHY).flatMap(RolloutStatus::deployment)
          .map(Deployment::id).ifPresentOrElse(id -> healthyBefore.put(stack.name(), id),
              () -> healthyBefore.remove(stack.name()));
    } catch (RuntimeException e) {
      err.println("bench: " + goal + " of " + stack.name() + " failed: " + e);
    }
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
