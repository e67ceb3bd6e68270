package io.ecsreconciler.engine;

/**
 * A kind that can delete what the stack owns. Deleting something already gone is not an error: a pass that
 * crashed half-way through a delete runs it again.
 */
public interface Deleter<S extends Record> {

  void delete(Stack stack, ResourceKey key, Observed<S> actual);
}
