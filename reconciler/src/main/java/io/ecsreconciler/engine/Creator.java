package io.ecsreconciler.engine;

/**
 * A kind that can create its resources. The created resource carries the stack's ownership tags from the
 * moment it exists (tags in the create call itself, never a later tagging call), so that a crash right after a
 * create leaves a resource the next pass finds and adopts instead of a duplicate.
 */
public interface Creator<S extends Record> {

  /** Creates the resource and returns it as observed right after (ready or not). */
  Observed<S> create(Stack stack, ResourceKey key, S desired);
}
