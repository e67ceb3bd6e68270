package io.ecsreconciler.engine;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** An in-memory kind: what it "observes" is whatever the test put in {@link #existing}. */
final class FakeKind extends AbstractKind<FakeKind.Box> {

  /** A state with one mutable-in-place field and one that is not. */
  record Box(String size, String colour, String parentId) {}

  final Map<ResourceKey, Observed<Box>> existing = new HashMap<>();
  int observeCalls;

  FakeKind(String name) {
    super(name, Box.class, Set.of("size"));
  }

  void put(String name, Box state) {
    var key = ResourceKey.of(name(), name);
    existing.put(key, Observed.ready(name() + "-" + name + "-id", state, Map.of("id", name() + "-" + name + "-id")));
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
