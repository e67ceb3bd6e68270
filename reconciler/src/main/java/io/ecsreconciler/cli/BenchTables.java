package io.ecsreconciler.cli;

import io.ecsreconciler.aws.ApiCallCounter;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/** The bench's Markdown beyond its main table. */
final class BenchTables {

  private BenchTables() {
  }

  static String seconds(Duration duration) {
    return String.format(Locale.ROOT, "%.2f s", duration.toMillis() / 1000.0);
  }

  /** One line per operation, one column per stack count: the read calls of one steady pass. */
  static String byOperation(List<BenchRow.Result> results) {
    var calls = new TreeSet<ApiCallCounter.Call>();
    results.forEach(result -> calls.addAll(result.callsPerPass().keySet()));
    var table = new StringBuilder("| operation |");
    results.forEach(result -> table.append(" ").append(result.stacks()).append(" stack(s) |"));
    table.append("\n|---|").append("---:|".repeat(results.size())).append("\n");
    for (var call : calls) {
      table.append("| ").append(call).append(" |");
      results.forEach(result -> table.append(" ").append(result.callsPerPass().getOrDefault(call, 0L)).append(" |"));
      table.append("\n");
    }
    table.append("| total |");
    results.forEach(result -> table.append(String.format(Locale.ROOT, " %.0f |",
        result.readsPerPass() + result.mutationsPerPass())));
    return table.append("\n").toString();
  }
}
