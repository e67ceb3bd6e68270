package io.ecsreconciler.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeSet;

/**
 * The desired resources of one stack ordered by their declared dependencies into waves: every resource comes
 * in a later wave than all it depends on, and the resources of one wave are independent of each other (so they
 * can be applied in parallel). Deleting walks the waves backwards.
 */
public final class ResourceGraph {

  private final Map<ResourceKey, DesiredResource<?>> resources = new LinkedHashMap<>();
  private final List<List<ResourceKey>> waves;

  private ResourceGraph(List<DesiredResource<?>> desired) {
    for (var resource : desired) {
      if (resources.putIfAbsent(resource.key(), resource) != null) {
        throw new IllegalArgumentException("resource " + resource.key() + " is declared twice");
      }
    }
    for (var resource : desired) {
      for (var dependency : resource.dependsOn()) {
        if (!resources.containsKey(dependency)) {
          throw new IllegalArgumentException(resource.key() + " depends on " + dependency + ", which is not declared");
        }
      }
    }
    waves = layer();
  }

  public static ResourceGraph of(List<DesiredResource<?>> desired) {
    return new ResourceGraph(desired);
  }

  public List<List<ResourceKey>> waves() {
    return waves;
  }

  public DesiredResource<?> get(ResourceKey key) {
    return resources.get(key);
  }

  public boolean contains(ResourceKey key) {
    return resources.containsKey(key);
  }

  public int size() {
    return resources.size();
  }

  /** True when some declared resource needs this one: only then must it be ready before the next wave. */
  public boolean hasDependents(ResourceKey key) {
    return resources.values().stream().anyMatch(r -> r.dependsOn().contains(key));
  }

  /**
   * The wave a key is (or would be) in, for ordering deletes: a key no longer declared ranks with the latest
   * wave of its kind, so a removed subnet still goes after the load balancer that used it. Empty when no resource
   * of its kind is declared at all.
   */
  public OptionalInt rank(ResourceKey key) {
    for (int wave = waves.size() - 1; wave >= 0; wave--) {
      if (waves.get(wave).stream().anyMatch(k -> k.kind().equals(key.kind()))) {
        return OptionalInt.of(wave);
      }
    }
    return OptionalInt.empty();
  }

  /** Kahn's algorithm by levels; keys sorted within a wave so plans print the same way every time. */
  private List<List<ResourceKey>> layer() {
    var placed = new TreeSet<ResourceKey>();
    var result = new ArrayList<List<ResourceKey>>();
    while (placed.size() < resources.size()) {
      var wave = new TreeSet<ResourceKey>();
      for (var resource : resources.values()) {
        if (!placed.contains(resource.key()) && placed.containsAll(resource.dependsOn())) {
          wave.add(resource.key());
        }
      }
      if (wave.isEmpty()) {
        var stuck = resources.keySet().stream().filter(k -> !placed.contains(k)).toList();
        throw new IllegalArgumentException("dependency cycle among " + stuck);
      }
      placed.addAll(wave);
      result.add(List.copyOf(wave));
    }
    return List.copyOf(result);
  }
}
