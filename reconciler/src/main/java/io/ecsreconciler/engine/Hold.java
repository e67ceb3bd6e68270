package io.ecsreconciler.engine;

import java.util.Set;

/**
 * Fields of a resource the engine leaves as they are for now, and why: a task definition that ECS rolled back is
 * not rolled out again on every pass. Unlike a blocked change, a hold is not a failure: the rest of the resource
 * (and of the stack) is still converged, and the plan shows what is held and why.
 *
 * @param fields record components of the kind's state that are not to be changed
 */
public record Hold(Set<String> fields, String why) {

  public static final Hold NONE = new Hold(Set.of(), "");

  public Hold {
    fields = Set.copyOf(fields);
  }

  public boolean holds(String field) {
    return fields.contains(field);
  }

  public boolean none() {
    return fields.isEmpty();
  }
}
