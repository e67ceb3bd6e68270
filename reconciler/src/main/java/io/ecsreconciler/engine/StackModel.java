package io.ecsreconciler.engine;

import java.util.List;

/**
 * Everything the engine needs to reconcile one stack, with no AWS types in sight: the kinds to observe (all the
 * kinds the stack may own, so that what is no longer desired is found too) and the resources desired now.
 */
public record StackModel(Stack stack, List<Kind<?>> kinds, List<DesiredResource<?>> desired) {

  public StackModel {
    kinds = List.copyOf(kinds);
    desired = List.copyOf(desired);
  }
}
