package io.ecsreconciler.engine;

import java.util.Optional;
import java.util.Set;

/** The identity part every kind shares: its name, state type and immutable fields, given once. */
public abstract class AbstractKind<S extends Record> implements Kind<S> {

  private final String name;
  private final Class<S> stateType;
  private final Set<String> immutableFields;
  private volatile String nameTakenBy;

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

  @Override
  public final Optional<String> nameTakenBy() {
    return Optional.ofNullable(nameTakenBy);
  }

  /** Observing found a resource holding the stack's name without the stack's tags (what it is, for the plan). */
  protected final void nameTaken(String by) {
    nameTakenBy = by;
  }

  /** Observing starts afresh: nothing is known to hold the name. */
  protected final void nameFree() {
    nameTakenBy = null;
  }
}
