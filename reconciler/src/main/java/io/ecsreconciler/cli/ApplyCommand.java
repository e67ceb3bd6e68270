package io.ecsreconciler.cli;

import io.ecsreconciler.pass.StackPass;
import io.ecsreconciler.plan.TextPlanRenderer;
import io.ecsreconciler.rollout.ConnectTo;
import io.ecsreconciler.rollout.PostDeployCheck;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
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
    + "it finishes, then waits for the service's rollout (bounded by --ready-timeout) and runs its post-deploy "
    + "check. Stacks in observe mode are only planned. Exit 0 when every stack converged and rolled out, 1 otherwise "
    + "(a failed or rolled-back rollout included).")
final class ApplyCommand implements Callable<Integer> {

  @Parameters(arity = "1..*", paramLabel = "FILE_OR_DIR", description = "YAML files, or folders of them")
  List<Path> paths;

  @Option(names = "--allow-mass-delete", description = "lift the delete guard (spec.policy.maxDeletesPerPass) for this run")
  boolean allowMassDelete;

  @Option(names = "--allow-replace", description = "delete and re-create resources whose immutable fields changed")
  boolean allowReplace;

  @Option(names = "--retry-failed",
      description = "roll out again a task definition whose rollout failed (it is held back otherwise)")
  boolean retryFailed;

  @Option(names = "--verify-connect-to", paramLabel = "HOST1:PORT1:HOST2:PORT2",
      description = "for emulators only, like curl's --connect-to: where the post-deploy check sends requests for "
          + "the load balancer (empty HOST1 or PORT1: any)")
  String verifyConnectTo;

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
    var check = new PostDeployCheck(Optional.ofNullable(verifyConnectTo).map(ConnectTo::parse), Duration.ofSeconds(1));
    var rollout = new StackPass.Rollout(retryFailed, "local", check, true);
    var options = new StackPass.Options(StackPass.Goal.APPLY, allowMassDelete, allowReplace, applier.options(),
        rollout);
    var renderer = new TextPlanRenderer();
    out.println("Applying " + loaded.stacks().size() + " stack(s)...");
    var outcome = StackCommandSupport.run(loaded, aws, options, out, err, plan -> {
      out.print(renderer.render(plan));
      out.flush();
    }, result -> {
      out.println(StackCommandSupport.summary("Apply", result));
      result.rollout().ifPresent(status -> out.println("Rollout " + result.stack().name() + ": "
          + status.phase().name().toLowerCase(Locale.ROOT) + ": " + status.summary()));
      if (result.rolloutFailed()) {
        err.println(result.stack().source() + ": rollout of stack " + result.stack().name() + " failed: "
            + result.rollout().orElseThrow().summary());
        err.flush();
      }
      out.flush();
    });
    var rolledOut = outcome.results().stream().noneMatch(StackPass.Result::rolloutFailed);
    return outcome.succeeded() && rolledOut ? 0 : 1;
  }
}
