package io.ecsreconciler.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the real command line in-process and keeps what it printed. */
record CommandRun(int exitCode, String out, String err) {

  static CommandRun of(String... args) {
    var out = new StringWriter();
    var err = new StringWriter();
    var commandLine = ReconcilerCommand.commandLine();
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    int exit = commandLine.execute(args);
    return new CommandRun(exit, out.toString(), err.toString());
  }
}
