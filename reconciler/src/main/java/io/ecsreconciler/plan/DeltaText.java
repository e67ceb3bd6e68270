package io.ecsreconciler.plan;

import io.ecsreconciler.engine.Delta;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;

/**
 * How a delta reads in a plan: a scalar as {@code old -> new}; a list or map as what is added and removed
 * ({@code ingress: +443/tcp 10.0.0.0/8, -80/tcp 0.0.0.0/0}), which says more than two long lists.
 */
public final class DeltaText {

  private DeltaText() {
  }

  public static String describe(Delta delta) {
    return delta.path() + ": " + change(delta.actual(), delta.desired());
  }

  static String change(Object actual, Object desired) {
    if (actual instanceof Collection<?> before && desired instanceof Collection<?> after) {
      return setChange(before, after);
    }
    if (actual instanceof Map<?, ?> before && desired instanceof Map<?, ?> after) {
      var parts = new ArrayList<String>();
      after.forEach((key, value) -> {
        if (!Objects.equals(before.get(key), value)) {
          parts.add("+" + key + "=" + value);
        }
      });
      before.forEach((key, value) -> {
        if (!Objects.equals(after.get(key), value)) {
          parts.add("-" + key + "=" + value);
        }
      });
      return String.join(", ", parts);
    }
    return actual + " -> " + desired;
  }

  private static String setChange(Collection<?> before, Collection<?> after) {
    var parts = new ArrayList<String>();
    after.stream().filter(item -> !before.contains(item)).forEach(item -> parts.add("+" + item));
    before.stream().filter(item -> !after.contains(item)).forEach(item -> parts.add("-" + item));
    return parts.isEmpty() ? "reordered: " + before + " -> " + after : String.join(", ", parts);
  }
}
