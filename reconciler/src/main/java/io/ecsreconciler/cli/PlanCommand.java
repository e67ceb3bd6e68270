package io.ecsreconciler.cli;

import io.ecsreconciler.aws.ApiCallCounter;
import io.ecsreconciler.aws.AwsClients;
import io.ecsreconciler.aws.AwsSettings;
import io.ecsreconciler.desired.StackLoader;
import io.ecsreconciler.engine.Planner;
import io.ecsreconciler.plan.Plan;
import io.ecsreconciler.plan.TextPlanRenderer;
import io.ecsreconciler.resource.EcsStackResources;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.core.exception.SdkException;

@Command(name = "plan", description = "Shows what apply would change, observing AWS with read calls only. "
    + "Exit 0: nothing to do; 2: changes; 1: error.")
final class PlanCommand implements Callable<Integer> {

  @Parameters(arity = "1..*", paramLabel = "FILE_OR_DIR", description = "YAML files, or folders of them")
  List<Path> paths;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    var out = spec.commandLine().getOut();
    var err = spec.commandLine().getErr();
    var results = new StackLoader().loadAll(paths);
    // Invalid input changes nothing and costs no AWS call: validate everything first.
    if (!Stacks.report(results, new java.io.PrintWriter(java.io.Writer.nullWriter()), err)) {
      return Plan.EXIT_ERROR;
    }
    int exit = Plan.EXIT_NO_CHANGES;
    var renderer = new TextPlanRenderer();
    for (var result : results) {
      var stack = result.stack().orElseThrow();
      try (var aws = AwsClients.create(AwsSettings.forRegion(stack.region()), new ApiCallCounter())) {
        var plan = new Planner().plan(EcsStackResources.model(stack, aws), stack.region());
        out.print(renderer.render(plan));
        out.flush();
        if (plan.hasChanges()) {
          exit = Math.max(exit, Plan.EXIT_CHANGES);
        }
      } catch (SdkException e) {
        // One stack's failure does not hide the others' plans.
        err.println(stack.source() + ": cannot observe stack " + stack.name() + ": " + e.getMessage());
        err.flush();
        exit = Plan.EXIT_ERROR;
      }
    }
    return exit == Plan.EXIT_ERROR || results.isEmpty() ? Plan.EXIT_ERROR : exit;
  }
}
