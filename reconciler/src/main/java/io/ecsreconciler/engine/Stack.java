package io.ecsreconciler.engine;

import java.util.Map;
import java.util.Optional;

/**
 * The identity a pass works under: the stack's name, which every ownership tag carries. Kinds find what the
 * stack owns by these tags; the reconciler keeps no state file.
 */
public record Stack(String name) {

  public static final String MANAGED_BY_TAG = "managed-by";
  public static final String MANAGED_BY_VALUE = "ecs-reconciler";
  public static final String STACK_TAG = "ecs-reconciler/stack";
  public static final String RESOURCE_TAG = "ecs-reconciler/resource";

  /** The tags every resource the stack creates carries. */
  public Map<String, String> ownershipTags(ResourceKey key) {
    return Map.of(MANAGED_BY_TAG, MANAGED_BY_VALUE, STACK_TAG, name, RESOURCE_TAG, key.toString());
  }

  /** True when these tags say the resource belongs to this stack (and so may be changed or deleted by it). */
  public boolean owns(Map<String, String> tags) {
    return MANAGED_BY_VALUE.equals(tags.get(MANAGED_BY_TAG)) && name.equals(tags.get(STACK_TAG))
        && tags.containsKey(RESOURCE_TAG);
  }

  /** The key an owned resource carries in its tags, or empty when it is not this stack's. */
  public Optional<ResourceKey> ownedKey(Map<String, String> tags) {
    return owns(tags) ? Optional.of(ResourceKey.parse(tags.get(RESOURCE_TAG))) : Optional.empty();
  }
}
