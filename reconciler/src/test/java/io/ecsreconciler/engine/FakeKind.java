package io.ecsreconciler.engine;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** An in-memory kind: what it "observes" is whatever the test put in {@link #existing}. */
class FakeKind extends AbstractKind<FakeKind.Box>
    implements Creator<FakeKind.Box>, Updater<FakeKind.Box>, Deleter<FakeKind.Box> {

  /** A state with one mutable-in-place field and one that is not. */
  record Box(String size, String colour, String parentId) {}

  final Map<ResourceKey, Observed<Box>> existing = new java.util.concurrent.ConcurrentHashMap<>();
  /** Every mutation in the order it happened, across all fake kinds sharing this log. */
  final java.util.List<String> log;
  final java.util.Set<String> failing = new java.util.HashSet<>();
  boolean createsReady = true;
  /** Fields the kind holds (as the ECS service holds a task definition whose rollout failed). */
  volatile Hold holding = Hold.NONE;
  int observeCalls;

  FakeKind(String name, java.util.List<String> log) {
    super(name, Box.class, Set.of("size"));
    this.log = log;
  }

  FakeKind(String name) {
    this(name, java.util.Collections.synchronizedList(new java.util.ArrayList<>()));
  }

  @Override
  public Observed<Box> create(Stack stack, ResourceKey key, Box desired) {
    mutate("create " + key);
    var id = key.kind() + "-" + key.name() + "-id";
    var observed = new Observed<>(id, desired, Map.of("id", id), createsReady);
    existing.put(key, observed);
    return observed;
  }

  @Override
  public Observed<Box> update(Stack stack, ResourceKey key, Observed<Box> actual, Box desired,
                              java.util.List<Delta> deltas) {
    mutate("update " + key + " " + deltas.stream().map(Delta::path).toList());
    var observed = new Observed<>(actual.id(), desired, actual.outputs(), true);
    existing.put(key, observed);
    return observed;
  }

  @Override
  public void delete(Stack stack, ResourceKey key, Observed<Box> actual) {
    mutate("delete " + key);
    existing.remove(key);
  }

  private void mutate(String what) {
    if (failing.stream().anyMatch(what::contains)) {
      throw new IllegalStateException("injected failure: " + what);
    }
    log.add(what);
  }

  void put(String name, Box state) {
    var key = ResourceKey.of(name(), name);
    existing.put(key, Observed.ready(name() + "-" + name + "-id", state, Map.of("id", name() + "-" + name + "-id")));
  }

  @Override
  public Hold hold(Observed<Box> actual, Box desired) {
    return holding;
  }

  @Override
  public Map<ResourceKey, Observed<Box>> observe(Stack stack) {
    observeCalls++;
    return Map.copyOf(existing);
  }

  DesiredResource<Box> desired(String name, Box state, ResourceKey... dependsOn) {
    return new DesiredResource<>(ResourceKey.of(name(), name), Box.class, Set.of(dependsOn), in -> state);
  }

  /** A desired resource whose parentId is the id output of its dependency. */
  DesiredResource<Box> child(String name, String size, ResourceKey parent) {
    return new DesiredResource<>(ResourceKey.of(name(), name), Box.class, Set.of(parent),
        in -> new Box(size, "red", in.id(parent)));
  }
}
