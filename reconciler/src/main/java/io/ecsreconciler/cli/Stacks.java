package io.ecsreconciler.cli;

import io.ecsreconciler.desired.StackLoader;
import java.io.PrintWriter;
import java.util.List;

/** How commands tell the user about the files they loaded. */
final class Stacks {

  private Stacks() {
  }

  /** Prints every problem of every file (to stderr) and a line per valid file; true when all are valid. */
  static boolean report(List<StackLoader.Result> results, PrintWriter out, PrintWriter err) {
    if (results.isEmpty()) {
      err.println("no desired-state files found (expected *.yaml or *.yml)");
      return false;
    }
    boolean allValid = true;
    for (var result : results) {
      if (result.valid()) {
        out.println(result.file() + ": valid (stack " + result.stack().orElseThrow().name() + ")");
      } else {
        allValid = false;
        result.problems().forEach(err::println);
      }
    }
    err.flush();
    out.flush();
    return allValid;
  }
}
