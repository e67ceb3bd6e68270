package io.ecsreconciler.desired;

import java.nio.file.Path;

/**
 * One thing wrong with a desired-state file, printed the way compilers print errors so that editors and CI
 * logs link straight to it: {@code file:line:column: field.path: problem (allowed: ...)}.
 *
 * @param field   dotted path of the offending field ({@code spec.network.vpcCidr}, {@code spec.network.publicSubnets[1]});
 *                empty for problems of the whole document
 * @param allowed what would have been accepted; empty when there is nothing short to say
 */
public record Problem(Path file, int line, int column, String field, String message, String allowed)
    implements Comparable<Problem> {

  @Override
  public String toString() {
    var where = file + ":" + line + ":" + column + ": ";
    var what = field.isEmpty() ? message : field + ": " + message;
    return where + what + (allowed.isEmpty() ? "" : " (allowed: " + allowed + ")");
  }

  @Override
  public int compareTo(Problem other) {
    int byLine = Integer.compare(line, other.line);
    return byLine != 0 ? byLine : Integer.compare(column, other.column);
  }
}
