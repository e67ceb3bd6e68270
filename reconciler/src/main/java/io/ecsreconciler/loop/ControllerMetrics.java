package io.ecsreconciler.loop;

import io.ecsreconciler.aws.ApiCallCounter;
import io.ecsreconciler.engine.Applier;
import io.ecsreconciler.pass.StackPass;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.ecsreconciler.rollout.RolloutTransitions;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The controller's Prometheus metrics: passes and their duration, drift, changed resources, errors, a sync
 * and a health gauge per stack, and every AWS API call by service, operation and kind (read or mutating).
 */
public final class ControllerMetrics {

  private final MeterRegistry registry;
  private final StatusBoard board;
  private final ApiCallCounter calls;
  private final Set<ApiCallCounter.Call> registeredCalls = ConcurrentHashMap.newKeySet();
  private final Set<String> gaugedStacks = ConcurrentHashMap.newKeySet();

  public ControllerMetrics(MeterRegistry registry, StatusBoard board, ApiCallCounter calls) {
    this.registry = registry;
    this.board = board;
    this.calls = calls;
  }

  void pass(String stack, StackPass.Result result, boolean succeeded, Sync sync, Health health) {
    Counter.builder("reconciler.passes").description("Reconcile passes per stack and outcome")
        .tag("stack", stack).tag("outcome", succeeded ? "success" : "failure").register(registry).increment();
    Timer.builder("reconciler.pass.duration").description("Duration of one stack's pass")
        .tag("stack", stack).publishPercentileHistogram().register(registry).record(result.took());
    if (result.plan().changes().stream().anyMatch(c -> c.action().changes() && !c.onlyHeld())) {
      Counter.builder("reconciler.drift.detected").description("Passes that found AWS differing from the desired state")
          .tag("stack", stack).register(registry).increment();
    }
    for (var outcome : result.outcomes()) {
      if (outcome.status() == Applier.Status.DONE || outcome.status() == Applier.Status.PROGRESSING) {
        Counter.builder("reconciler.resources.changed").description("Resources created, updated, replaced or deleted")
            .tag("stack", stack).tag("action", outcome.action().name().toLowerCase(Locale.ROOT))
            .register(registry).increment();
      }
    }
    if (!succeeded) {
      error(stack, "apply");
    }
    stackGauges(stack);
    apiCalls();
  }

  /** One rollout ended: how, and how long it took from the deployment's start where that is known. */
  void rollout(String stack, RolloutTransitions.Outcome outcome, Optional<Duration> took) {
    var label = outcome.name().toLowerCase(Locale.ROOT);
    Counter.builder("reconciler.rollouts").description("Rollouts of the stack's service by how they ended")
        .tag("stack", stack).tag("outcome", label).register(registry).increment();
    took.ifPresent(duration -> Timer.builder("reconciler.rollout.duration")
        .description("From a deployment's start to its end (completed, failed or rolled back)")
        .tag("stack", stack).tag("outcome", label).register(registry).record(duration));
  }

  void failed(String stack, RuntimeException e) {
    error(stack, e.getClass().getSimpleName());
    stackGauges(stack);
    apiCalls();
  }

  void invalid(String stack) {
    error(stack, "invalid");
    stackGauges(stack);
  }

  void sourceFailed() {
    error("", "source");
  }

  private void error(String stack, String kind) {
    Counter.builder("reconciler.errors").description("Failed passes, invalid files and unreadable sources")
        .tag("stack", stack).tag("kind", kind).register(registry).increment();
  }

  /** One gauge per stack and state, 1 for the current one: easy to alert on and to graph. */
  private void stackGauges(String stack) {
    if (!gaugedStacks.add(stack)) {
      return;
    }
    for (var sync : Sync.values()) {
      Gauge.builder("reconciler.stack.sync", board, b -> b.stack(stack).map(s -> s.sync() == sync ? 1 : 0).orElse(0))
          .description("1 for the stack's current sync status").tag("stack", stack).tag("status", sync.name())
          .register(registry);
    }
    Gauge.builder("reconciler.stack.suspended", board,
            b -> b.stack(stack).map(s -> s.suspension().isPresent() ? 1 : 0).orElse(0))
        .description("1 while an operator has the stack suspended").tag("stack", stack).register(registry);
    for (var health : Health.values()) {
      Gauge.builder("reconciler.stack.health", board,
              b -> b.stack(stack).map(s -> s.health() == health ? 1 : 0).orElse(0))
          .description("1 for the stack's current health").tag("stack", stack).tag("status", health.name())
          .register(registry);
    }
  }

  /** Registers a counter for each AWS operation the first time it is seen; the counter reads the shared tally. */
  void apiCalls() {
    for (var call : calls.snapshot().keySet()) {
      if (registeredCalls.add(call)) {
        FunctionCounter.builder("reconciler.aws.calls", calls, c -> c.snapshot().getOrDefault(call, 0L))
            .description("AWS API calls by service, operation and kind")
            .tag("service", call.service()).tag("operation", call.operation())
            .tag("kind", call.mutating() ? "mutating" : "read").register(registry);
      }
    }
  }
}
