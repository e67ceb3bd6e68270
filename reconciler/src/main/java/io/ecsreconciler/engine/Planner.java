package io.ecsreconciler.engine;

import io.ecsreconciler.plan.Action;
import io.ecsreconciler.plan.Change;
import io.ecsreconciler.plan.Plan;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Observes every kind a stack may own (all kinds at once, on virtual threads: they are independent reads) and
 * compares each desired resource with what was found, wave by wave, so that a resource's inputs are the
 * observed outputs of its dependencies. Never modifies anything.
 */
public final class Planner {

  /** The observed world of one stack: every owned resource by key, whatever its kind. */
  public record Observation(Map<ResourceKey, Observed<?>> resources) {}

  public Observation observe(StackModel model) {
    model.forgetObservations().run();
    var found = new HashMap<ResourceKey, Observed<?>>();
    try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
      var futures = new ArrayList<Future<? extends Map<ResourceKey, ? extends Observed<?>>>>();
      for (var kind : model.kinds()) {
        futures.add(executor.submit(() -> kind.observe(model.stack())));
      }
      for (var future : futures) {
        found.putAll(future.get());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while observing " + model.stack().name(), e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
    }
    return new Observation(Twins.keepTheUsedOne(Map.copyOf(found)));
  }

  public Plan plan(StackModel model, String region) {
    return plan(model, region, observe(model));
  }

  public Plan plan(StackModel model, String region, Observation observation) {
    var graph = ResourceGraph.of(model.desired());
    var order = ResourceGraph.of(model.declared());
    var kinds = new HashMap<String, Kind<?>>();
    model.kinds().forEach(kind -> kinds.put(kind.name(), kind));
    var outputs = new HashMap<ResourceKey, Map<String, String>>();
    observation.resources().forEach((key, observed) -> outputs.put(key, observed.outputs()));
    var inputs = new Inputs(outputs);
    var policy = model.policy();

    var changes = new ArrayList<Change>();
    var renewed = new java.util.HashSet<ResourceKey>();
    var waves = graph.waves();
    for (int wave = 0; wave < waves.size(); wave++) {
      for (var key : waves.get(wave)) {
        var desired = graph.get(key);
        var change = compare(desired, observation.resources().get(key), kinds.get(key.kind()), inputs, wave);
        var follows = desired.dependsOn().stream().filter(renewed::contains).sorted().toList();
        if ((change.action() == Action.NOOP || change.onlyHeld()) && !follows.isEmpty()) {
          // Its inputs are known only after apply: the dependency gets a new identity (and what was held, if
          // anything, is no longer what is desired).
          change = new Change(key, Action.UPDATE, List.of(), "follows the new " + follows.getFirst(), wave);
        }
        var kind = kinds.get(key.kind());
        if (change.action() == Action.CREATE && kind != null && kind.nameTakenBy().isPresent()) {
          change = change.blockedBy(kind.nameTakenBy().get() + " already holds the name and is not the stack's (no "
              + "ownership tags): it is never modified, adopted or deleted; remove or rename it, or rename the stack");
        }
        if (change.action() == Action.REPLACE && !policy.allowReplace()) {
          change = change.blockedBy("replacing is not allowed in this pass (--allow-replace)");
        }
        change = checkPreconditions(model, change);
        // Only a change that will be made gives its dependents a new identity to follow.
        if (!change.blocked() && (change.action() == Action.REPLACE
            || (change.action() == Action.UPDATE && kinds.get(key.kind()).updateChangesIdentity()))) {
          renewed.add(key);
        }
        changes.add(change);
      }
    }
    changes.addAll(deletes(model, observation, kinds, order));
    return new Plan(model.stack().name(), region, changes);
  }

  /**
   * Owned resources outside the desired state, children first. Only kinds that can delete are pruned:
   * read-only ones (the S3 prefix list) are looked at, never owned.
   */
  private static List<Change> deletes(StackModel model, Observation observation, Map<String, Kind<?>> kinds,
                                      ResourceGraph order) {
    var desired = model.desired().stream().map(DesiredResource::key).collect(java.util.stream.Collectors.toSet());
    if (!model.destroying() && !model.policy().prune()) {
      return List.of();
    }
    var reason = model.destroying() ? "destroy" : "no longer desired";
    var kindOrder = model.kinds().stream().map(Kind::name).toList();
    var deletes = observation.resources().keySet().stream()
        .filter(key -> !desired.contains(key))
        .filter(key -> kinds.get(key.kind()) instanceof Deleter<?>)
        .filter(key -> observation.resources().get(key).owned())
        .map(key -> new Change(key, Action.DELETE, List.of(), reason, deleteRank(key, order, kindOrder)))
        .sorted(java.util.Comparator.comparingInt(Change::wave).reversed().thenComparing(Change::key))
        .toList();
    var policy = model.policy();
    // The guard holds for destroy too: a stack destroyed because its file vanished from Git must not slip past
    // it; the destroy command lifts it explicitly.
    if (deletes.size() > policy.maxDeletesPerPass() && !policy.allowMassDelete()) {
      var why = deletes.size() + " deletes exceed maxDeletesPerPass " + policy.maxDeletesPerPass()
          + " (delete guard; allow them explicitly with --allow-mass-delete)";
      return deletes.stream().map(change -> change.blockedBy(why)).toList();
    }
    return deletes;
  }

  /**
   * A delete's rank: the wave its kind has in the declared graph. A kind no longer declared at all (every resource
   * of it left the desired state) has no wave; it goes after every wave, in the order of the stack's kinds, which
   * lists parents before children. So children are still deleted first, and resources of one rank never include a
   * parent and its child (a rank's deletes run in parallel).
   */
  private static int deleteRank(ResourceKey key, ResourceGraph order, List<String> kindOrder) {
    return order.rank(key).orElseGet(() -> order.waves().size() + Math.max(kindOrder.indexOf(key.kind()), 0));
  }

  /** Read calls for preconditions are spent only on resources that are about to change. */
  private static Change checkPreconditions(StackModel model, Change change) {
    if (!change.action().changes() || change.blocked()) {
      return change;
    }
    for (var precondition : model.preconditions()) {
      if (precondition.guards().equals(change.key())) {
        var problem = precondition.problem().get();
        if (problem.isPresent()) {
          return change.blockedBy(problem.get());
        }
      }
    }
    return change;
  }

  @SuppressWarnings("unchecked")
  private static <S extends Record> Change compare(DesiredResource<S> desired, Observed<?> observed, Kind<?> kind,
                                                   Inputs inputs, int wave) {
    if (observed == null) {
      return new Change(desired.key(), Action.CREATE, List.of(), "", wave);
    }
    var have = desired.stateType().cast(observed.state());
    var want = desired.desiredWith(inputs, have);
    var deltas = Delta.between(want, have);
    if (deltas.isEmpty()) {
      return new Change(desired.key(), Action.NOOP, List.of(), "", wave);
    }
    var immutable = kind == null ? List.<String>of()
        : deltas.stream().map(Delta::path).filter(kind.immutableFields()::contains).toList();
    if (!immutable.isEmpty()) {
      return new Change(desired.key(), Action.REPLACE, deltas,
          String.join(", ", immutable) + " cannot change in place", wave);
    }
    var update = new Change(desired.key(), Action.UPDATE, deltas, "", wave);
    return kind == null ? update : update.withHold(((Kind<S>) kind).hold((Observed<S>) observed, want));
  }
}
