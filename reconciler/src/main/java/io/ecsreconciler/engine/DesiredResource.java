package io.ecsreconciler.engine;

import java.util.Set;
import java.util.function.BinaryOperator;
import java.util.function.Function;

/**
 * One resource the desired state asks for: its key, the keys it needs (whose outputs are its inputs), and how
 * its desired state follows from those inputs. Order comes from {@code dependsOn} alone.
 *
 * @param live what the desired state leaves to AWS once the resource exists: given the desired and the actual
 *             state, the state to converge to (a scaler's desired count, fields under ignoreDrift). Identity by
 *             default; a create always takes the desired state as it is.
 */
public record DesiredResource<S extends Record>(ResourceKey key, Class<S> stateType, Set<ResourceKey> dependsOn,
                                                Function<Inputs, S> desired, BinaryOperator<S> live) {

  public DesiredResource {
    dependsOn = Set.copyOf(dependsOn);
  }

  public DesiredResource(ResourceKey key, Class<S> stateType, Set<ResourceKey> dependsOn, Function<Inputs, S> desired) {
    this(key, stateType, dependsOn, desired, (want, have) -> want);
  }

  public S desiredWith(Inputs inputs) {
    return desired.apply(inputs);
  }

  /** The desired state of a resource that exists, with what it leaves to AWS taken from the actual one. */
  public S desiredWith(Inputs inputs, S actual) {
    return live.apply(desired.apply(inputs), actual);
  }

  /** The same resource, leaving these more fields to AWS. */
  public DesiredResource<S> leaving(BinaryOperator<S> more) {
    return new DesiredResource<>(key, stateType, dependsOn, desired, (want, have) -> more.apply(live.apply(want, have),
        have));
  }

  /** Copies the named record components of {@code from} into a copy of {@code into}. */
  public static <S extends Record> S withFields(S into, S from, Set<String> fields) {
    var components = into.getClass().getRecordComponents();
    var values = new Object[components.length];
    var types = new Class<?>[components.length];
    try {
      for (int i = 0; i < components.length; i++) {
        var source = fields.contains(components[i].getName()) ? from : into;
        var accessor = components[i].getAccessor();
        accessor.setAccessible(true);
        values[i] = accessor.invoke(source);
        types[i] = components[i].getType();
      }
      var constructor = into.getClass().getDeclaredConstructor(types);
      constructor.setAccessible(true);
      @SuppressWarnings("unchecked")
      var copy = (S) constructor.newInstance(values);
      return copy;
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot copy " + fields + " of " + into.getClass().getSimpleName(), e);
    }
  }
}
