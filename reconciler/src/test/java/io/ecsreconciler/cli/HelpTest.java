package io.ecsreconciler.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every command answers --help with its usage and exit 0, and does nothing else (run starts no controller). */
class HelpTest {

  @ParameterizedTest
  @ValueSource(strings = {"validate", "plan", "apply", "destroy", "set-image", "run", "bench"})
  void everyCommandPrintsItsHelpAndExitsZero(String command) {
    var run = CommandRun.of(command, "--help");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).startsWith("Usage: reconciler " + command);
    assertThat(run.err()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"--help", "-h"})
  void runListsTheMainPropertiesWithoutStartingTheController(String help) {
    var run = CommandRun.of("run", "--server.port=1", help);

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("--reconciler.source.type=folder|git", "--reconciler.source.git.url=URL",
        "--reconciler.api.token", "--reconciler.interval", "--logging.structured.format.console=ecs");
    assertThat(run.out()).doesNotContain("Tomcat", "Started ControllerApplication");
  }

  @ParameterizedTest
  @ValueSource(strings = {"run", "run --server.port=8081 --reconciler.source.type=git",
      "run --reconciler.source.git.url=https://example.com/a.git?x=y --server.address=0.0.0.0"})
  void theControllersUsualLineStartsWithoutTheCommandLineParser(String line) {
    assertThat(RunCommand.isPlainRun(line.split(" "))).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "plan", "validate run", "run --help", "run -h", "run --server.port=1 --help",
      "run --version", "run -V", "run --help=true", "run @args.txt", "run --server.port 8081", "run -x=1", "run --=1",
      "run extra"})
  void anythingElseGoesThroughTheParser(String line) {
    assertThat(RunCommand.isPlainRun(line.isEmpty() ? new String[0] : line.split(" "))).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"--version", "-V"})
  void versionSaysWhichReconcilerThisIs(String version) {
    var run = CommandRun.of(version);

    assertThat(run.exitCode()).isZero();
    // tests run from target/classes, which has no manifest; the packaged jar prints its Maven version
    assertThat(run.out()).isEqualTo("reconciler (not a packaged jar: no version)\n");
  }
}
