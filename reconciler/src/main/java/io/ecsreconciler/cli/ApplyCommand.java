package io.ecsreconciler.cli;

import io.ecsreconciler.pass.StackPass;
import io.ecsreconciler.plan.TextPlanRenderer;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "apply", description = "Plans, then converges AWS to the desired state, printing each resource as "
    + "it finishes. Stacks in observe mode are only planned. Exit 0 when every stack converged, 1 otherwise.")
final class ApplyCommand implements Callable<Integer> {

  @Parameters(arity = "1..*", paramLabel = "FILE_OR_DIR", description = "YAML files, or folders of them")
  List<Path> paths;

  @Option(names = "--allow-mass-delete", description = "lift the delete guard (spec.policy.maxDeletesPerPass) for this run")
  boolean allowMassDelete;

  @Option(names = "--allow-replace", description = "delete and re-create resources whose immutable fields changed")
  boolean allowReplace;

  @Mixin
  AwsOptions aws;

  @Mixin
  ApplierOptions applier;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    var out = spec.commandLine().getOut();
    var err = spec.commandLine().getErr();
    var loaded = StackCommandSupport.load(paths, err);
    var options = new StackPass.Options(StackPass.Goal.APPLY, allowMassDelete, allowReplace, applier.options());
    var renderer = new TextPlanRenderer();
    out.println("Applying " + loaded.stacks().size() + " stack(s)...");
    var outcome = StackCommandSupport.run(loaded, aws, options, out, err, plan -> {
      out.print(renderer.render(plan));
      out.flush();
    }, result -> {
      out.println(StackCommandSupport.summary("Apply", result));
      out.flush();
    });
    return outcome.succeeded() ? 0 : 1;
  }
}
