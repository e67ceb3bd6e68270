package io.ecsreconciler.preview;

import io.ecsreconciler.aws.AwsClients;
import io.ecsreconciler.desired.StackLoader;
import io.ecsreconciler.desired.StackSpec;
import io.ecsreconciler.pass.StackPass;
import io.ecsreconciler.plan.Plan;
import io.ecsreconciler.source.GitSource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.function.Function;

/**
 * Previews a ref of a Git source: reads its desired-state folder at that ref (without moving the branch the
 * source follows), validates every file as the controller would, and plans each valid stack against live AWS
 * with {@link StackPass.Goal#PLAN}: observe and plan only, no mutating call, no rollout watching. Shared by
 * {@code plan --git-url} and the controller's {@code /api/v1/preview}.
 */
public final class PlanPreview {

  private final GitSource source;
  private final Function<String, AwsClients> clientsForRegion;
  private final StackLoader loader = new StackLoader();

  /** @param clientsForRegion the AWS clients of a region (the controller's shared ones, or the command's) */
  public PlanPreview(GitSource source, Function<String, AwsClients> clientsForRegion) {
    this.source = source;
    this.clientsForRegion = clientsForRegion;
  }

  /**
   * @throws IllegalArgumentException when {@code ref} is no valid ref name, or an ambiguous commit abbreviation
   * @throws io.ecsreconciler.source.SourceNotFoundException    when nothing answers to it, or the folder is missing
   * @throws io.ecsreconciler.source.SourceUnavailableException when Git cannot be read
   */
  public Preview of(String ref) {
    var snapshot = source.readAt(ref);
    var texts = new LinkedHashMap<Path, String>();
    snapshot.files().forEach(file -> texts.put(file.path(), file.content()));
    var problems = new ArrayList<String>();
    var valid = new ArrayList<StackSpec>();
    for (var result : loader.loadTexts(texts)) {
      result.problems().forEach(problem -> problems.add(problem.toString()));
      result.stack().ifPresent(valid::add);
    }
    var where = source.describeAt(ref);
    if (snapshot.files().isEmpty()) {
      problems.add(where + ": no desired-state files found (expected *.yaml or *.yml)");
    }
    var plans = new ArrayList<Plan>();
    var errors = new ArrayList<String>();
    for (var stack : valid) {
      try {
        var clients = clientsForRegion.apply(stack.region());
        plans.add(StackPass.run(stack, clients, StackPass.Options.of(StackPass.Goal.PLAN), StackPass.Progress.SILENT)
            .plan());
      } catch (RuntimeException e) {
        // As the controller does per stack: one stack's AWS failure does not hide the other stacks' plans.
        errors.add(stack.source() + ": cannot plan stack " + stack.name() + ": " + e.getMessage());
      }
    }
    return new Preview(ref, snapshot.revision(), where, plans, problems, errors);
  }
}
