package io.ecsreconciler.engine;

import java.util.List;

/**
 * A kind that can change existing resources in place: one modify call per differing field where the API
 * allows (the deltas say which). Fields in {@link Kind#immutableFields()} never reach it: they mean replace.
 */
public interface Updater<S extends Record> {

  Observed<S> update(Stack stack, ResourceKey key, Observed<S> actual, S desired, List<Delta> deltas);
}
