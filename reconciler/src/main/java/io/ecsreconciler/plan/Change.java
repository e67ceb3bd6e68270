package io.ecsreconciler.plan;

import io.ecsreconciler.engine.Delta;
import io.ecsreconciler.engine.ResourceKey;
import java.util.List;

/**
 * One line of a plan: a resource, what will happen to it, the field-level deltas behind an update or replace,
 * and the reason where the action alone does not say it (which immutable field forces a replace).
 *
 * @param wave the dependency wave the resource is applied in (deletes run the waves backwards)
 */
public record Change(ResourceKey key, Action action, List<Delta> deltas, String reason, int wave) {

  public Change {
    deltas = List.copyOf(deltas);
  }
}
