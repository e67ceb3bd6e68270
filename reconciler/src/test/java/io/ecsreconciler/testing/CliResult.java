package io.ecsreconciler.testing;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.MissingNode;

/** What one AWS CLI run printed ({@code --output json}). */
public record CliResult(int exitCode, String stdout, String stderr) {

  private static final JsonMapper JSON = JsonMapper.shared();

  /** stdout as JSON; a {@link MissingNode} when the command printed nothing (e.g. a delete). */
  public JsonNode json() {
    if (stdout.isBlank()) {
      return MissingNode.getInstance();
    }
    try {
      return JSON.readTree(stdout);
    } catch (JacksonException e) {
      throw new AssertionError("AWS CLI output is not JSON: " + e.getOriginalMessage() + "\nstdout:\n" + stdout, e);
    }
  }

  /** This result, or an {@link AssertionError} with the CLI's output when it exited non-zero. */
  public CliResult assertOk() {
    if (exitCode != 0) {
      throw new AssertionError("AWS CLI exited with " + exitCode + "\nstderr:\n" + stderr + "\nstdout:\n" + stdout);
    }
    return this;
  }
}
