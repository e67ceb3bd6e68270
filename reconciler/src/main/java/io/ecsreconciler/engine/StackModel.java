package io.ecsreconciler.engine;

import java.util.List;

/**
 * Everything the engine needs to reconcile one stack, with no AWS types in sight: the kinds to observe (all the
 * kinds the stack may own, so that what is no longer desired is found too), the resources the desired state
 * declares (their graph also orders deletes), and whether owned resources outside it are deleted.
 *
 * @param destroying every owned resource is to be deleted (the {@code destroy} command)
 * @param forgetObservations drops what kinds share within one observation (describe calls several kinds read),
 *                           so that observing again after changes sees AWS, not the previous answer
 */
public record StackModel(Stack stack, List<Kind<?>> kinds, List<DesiredResource<?>> declared,
                         List<Precondition> preconditions, Policy policy, boolean destroying,
                         Runnable forgetObservations) {

  public StackModel {
    kinds = List.copyOf(kinds);
    declared = List.copyOf(declared);
    preconditions = List.copyOf(preconditions);
  }

  public StackModel(Stack stack, List<Kind<?>> kinds, List<DesiredResource<?>> declared) {
    this(stack, kinds, declared, List.of(), Policy.DEFAULT, false, () -> { });
  }

  public StackModel withPolicy(Policy newPolicy) {
    return new StackModel(stack, kinds, declared, preconditions, newPolicy, destroying, forgetObservations);
  }

  /** What this pass converges to: nothing at all when destroying. */
  public List<DesiredResource<?>> desired() {
    return destroying ? List.of() : declared;
  }

  public StackModel withPreconditions(List<Precondition> newPreconditions) {
    return new StackModel(stack, kinds, declared, newPreconditions, policy, destroying, forgetObservations);
  }

  public StackModel forDestroy() {
    return new StackModel(stack, kinds, declared, preconditions, policy, true, forgetObservations);
  }
}
