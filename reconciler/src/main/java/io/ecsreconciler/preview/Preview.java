package io.ecsreconciler.preview;

import io.ecsreconciler.plan.Plan;
import java.util.List;

/**
 * What merging a ref would change: the plan of every stack of the desired state at that ref against live AWS,
 * and what could not be planned.
 *
 * @param ref      as asked: a branch, a tag, a full ref name or a commit id
 * @param revision the commit id the ref stood at when it was read
 * @param source   what was read, without secrets ({@code git https://host/repo.git feature:desired-state})
 * @param plans    one per valid stack, as {@code plan} makes them
 * @param problems every problem of every invalid file, {@code file:line:column: field: problem}, the paths relative
 *                 to the repository; those files are not planned, and the controller would change nothing for them
 * @param errors   valid stacks that could not be planned (AWS unreachable, access denied), one line each
 */
public record Preview(String ref, String revision, String source, List<Plan> plans, List<String> problems,
                      List<String> errors) {

  public Preview {
    plans = List.copyOf(plans);
    problems = List.copyOf(problems);
    errors = List.copyOf(errors);
  }

  public boolean hasChanges() {
    return plans.stream().anyMatch(Plan::hasChanges);
  }

  /** Exit code of {@code plan --git-url}, the same as {@code plan}'s: 1 invalid file or AWS error, 2 changes, 0. */
  public int exitCode() {
    if (!problems.isEmpty() || !errors.isEmpty()) {
      return Plan.EXIT_ERROR;
    }
    return hasChanges() ? Plan.EXIT_CHANGES : Plan.EXIT_NO_CHANGES;
  }

  /** The commit id as people quote it. */
  public String shortRevision() {
    return revision.length() > 12 ? revision.substring(0, 12) : revision;
  }
}
