package io.ecsreconciler.engine;

import java.util.Set;

/** The identity part every kind shares: its name, state type and immutable fields, given once. */
public abstract class AbstractKind<S extends Record> implements Kind<S> {

  private final String name;
  private final Class<S> stateType;
  private final Set<String> immutableFields;

  protected AbstractKind(String name, Class<S> stateType, Set<String> immutableFields) {
    this.name = name;
    this.stateType = stateType;
    this.immutableFields = Set.copyOf(immutableFields);
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final Class<S> stateType() {
    return stateType;
  }

  @Override
  public final Set<String> immutableFields() {
    return immutableFields;
  }
}
