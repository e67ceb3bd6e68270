package io.ecsreconciler.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs {@code reconciler validate} in-process: no AWS, just files, exit codes and what is printed. */
class ValidateCommandTest {

  static final Path HELLO = Path.of("../desired-state/hello.yaml");

  @TempDir
  Path dir;

  private Path copyOfHello(String fileName) throws IOException {
    return Files.writeString(dir.resolve(fileName), Files.readString(HELLO));
  }

  /** hello.yaml with a cpu Fargate does not offer; returns the file. */
  private Path badCpu(String fileName) throws IOException {
    var text = Files.readString(HELLO);
    assertThat(text).contains("\n    cpu: 256\n");
    return Files.writeString(dir.resolve(fileName), text.replace("\n    cpu: 256\n", "\n    cpu: 300\n"));
  }

  private static int lineOf(Path file, String line) throws IOException {
    return Files.readAllLines(file).indexOf(line) + 1;
  }

  @Nested
  class WithValidFiles {

    @Test
    void aFolderOfValidStacksExitsZeroAndNamesEachStack() throws IOException {
      var hello = copyOfHello("hello.yaml");
      Files.writeString(dir.resolve("other.yml"), Files.readString(HELLO).replace("  name: hello", "  name: other"));
      Files.writeString(dir.resolve("README.md"), "not a stack");

      var run = CommandRun.of("validate", dir.toString());

      assertThat(run.exitCode()).as(run.err()).isZero();
      assertThat(run.err()).isEmpty();
      assertThat(run.out().lines()).containsExactly(
          hello + ": valid (stack hello)",
          dir.resolve("other.yml") + ": valid (stack other)");
    }

    @Test
    void theSampleFileItselfIsValid() {
      var run = CommandRun.of("validate", HELLO.toString());

      assertThat(run.exitCode()).as(run.err()).isZero();
      assertThat(run.out()).contains("valid (stack hello)");
    }
  }

  @Nested
  class WithInvalidFiles {

    @Test
    void aBadFileExitsOneAndPrintsFileLineColumnFieldAndWhatIsAllowed() throws IOException {
      var bad = badCpu("bad.yaml");
      int line = lineOf(bad, "    cpu: 300");

      var run = CommandRun.of("validate", bad.toString());

      assertThat(run.exitCode()).isEqualTo(1);
      assertThat(run.out()).isEmpty();
      assertThat(run.err().lines()).containsExactly(bad + ":" + line + ":10: spec.service.cpu: value 300 is not allowed"
          + " (allowed: 256, 512, 1024, 2048, 4096, 8192, 16384)");
    }

    @Test
    void aMixOfGoodAndBadExitsOneAndReportsBoth() throws IOException {
      var good = copyOfHello("a-good.yaml");
      var bad = Files.writeString(dir.resolve("b-bad.yaml"), Files.readString(HELLO)
          .replace("  name: hello", "  name: broken").replace("    mode: enforce", "    mode: yolo"));
      int line = lineOf(bad, "    mode: yolo");

      var run = CommandRun.of("validate", dir.toString());

      assertThat(run.exitCode()).isEqualTo(1);
      assertThat(run.out().lines()).containsExactly(good + ": valid (stack hello)");
      assertThat(run.err().lines()).containsExactly(
          bad + ":" + line + ":11: spec.policy.mode: value \"yolo\" is not allowed (allowed: observe, enforce)");
    }

    @Test
    void everyProblemOfEveryFileIsPrinted() throws IOException {
      var first = badCpu("first.yaml");
      var second = badCpu("second.yaml");

      var run = CommandRun.of("validate", first.toString(), second.toString());

      assertThat(run.exitCode()).isEqualTo(1);
      assertThat(run.err().lines()).hasSize(2)
          .anySatisfy(line -> assertThat(line).startsWith(first + ":"))
          .anySatisfy(line -> assertThat(line).startsWith(second + ":"));
    }

    @Test
    void twoFilesNamingTheSameStackExitOneAndNameTheFirstFile() throws IOException {
      var first = copyOfHello("a.yaml");
      var second = copyOfHello("b.yaml");

      var run = CommandRun.of("validate", dir.toString());

      assertThat(run.exitCode()).isEqualTo(1);
      assertThat(run.out().lines()).containsExactly(first + ": valid (stack hello)");
      assertThat(run.err()).startsWith(second + ":")
          .contains("metadata.name: stack name \"hello\" is already used by " + first);
    }
  }

  @Nested
  class WithBadArguments {

    @Test
    void aMissingFileExitsOneAndSaysItCannotBeRead() {
      var missing = dir.resolve("missing.yaml");

      var run = CommandRun.of("validate", missing.toString());

      assertThat(run.exitCode()).isEqualTo(1);
      assertThat(run.err()).startsWith(missing + ":1:1: cannot read file").contains(missing.toString());
    }

    @Test
    void aFolderWithoutYamlFilesExitsOne() throws IOException {
      Files.writeString(dir.resolve("notes.txt"), "nothing here");

      var run = CommandRun.of("validate", dir.toString());

      assertThat(run.exitCode()).isEqualTo(1);
      assertThat(run.err()).contains("no desired-state files found");
    }

    @Test
    void noArgumentsExitsOneWithTheUsage() {
      var run = CommandRun.of("validate");

      assertThat(run.exitCode()).isEqualTo(1);
      assertThat(run.err()).contains("Missing required parameter").contains("Usage: reconciler validate")
          .contains("FILE_OR_DIR");
      assertThat(run.out()).isEmpty();
    }
  }
}
