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
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "plan", description = "Shows what apply would change, observing AWS with read calls only. "
    + "Exit 0: nothing to do; 2: changes (blocked ones are marked !); 1: an invalid file or an AWS error "
    + "(other stacks are still planned).")
final class PlanCommand implements Callable<Integer> {

  @Parameters(arity = "1..*", paramLabel = "FILE_OR_DIR", description = "YAML files, or folders of them")
  List<Path> paths;

  @Option(names = "--format", defaultValue = "text", description = "text, json or markdown (for pull requests)")
  PlanRenderer.Format format;

  @Mixin
  AwsOptions aws;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    var out = spec.commandLine().getOut();
    var err = spec.commandLine().getErr();
    var loaded = StackCommandSupport.load(paths, err);
    var outcome = StackCommandSupport.run(loaded, aws, StackPass.Options.of(StackPass.Goal.PLAN), out, err, r -> { });
    var plans = outcome.results().stream().map(StackPass.Result::plan).toList();
    out.print(PlanRenderer.forFormat(format).render(plans));
    out.flush();
    plans.stream().filter(Plan::hasErrors).forEach(plan -> err.println("stack " + plan.stack()
        + ": some changes are blocked (marked !); apply will not make them until the cause is fixed"));
    err.flush();
    if (!outcome.allValid() || !outcome.allReached()) {
      return Plan.EXIT_ERROR;
    }
    return plans.stream().anyMatch(Plan::hasChanges) ? Plan.EXIT_CHANGES : Plan.EXIT_NO_CHANGES;
  }
}
