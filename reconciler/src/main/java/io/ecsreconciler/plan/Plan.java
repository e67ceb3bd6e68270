package io.ecsreconciler.plan;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** The outcome of comparing one stack's desired state with what AWS has, before anything is changed. */
public record Plan(String stack, String region, List<Change> changes) {

  /**
   * {@code plan} exits 0 when there is nothing to do, 2 when there are changes (blocked ones included: they are
   * listed with their reason, and {@code apply} refuses them), 1 when a file is invalid or AWS cannot be read.
   */
  public static final int EXIT_NO_CHANGES = 0;
  public static final int EXIT_ERROR = 1;
  public static final int EXIT_CHANGES = 2;

  public Plan {
    changes = List.copyOf(changes);
  }

  public boolean hasChanges() {
    return changes.stream().anyMatch(c -> c.action().changes());
  }

  /** True when some differences are held back (a rolled-back rollout): the stack is not in sync, yet nothing failed. */
  public boolean hasHolds() {
    return changes.stream().anyMatch(Change::held);
  }

  public boolean hasErrors() {
    return changes.stream().anyMatch(Change::blocked);
  }

  public Map<Action, Long> counts() {
    var counts = new EnumMap<Action, Long>(Action.class);
    for (var action : Action.values()) {
      counts.put(action, changes.stream().filter(c -> c.action() == action).count());
    }
    return counts;
  }
}
