package io.ecsreconciler.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "reconciler", mixinStandardHelpOptions = true, scope = CommandLine.ScopeType.INHERIT,
    versionProvider = ReconcilerCommand.Version.class,
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

  /** {@code --version}: the jar's Implementation-Version (Maven's project version), or that it is not a packaged jar. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      var version = ReconcilerCommand.class.getPackage().getImplementationVersion();
      return new String[] {"reconciler " + (version != null ? version : "(not a packaged jar: no version)")};
    }
  }
}
