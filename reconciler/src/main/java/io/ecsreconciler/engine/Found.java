package io.ecsreconciler.engine;

import java.util.HashMap;
import java.util.Map;

/**
 * What one kind's observation found, by key. Two resources can carry the same key: a create that AWS carried out
 * but whose answer was lost (a timeout, then the SDK's retry) leaves a twin, tagged like the first. The twin is
 * kept under a key of its own, which no desired resource has, so the plan deletes it instead of leaking it. Which
 * one stays is decided by id, so every pass decides the same way.
 */
public final class Found<S extends Record> {

  static final String TWIN = "~twin-";

  private final Map<ResourceKey, Observed<S>> byKey = new HashMap<>();

  public void add(ResourceKey key, Observed<S> observed) {
    var other = byKey.get(key);
    if (other == null) {
      byKey.put(key, observed);
      return;
    }
    var keep = other.id().compareTo(observed.id()) <= 0 ? other : observed;
    var twin = keep == other ? observed : other;
    byKey.put(key, keep);
    byKey.put(ResourceKey.of(key.kind(), key.name() + TWIN + twin.id()), twin);
  }

  public Map<ResourceKey, Observed<S>> toMap() {
    return Map.copyOf(byKey);
  }
}
