package io.ecsreconciler.engine;

import io.ecsreconciler.plan.Action;
import io.ecsreconciler.plan.Change;
import io.ecsreconciler.plan.Plan;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Carries out a plan: creates and updates wave by wave (a wave's resources in parallel, on virtual threads),
 * waits a bounded time for what later waves depend on to be ready, then deletes in reverse dependency order.
 * A failure stops that resource and everything that depends on it, not its independent neighbours. Nothing is
 * remembered between passes: a crashed apply is finished by the next one, which observes afresh.
 */
public final class Applier {

  /** How one resource ended. */
  public enum Status {
    DONE, PROGRESSING, FAILED, SKIPPED,
    /** Nothing was changed because every difference is held (see {@link Hold}): not a failure. */
    HELD
  }

  public record Outcome(ResourceKey key, Action action, Status status, Duration took, String detail) {}

  /** Progress as it happens, for the CLI and the controller's events. */
  public interface Listener {
    Listener SILENT = outcome -> { };

    void finished(Outcome outcome);
  }

  /**
   * @param readinessTimeout how long to wait for a resource that later waves need before giving up on them
   * @param pollInterval     how often to observe again while waiting
   */
  public record Options(Duration readinessTimeout, Duration pollInterval) {
    public static final Options DEFAULT = new Options(Duration.ofMinutes(10), Duration.ofSeconds(5));
  }

  private final Options options;

  public Applier(Options options) {
    this.options = options;
  }

  public List<Outcome> apply(StackModel model, Plan plan, Planner.Observation observation, Listener listener) {
    var kinds = new HashMap<String, Kind<?>>();
    model.kinds().forEach(kind -> kinds.put(kind.name(), kind));
    var graph = ResourceGraph.of(model.desired());
    var outputs = new ConcurrentHashMap<ResourceKey, Map<String, String>>();
    observation.resources().forEach((key, observed) -> outputs.put(key, observed.outputs()));
    var failed = ConcurrentHashMap.<ResourceKey>newKeySet();
    var outcomes = new ArrayList<Outcome>();

    var byWave = new HashMap<Integer, List<Change>>();
    plan.changes().stream().filter(c -> c.action() != Action.DELETE && c.action().changes())
        .forEach(c -> byWave.computeIfAbsent(c.wave(), w -> new ArrayList<>()).add(c));
    var notReady = new HashSet<ResourceKey>();
    observation.resources().forEach((key, observed) -> {
      if (!observed.ready()) {
        notReady.add(key);
      }
    });
    for (int wave = 0; wave < graph.waves().size(); wave++) {
      var changes = byWave.getOrDefault(wave, List.of());
      var waveOutcomes = runParallel(changes, change -> {
        if (change.blocked()) {
          return new Outcome(change.key(), change.action(), Status.FAILED, Duration.ZERO, change.error());
        }
        var desired = graph.get(change.key());
        var blocked = desired.dependsOn().stream().filter(d -> failed.contains(d) || notReady.contains(d)).toList();
        if (!blocked.isEmpty()) {
          return new Outcome(change.key(), change.action(), Status.SKIPPED, Duration.ZERO, "waiting for " + blocked);
        }
        return converge(model.stack(), kinds.get(change.key().kind()), desired, change,
            observation.resources().get(change.key()), new Inputs(outputs), outputs);
      }, listener);
      for (var outcome : waveOutcomes) {
        switch (outcome.status()) {
          case FAILED, SKIPPED -> failed.add(outcome.key());
          case PROGRESSING -> notReady.add(outcome.key());
          case DONE, HELD -> { }
        }
      }
      outcomes.addAll(waveOutcomes);
      awaitReady(model, graph, wave, outputs, notReady);
    }
    outcomes.addAll(deleteInReverse(model, plan, observation, kinds, listener));
    return outcomes;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private Outcome converge(Stack stack, Kind kind, DesiredResource desired, Change change, Observed actual,
                           Inputs inputs, Map<ResourceKey, Map<String, String>> outputs) {
    var started = Instant.now();
    try {
      var want = (Record) desired.desiredWith(inputs);
      Observed<?> result;
      switch (change.action()) {
        case CREATE -> result = creator(kind).create(stack, change.key(), want);
        case UPDATE -> {
          want = (Record) desired.desiredWith(inputs, (Record) actual.state());
          // Re-diffed with this apply's inputs: a dependency may have changed since the plan, or not at all.
          var hold = kind.hold(actual, want);
          var deltas = Delta.between(want, (Record) actual.state()).stream()
              .filter(delta -> !hold.holds(delta.path())).toList();
          if (deltas.isEmpty()) {
            return hold.none()
                ? new Outcome(change.key(), change.action(), Status.DONE, Duration.ZERO, "nothing left to change")
                : new Outcome(change.key(), change.action(), Status.HELD, Duration.ZERO, hold.why());
          }
          result = updater(kind).update(stack, change.key(), actual, want, deltas);
        }
        case REPLACE -> {
          deleter(kind).delete(stack, change.key(), actual);
          result = creator(kind).create(stack, change.key(), want);
        }
        default -> throw new IllegalStateException("not a forward action: " + change.action());
      }
      outputs.put(change.key(), result.outputs());
      var status = result.ready() ? Status.DONE : Status.PROGRESSING;
      return new Outcome(change.key(), change.action(), status, Duration.between(started, Instant.now()), "");
    } catch (RuntimeException e) {
      return new Outcome(change.key(), change.action(), Status.FAILED, Duration.between(started, Instant.now()),
          String.valueOf(e.getMessage()));
    }
  }

  /**
   * Waits, bounded, until what this wave made is ready for the resources that depend on it; leaves nothing
   * depends on (the ECS service) are reported as progressing rather than waited for.
   */
  private void awaitReady(StackModel model, ResourceGraph graph, int wave, Map<ResourceKey, Map<String, String>> outputs,
                          Set<ResourceKey> notReady) {
    // Readiness is re-observed only when something reported not ready: in the common case this costs no call.
    var needed = new HashSet<ResourceKey>();
    for (var key : graph.waves().get(wave)) {
      if (notReady.contains(key) && graph.hasDependents(key)) {
        needed.add(key);
      }
    }
    var deadline = Instant.now().plus(options.readinessTimeout());
    while (!needed.isEmpty() && Instant.now().isBefore(deadline)) {
      sleep(options.pollInterval());
      model.forgetObservations().run();
      for (var kind : model.kinds()) {
        if (needed.stream().anyMatch(k -> k.kind().equals(kind.name()))) {
          kind.observe(model.stack()).forEach((key, observed) -> {
            if (observed.ready()) {
              needed.remove(key);
              notReady.remove(key);
              outputs.put(key, observed.outputs());
            }
          });
        }
      }
    }
  }

  /** Deletes rank by the wave the resource had in the declared graph: children before their parents. */
  private List<Outcome> deleteInReverse(StackModel model, Plan plan, Planner.Observation observation,
                                        Map<String, Kind<?>> kinds, Listener listener) {
    var byRank = new java.util.TreeMap<Integer, List<Change>>(Comparator.reverseOrder());
    var outcomes = new ArrayList<Outcome>();
    for (var change : plan.changes()) {
      if (change.action() == Action.DELETE && change.blocked()) {
        var refused = new Outcome(change.key(), Action.DELETE, Status.FAILED, Duration.ZERO, change.error());
        listener.finished(refused);
        outcomes.add(refused);
      } else if (change.action() == Action.DELETE) {
        byRank.computeIfAbsent(change.wave(), r -> new ArrayList<>()).add(change);
      }
    }
    for (var changes : byRank.values()) {
      outcomes.addAll(runParallel(changes, change -> delete(model.stack(), kinds.get(change.key().kind()), change,
          observation.resources().get(change.key())), listener));
    }
    return outcomes;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Outcome delete(Stack stack, Kind kind, Change change, Observed actual) {
    var started = Instant.now();
    try {
      deleter(kind).delete(stack, change.key(), actual);
      return new Outcome(change.key(), Action.DELETE, Status.DONE, Duration.between(started, Instant.now()), "");
    } catch (RuntimeException e) {
      return new Outcome(change.key(), Action.DELETE, Status.FAILED, Duration.between(started, Instant.now()),
          String.valueOf(e.getMessage()));
    }
  }

  private static List<Outcome> runParallel(List<Change> changes, java.util.function.Function<Change, Outcome> step,
                                           Listener listener) {
    var outcomes = new ArrayList<Outcome>();
    try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
      var futures = new ArrayList<Future<Outcome>>();
      for (var change : changes) {
        futures.add(executor.submit(() -> {
          var outcome = step.apply(change);
          listener.finished(outcome);
          return outcome;
        }));
      }
      for (var future : futures) {
        outcomes.add(future.get());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while applying", e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    }
    return outcomes;
  }

  @SuppressWarnings("rawtypes")
  private static Creator creator(Kind<?> kind) {
    if (kind instanceof Creator<?> creator) {
      return creator;
    }
    throw new UnsupportedOperationException(kind.name() + " cannot be created by the reconciler");
  }

  @SuppressWarnings("rawtypes")
  private static Updater updater(Kind<?> kind) {
    if (kind instanceof Updater<?> updater) {
      return updater;
    }
    throw new UnsupportedOperationException(kind.name() + " cannot be changed in place");
  }

  @SuppressWarnings("rawtypes")
  private static Deleter deleter(Kind<?> kind) {
    if (kind instanceof Deleter<?> deleter) {
      return deleter;
    }
    throw new UnsupportedOperationException(kind.name() + " cannot be deleted by the reconciler");
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for readiness", e);
    }
  }
}
