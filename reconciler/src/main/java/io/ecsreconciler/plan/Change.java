package io.ecsreconciler.plan;

import io.ecsreconciler.engine.Delta;
import io.ecsreconciler.engine.Hold;
import io.ecsreconciler.engine.ResourceKey;
import java.util.List;

/**
 * One line of a plan: a resource, what will happen to it, the field-level deltas behind an update or replace,
 * and the reason where the action alone does not say it (which immutable field forces a replace).
 *
 * @param wave  the dependency wave the resource is applied in (deletes run the waves backwards)
 * @param error why the change cannot be made (a failed precondition, a policy refusal); empty when it can.
 *              A blocked change is not attempted, and neither is anything that depends on it.
 * @param hold  deltas that are left as they are, and why (a rolled-back rollout); the other deltas are applied
 */
public record Change(ResourceKey key, Action action, List<Delta> deltas, String reason, int wave, String error,
                     Hold hold) {

  public Change {
    deltas = List.copyOf(deltas);
  }

  public Change(ResourceKey key, Action action, List<Delta> deltas, String reason, int wave) {
    this(key, action, deltas, reason, wave, "", Hold.NONE);
  }

  public boolean blocked() {
    return !error.isEmpty();
  }

  /** True when some of the deltas are held. */
  public boolean held() {
    return deltas.stream().anyMatch(delta -> hold.holds(delta.path()));
  }

  /** True when every delta is held: nothing of this change will be made. */
  public boolean onlyHeld() {
    return !deltas.isEmpty() && deltas.stream().allMatch(delta -> hold.holds(delta.path()));
  }

  public Change blockedBy(String why) {
    return new Change(key, action, deltas, reason, wave, why, hold);
  }

  public Change withHold(Hold newHold) {
    return new Change(key, action, deltas, reason, wave, error, newHold);
  }
}
