package io.ecsreconciler.engine;

import java.util.Map;

/**
 * What a kind found in AWS for one resource: its physical id, its state normalized to the same record type as
 * the desired state (AWS defaults filled in, so that {@code equals} means "nothing to do"), the outputs that
 * dependents consume (ids, ARNs, DNS names), and whether it is ready for them.
 *
 * @param owned false for a resource the stack uses without owning it (an adopted ECR repository): it is never
 *              deleted, not even by destroy
 */
public record Observed<S extends Record>(String id, S state, Map<String, String> outputs, boolean ready,
                                         boolean owned) {

  public Observed {
    outputs = Map.copyOf(outputs);
  }

  public Observed(String id, S state, Map<String, String> outputs, boolean ready) {
    this(id, state, outputs, ready, true);
  }

  public static <S extends Record> Observed<S> ready(String id, S state, Map<String, String> outputs) {
    return new Observed<>(id, state, outputs, true);
  }

  public static <S extends Record> Observed<S> adopted(String id, S state, Map<String, String> outputs) {
    return new Observed<>(id, state, outputs, true, false);
  }
}
