package io.ecsreconciler.engine;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What one kind's observation found, by key. Two resources can carry the same key: a create that AWS carried out
 * but whose answer was lost (a timeout, then the SDK's retry) leaves a twin, tagged like the first. The twin is
 * kept under a key of its own, which no desired resource has, so the plan deletes it instead of leaking it. Which
 * one stays is decided by id here, so every pass decides the same way; once every kind is observed, {@link Twins}
 * keeps the one the stack's other resources use instead, when they use one more than the other.
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
    byKey.put(twinKey(key, twin.id()), twin);
  }

  /** The key a twin of {@code key} with this id is kept under. */
  static ResourceKey twinKey(ResourceKey key, String id) {
    return ResourceKey.of(key.kind(), key.name() + TWIN + id);
  }

  /** For a twin's key, the key of the resource it is a twin of. */
  static Optional<ResourceKey> twinOf(ResourceKey key) {
    var at = key.name().indexOf(TWIN);
    return at < 0 ? Optional.empty() : Optional.of(ResourceKey.of(key.kind(), key.name().substring(0, at)));
  }

  public Map<ResourceKey, Observed<S>> toMap() {
    return Map.copyOf(byKey);
  }
}
