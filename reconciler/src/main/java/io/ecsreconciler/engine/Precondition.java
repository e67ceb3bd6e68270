package io.ecsreconciler.engine;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * Something that must hold before a resource is created or changed, checked while planning (with read calls)
 * and only when that resource is about to change: the image tag must exist before a task definition names it.
 *
 * @param problem empty when the change may go ahead, else what stands in its way
 */
public record Precondition(ResourceKey guards, Supplier<Optional<String>> problem) {}
