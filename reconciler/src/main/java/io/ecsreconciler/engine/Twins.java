package io.ecsreconciler.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which of a resource's twins (see {@link Found}) is the stack's, decided once every kind is observed. A lost
 * create answer leaves the first resource behind, and the SDK's retry makes the second, which the pass went on to
 * use: the stack's other resources name it (a subnet's {@code vpcId}, a route's gateway, an endpoint's route
 * tables). {@code Found} can only keep the lower id, which is the unused one about half the time; then every
 * dependent wants a replacement (a subnet cannot change VPC), and the used twin cannot be deleted while they are
 * in it: the stack never converges and the twin full of its resources stays. So the twin that more of the other
 * observed resources name is kept, and the rest are the twins to delete; on a tie {@code Found}'s choice stands.
 */
final class Twins {

  private Twins() {
  }

  static Map<ResourceKey, Observed<?>> keepTheUsedOne(Map<ResourceKey, Observed<?>> found) {
    var twinsOf = new HashMap<ResourceKey, List<ResourceKey>>();
    found.keySet().forEach(key -> Found.twinOf(key).filter(found::containsKey)
        .ifPresent(primary -> twinsOf.computeIfAbsent(primary, k -> new ArrayList<>()).add(key)));
    if (twinsOf.isEmpty()) {
      return found;
    }
    var decided = new HashMap<>(found);
    twinsOf.forEach((primary, twins) -> {
      var group = new ArrayList<ResourceKey>(twins);
      group.add(primary);
      var others = found.entrySet().stream().filter(e -> !group.contains(e.getKey())).map(Map.Entry::getValue).toList();
      var candidates = group.stream().map(found::get).toList();
      var kept = candidates.stream().max(Comparator.<Observed<?>>comparingLong(c -> usedBy(others, c.id()))
          .thenComparing(c -> c == found.get(primary))).orElseThrow();
      group.forEach(decided::remove);
      decided.put(primary, kept);
      candidates.stream().filter(c -> c != kept).forEach(c -> decided.put(Found.twinKey(primary, c.id()), c));
    });
    return Map.copyOf(decided);
  }

  /** How many of the resources name this id anywhere in their state. */
  private static long usedBy(List<Observed<?>> resources, String id) {
    return resources.stream().filter(resource -> names(resource.state(), id)).count();
  }

  /** Whether the value is the id, or holds it in a component, an element, a key or a value, at any depth. */
  private static boolean names(Object value, String id) {
    return switch (value) {
      case null -> false;
      case String text -> text.equals(id);
      case Record record -> Arrays.stream(record.getClass().getRecordComponents())
          .anyMatch(component -> names(Delta.value(component, record), id));
      case Collection<?> items -> items.stream().anyMatch(item -> names(item, id));
      case Map<?, ?> map -> map.entrySet().stream().anyMatch(e -> names(e.getKey(), id) || names(e.getValue(), id));
      default -> false;
    };
  }
}
