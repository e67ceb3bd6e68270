package io.ecsreconciler.desired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.StringLength;

/**
 * The loader under random and mutated YAML (jqwik): whatever it is given, it answers with a stack or with
 * problems at a line and column of that file, never with an exception, and within a bound of time and memory
 * (the hang and blow-up detectors: the limits themselves are the loader's, 64 KiB, depth 16, 8 aliases).
 */
class LoaderPropertiesTest {

  private static final Path FILE = Path.of("desired-state/fuzz.yaml");
  private static final String VALID = read(Path.of("../desired-state/hello.yaml"));
  /** Far above what one load of a 64 KiB file should take; a hang or a runaway expansion blows through it. */
  private static final Duration AT_MOST = Duration.ofSeconds(10);
  private static final long MAX_ALLOCATED_BYTES = 512L * 1024 * 1024;
  /** Pieces YAML parsers and schema checkers have tripped on: anchors, aliases, tags, flow, block scalars, ... */
  private static final List<String> NASTY = List.of("&a ", "*a", "!!binary ", "!<tag:x> ", "{", "}", "[", "]", ": ",
      "- ", "? ", "|\n", ">-\n", "\t", "\"", "'", "#", "%YAML 1.1\n", "---\n", "...\n", "<<: *a\n", "\\u0000", "\u0000",
      "\uFEFF", "1e309", "0x10", ".nan", "~", "null", "true", "- - - - - - - - - - - - - - - - - - [", "\r\n", "\u2028",
      "999999999999999999999999", "-2147483649", "metadata:\n  name: a\n");

  @Property(tries = 300)
  void arbitraryTextIsAStackOrProblemsNeverAnException(@ForAll @StringLength(max = 2000) String text) {
    assertWellBehaved(text);
  }

  @Property(tries = 400)
  void mutatedStackFilesAreAStackOrProblemsNeverAnException(@ForAll("mutatedHello") String text) {
    assertWellBehaved(text);
  }

  @Provide
  Arbitrary<String> mutatedHello() {
    Arbitrary<Integer> position = Arbitraries.integers().between(0, VALID.length());
    Arbitrary<String> insert = Arbitraries.oneOf(Arbitraries.of(NASTY), Arbitraries.strings().ofMaxLength(20));
    var oneEdit = Combinators.combine(Arbitraries.of(Edit.values()), position, position, insert)
        .as(EditStep::new);
    return oneEdit.list().ofMinSize(1).ofMaxSize(8).map(steps -> {
      var text = VALID;
      for (var step : steps) {
        text = step.applyTo(text);
      }
      return text;
    });
  }

  private enum Edit { INSERT, DELETE, REPLACE, DUPLICATE_LINE, DROP_LINE, INDENT }

  private record EditStep(Edit edit, int at, int to, String piece) {

    String applyTo(String text) {
      int from = Math.min(at, text.length());
      int until = Math.min(Math.max(from, to), Math.min(text.length(), from + 40));
      var lines = new ArrayList<>(List.of(text.split("\n", -1)));
      int line = lines.isEmpty() ? 0 : from % lines.size();
      return switch (edit) {
        case INSERT -> text.substring(0, from) + piece + text.substring(from);
        case DELETE -> text.substring(0, from) + text.substring(until);
        case REPLACE -> text.substring(0, from) + piece + text.substring(until);
        case DUPLICATE_LINE -> {
          lines.add(line, lines.get(line));
          yield String.join("\n", lines);
        }
        case DROP_LINE -> {
          lines.remove(line);
          yield String.join("\n", lines);
        }
        case INDENT -> {
          lines.set(line, piece.isEmpty() ? "  " + lines.get(line) : " " + lines.get(line));
          yield String.join("\n", lines);
        }
      };
    }
  }

  private static void assertWellBehaved(String text) {
    var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    var result = assertTimeoutPreemptively(AT_MOST, () -> {
      long before = threads.getCurrentThreadAllocatedBytes();
      var loaded = new StackLoader().load(FILE, text);
      long allocated = threads.getCurrentThreadAllocatedBytes() - before;
      assertThat(allocated).as("bytes allocated by one load").isLessThan(MAX_ALLOCATED_BYTES);
      return loaded;
    });
    assertThat(result.valid()).isEqualTo(result.problems().isEmpty());
    assertThat(result.stack().isPresent()).isEqualTo(result.valid());
    for (var problem : result.problems()) {
      assertThat(problem.file()).isEqualTo(FILE);
      assertThat(problem.line()).isPositive();
      assertThat(problem.column()).isPositive();
      assertThat(problem.message()).isNotBlank();
      assertThat(problem.toString()).startsWith(FILE + ":" + problem.line() + ":" + problem.column() + ": ");
    }
  }

  private static String read(Path path) {
    try {
      return Files.readString(path);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
