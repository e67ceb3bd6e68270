package io.ecsreconciler.engine;

/**
 * What a pass may do beyond creating and updating.
 *
 * @param prune             delete owned resources the desired state no longer declares
 * @param maxDeletesPerPass the delete guard: more deletes than this in one pass are refused (a typo in the YAML
 *                          must not take a stack down) unless {@code allowMassDelete}
 * @param allowMassDelete   lift the delete guard for this pass (an explicit operator decision)
 * @param allowReplace      delete and re-create resources whose immutable fields changed; off, the plan says why not
 */
public record Policy(boolean prune, int maxDeletesPerPass, boolean allowMassDelete, boolean allowReplace) {

  public static final Policy DEFAULT = new Policy(true, 5, false, false);
}
