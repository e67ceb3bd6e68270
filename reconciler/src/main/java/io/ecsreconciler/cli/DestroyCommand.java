package io.ecsreconciler.cli;

import io.ecsreconciler.pass.StackPass;
import io.ecsreconciler.plan.Action;
import io.ecsreconciler.plan.TextPlanRenderer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "destroy", description = "Deletes every resource the stacks own (found by their tags), children "
    + "first; never touches untagged resources, and never deletes an adopted ECR repository. Asks first unless --yes.")
final class DestroyCommand implements Callable<Integer> {

  @Parameters(arity = "1..*", paramLabel = "FILE_OR_DIR", description = "YAML files, or folders of them")
  List<Path> paths;

  @Option(names = {"-y", "--yes"}, description = "do not ask for confirmation")
  boolean yes;

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
    if (!loaded.allValid()) {
      return 1; // destroy is all or nothing: the files say which stacks, so they must all be readable
    }
    if (!yes) {
      // The preview lifts the delete guard as the destroy below does, so that it shows what will happen.
      var previewOptions = new StackPass.Options(StackPass.Goal.PLAN_DESTROY, true, false, applier.options());
      var preview = StackCommandSupport.run(loaded, aws, previewOptions, out, err,
          result -> out.print(new TextPlanRenderer().render(result.plan())));
      long deletes = preview.results().stream().flatMap(r -> r.plan().changes().stream())
          .filter(c -> c.action() == Action.DELETE).count();
      if (deletes == 0) {
        out.println("Nothing to destroy.");
        return preview.allReached() ? 0 : 1;
      }
      out.print("Destroy " + deletes + " resource(s)? Only 'yes' is accepted: ");
      out.flush();
      var answer = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
      if (!"yes".equals(answer == null ? null : answer.strip())) {
        err.println("Destroy cancelled: nothing was deleted.");
        return 1;
      }
    }
    var options = new StackPass.Options(StackPass.Goal.DESTROY, true, false, applier.options());
    var outcome = StackCommandSupport.run(loaded, aws, options, out, err,
        result -> out.println(StackCommandSupport.summary("Destroy", result)));
    return outcome.succeeded() ? 0 : 1;
  }
}
