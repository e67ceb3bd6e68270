package io.ecsreconciler.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "reconciler", mixinStandardHelpOptions = true, scope = CommandLine.ScopeType.INHERIT,
    description = "Converges AWS ECS stacks to declarative YAML (desired-state/*.yaml).",
    subcommands = {ValidateCommand.class, PlanCommand.class, ApplyCommand.class, DestroyCommand.class,
        SetImageCommand.class, RunCommand.class, BenchCommand.class})
public final class ReconcilerCommand implements Runnable {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
  }

  /** Exit codes: bad arguments are errors (1), like every other failure; 2 is reserved for "plan has changes". */
  public static CommandLine commandLine() {
    return new CommandLine(new ReconcilerCommand())
        .setExitCodeExceptionMapper(e -> 1)
        .setParameterExceptionHandler((e, args) -> {
          e.getCommandLine().getErr().println(e.getMessage());
          e.getCommandLine().usage(e.getCommandLine().getErr());
          return 1;
        });
  }
}
