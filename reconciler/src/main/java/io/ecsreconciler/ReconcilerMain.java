package io.ecsreconciler;

import io.ecsreconciler.cli.ReconcilerCommand;
import picocli.CommandLine;

/** The jar's entry point: one command line, several commands (validate, plan, ...). */
public final class ReconcilerMain {

  private ReconcilerMain() {
  }

  public static void main(String[] args) {
    System.exit(ReconcilerCommand.commandLine().execute(args));
  }
}
