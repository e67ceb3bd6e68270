package io.ecsreconciler.engine;

import java.util.Map;

/**
 * The outputs of a resource's dependencies, as observed (or just created) in this pass. A dependency that does
 * not exist yet yields {@link #UNKNOWN}, the way Terraform shows "(known after apply)": the plan can still be
 * made, and the value is filled in once the dependency is created in an earlier wave.
 */
public final class Inputs {

  public static final String UNKNOWN = "(known after apply)";

  private final Map<ResourceKey, Map<String, String>> outputs;

  public Inputs(Map<ResourceKey, Map<String, String>> outputs) {
    this.outputs = outputs;
  }

  public static Inputs none() {
    return new Inputs(Map.of());
  }

  /** The {@code id} output of a dependency. */
  public String id(ResourceKey dependency) {
    return get(dependency, "id");
  }

  public String get(ResourceKey dependency, String output) {
    var of = outputs.get(dependency);
    return of == null ? UNKNOWN : of.getOrDefault(output, UNKNOWN);
  }
}
