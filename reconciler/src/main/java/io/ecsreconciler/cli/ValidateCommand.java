package io.ecsreconciler.cli;

import io.ecsreconciler.desired.StackLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "validate", description = "Checks desired-state files without calling AWS; exit 0 when all are valid, 1 otherwise.")
final class ValidateCommand implements Callable<Integer> {

  @Parameters(arity = "1..*", paramLabel = "FILE_OR_DIR", description = "YAML files, or folders of them")
  List<Path> paths;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    var results = new StackLoader().loadAll(paths);
    return Stacks.report(results, spec.commandLine().getOut(), spec.commandLine().getErr()) ? 0 : 1;
  }
}
