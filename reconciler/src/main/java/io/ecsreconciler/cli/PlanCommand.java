package io.ecsreconciler.cli;

import io.ecsreconciler.pass.StackPass;
import io.ecsreconciler.plan.Plan;
import io.ecsreconciler.plan.PlanRenderer;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "plan", description = "Shows what apply would change, observing AWS with read calls only: of local "
    + "files, or with --git-url and --ref of a branch, tag, commit or pull request of a repository (a preview). "
    + "Exit 0: nothing to do; 2: changes (blocked ones are marked !); 1: an invalid file, an AWS error or an unknown "
    + "ref (other stacks are still planned).")
final class PlanCommand implements Callable<Integer> {

  @Parameters(arity = "0..*", paramLabel = "FILE_OR_DIR",
      description = "YAML files, or folders of them (or --git-url with --ref instead)")
  List<Path> paths = List.of();

  @Option(names = "--format", defaultValue = "text", description = "text, json or markdown (for pull requests)")
  PlanRenderer.Format format;

  @Mixin
  GitRefOptions git;

  @Mixin
  AwsOptions aws;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    var out = spec.commandLine().getOut();
    var err = spec.commandLine().getErr();
    if (git.given()) {
      if (!paths.isEmpty()) {
        throw new ParameterException(spec.commandLine(), "FILE_OR_DIR and --git-url are mutually exclusive: plan "
            + "local files, or a ref of a repository");
      }
      var incomplete = git.incomplete();
      if (incomplete.isPresent()) {
        throw new ParameterException(spec.commandLine(), incomplete.get());
      }
      return PlanAtRef.run(git, format, aws, System::getenv, out, err);
    }
    if (paths.isEmpty()) {
      throw new ParameterException(spec.commandLine(), "nothing to plan: give FILE_OR_DIR..., or --git-url URL "
          + "--ref REF");
    }
    var loaded = StackCommandSupport.load(paths, err);
    var outcome = StackCommandSupport.run(loaded, aws, StackPass.Options.of(StackPass.Goal.PLAN), out, err, r -> { });
    var plans = outcome.results().stream().map(StackPass.Result::plan).toList();
    out.print(PlanRenderer.forFormat(format).render(plans));
    out.flush();
    StackCommandSupport.reportBlocked(plans, err);
    if (!outcome.allValid() || !outcome.allReached()) {
      return Plan.EXIT_ERROR;
    }
    return plans.stream().anyMatch(Plan::hasChanges) ? Plan.EXIT_CHANGES : Plan.EXIT_NO_CHANGES;
  }
}
