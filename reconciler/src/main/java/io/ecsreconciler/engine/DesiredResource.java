package io.ecsreconciler.engine;

import java.util.Set;
import java.util.function.Function;

/**
 * One resource the desired state asks for: its key, the keys it needs (whose outputs are its inputs), and how
 * its desired state follows from those inputs. Order comes from {@code dependsOn} alone.
 */
public record DesiredResource<S extends Record>(ResourceKey key, Class<S> stateType, Set<ResourceKey> dependsOn,
                                                Function<Inputs, S> desired) {

  public DesiredResource {
    dependsOn = Set.copyOf(dependsOn);
  }

  public S desiredWith(Inputs inputs) {
    return desired.apply(inputs);
  }
}
