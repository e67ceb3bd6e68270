package io.ecsreconciler.engine;

import java.util.List;

/**
 * Everything the engine needs to reconcile one stack, with no AWS types in sight: the kinds to observe (all the
 * kinds the stack may own, so that what is no longer desired is found too), the resources the desired state
 * declares (their graph also orders deletes), and whether owned resources outside it are deleted.
 *
 * @param destroying every owned resource is to be deleted (the {@code destroy} command)
 * @param prune      owned resources no longer declared are deleted; off, they are left alone
 */
public record StackModel(Stack stack, List<Kind<?>> kinds, List<DesiredResource<?>> declared, boolean destroying,
                         boolean prune) {

  public StackModel {
    kinds = List.copyOf(kinds);
    declared = List.copyOf(declared);
  }

  public StackModel(Stack stack, List<Kind<?>> kinds, List<DesiredResource<?>> declared) {
    this(stack, kinds, declared, false, true);
  }

  /** What this pass converges to: nothing at all when destroying. */
  public List<DesiredResource<?>> desired() {
    return destroying ? List.of() : declared;
  }

  public StackModel forDestroy() {
    return new StackModel(stack, kinds, declared, true, true);
  }
}
