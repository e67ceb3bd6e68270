package io.ecsreconciler;

import io.ecsreconciler.cli.ReconcilerCommand;
import io.ecsreconciler.cli.RunCommand;
import java.util.Arrays;

/** The jar's entry point: one command line, several commands (validate, plan, ...). */
public final class ReconcilerMain {

  private ReconcilerMain() {
  }

  public static void main(String[] args) {
    if (!RunCommand.isPlainRun(args)) {
      System.exit(ReconcilerCommand.commandLine().execute(args));
    }
    // The long-running controller's usual line starts without the command-line parser (see RunCommand.isPlainRun);
    // a failed start exits 1, as under it, after Spring's log of why (repeated here in one line).
    try {
      System.exit(RunCommand.runController(Arrays.asList(args).subList(1, args.length)));
    } catch (RuntimeException e) {
      System.err.println("The controller did not start: " + e.getMessage());
      System.exit(1);
    }
  }
}
