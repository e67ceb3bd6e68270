package io.ecsreconciler.cli;

import io.ecsreconciler.aws.ApiCallCounter;
import io.ecsreconciler.aws.AwsClients;
import io.ecsreconciler.desired.StackLoader;
import io.ecsreconciler.engine.Planner;
import io.ecsreconciler.plan.Plan;
import io.ecsreconciler.plan.TextPlanRenderer;
import io.ecsreconciler.resource.EcsStackResources;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.core.exception.SdkException;

@Command(name = "plan", description = "Shows what apply would change, observing AWS with read calls only. "
    + "Exit 0: nothing to do; 2: changes; 1: an invalid file or an AWS error (other stacks are still planned).")
final class PlanCommand implements Callable<Integer> {

  @Parameters(arity = "1..*", paramLabel = "FILE_OR_DIR", description = "YAML files, or folders of them")
  List<Path> paths;

  @Mixin
  AwsOptions aws;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    var out = spec.commandLine().getOut();
    var err = spec.commandLine().getErr();
    var results = new StackLoader().loadAll(paths);
    // An invalid file is reported and never observed; the valid stacks beside it are still planned.
    boolean allValid = Stacks.report(results, new PrintWriter(Writer.nullWriter()), err);
    int exit = allValid ? Plan.EXIT_NO_CHANGES : Plan.EXIT_ERROR;
    var renderer = new TextPlanRenderer();
    for (var stack : results.stream().flatMap(r -> r.stack().stream()).toList()) {
      try (var clients = AwsClients.create(aws.settingsFor(stack.region()), new ApiCallCounter())) {
        var plan = new Planner().plan(EcsStackResources.model(stack, clients), stack.region());
        out.print(renderer.render(plan));
        out.flush();
        if (plan.hasChanges() && exit == Plan.EXIT_NO_CHANGES) {
          exit = Plan.EXIT_CHANGES;
        }
      } catch (SdkException e) {
        err.println(stack.source() + ": cannot observe stack " + stack.name() + ": " + e.getMessage());
        err.flush();
        exit = Plan.EXIT_ERROR;
      }
    }
    return exit;
  }
}
