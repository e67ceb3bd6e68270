package io.ecsreconciler.testing.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The numbers of the fault tests as Markdown tables: each row is printed as it comes and appended to
 * {@code target/chaos-report/<table>.md} (header first), which {@code bin/chaos} prints at the end.
 */
public final class ChaosReport {

  private static final Path FOLDER = Path.of("target", "chaos-report");

  private ChaosReport() {
  }

  /**
   * Whether the full matrix was asked for: {@code -Dreconciler.chaos.full-sweep=true}, as {@code bin/chaos} runs
   * it ({@code -Dchaos.full=true} for short).
   */
  public static boolean full() {
    return Boolean.getBoolean("reconciler.chaos.full-sweep") || Boolean.getBoolean("chaos.full");
  }

  public static synchronized void row(String table, List<String> header, List<?> cells) {
    var line = "| " + cells.stream().map(String::valueOf).collect(Collectors.joining(" | ")) + " |";
    System.out.println("[chaos] " + table + ": " + line);
    try {
      Files.createDirectories(FOLDER);
      var file = FOLDER.resolve(table + ".md");
      if (!Files.exists(file)) {
        var head = "| " + String.join(" | ", header) + " |\n|" + header.stream().map(h -> "---").collect(
            Collectors.joining("|")) + "|\n";
        Files.writeString(file, head, StandardCharsets.UTF_8);
      }
      Files.writeString(file, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** "throttling 12, 500 internal error 3" for the faults that were injected. */
  public static String faults(Map<Fault, Long> byKind) {
    var text = byKind.entrySet().stream().filter(e -> e.getValue() > 0)
        .map(e -> e.getKey().label() + " " + e.getValue()).collect(Collectors.joining(", "));
    return text.isEmpty() ? "none" : text;
  }
}
