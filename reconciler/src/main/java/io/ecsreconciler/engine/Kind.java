package io.ecsreconciler.engine;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One AWS kind, as the engine sees it (compare crossplane-runtime's {@code ExternalClient}). Observing never
 * modifies anything; absent is a value (no map entry), not an exception. What a kind can do beyond observing is
 * declared by the capability interfaces it implements ({@link Creator}, {@link Updater}, {@link Deleter}).
 *
 * @param <S> the record of fields this project manages for the kind; desired and observed alike
 */
public interface Kind<S extends Record> {

  /** The kind part of the resource keys it owns ({@code subnet}). */
  String name();

  /** The state record type, so the engine can match desired resources to their kind safely. */
  Class<S> stateType();

  /**
   * Everything of this kind that the stack owns (found by its ownership tags, or adopted by name), keyed by the
   * resource key recorded on it. One batched call per kind where the API allows.
   */
  Map<ResourceKey, Observed<S>> observe(Stack stack);

  /**
   * True when an update gives the resource a new identity, as registering a task definition revision does: its
   * dependents then change too, even though their own plan line said nothing.
   */
  default boolean updateChangesIdentity() {
    return false;
  }

  /**
   * Fields the engine must leave as they are, given what was observed and what is desired; {@link Hold#NONE} when
   * nothing is held. Asked while planning and again right before an update.
   */
  default Hold hold(Observed<S> actual, S desired) {
    return Hold.NONE;
  }

  /**
   * After observing: a resource that holds the name this kind would create its resource under without being the
   * stack's (an untagged load balancer of the same name), described for the plan. It is never modified, adopted
   * or deleted: creating over it is blocked.
   */
  default Optional<String> nameTakenBy() {
    return Optional.empty();
  }

  /** Fields AWS cannot change in place: a difference there means delete and create again. */
  default Set<String> immutableFields() {
    return Set.of();
  }
}
