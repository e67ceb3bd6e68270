package io.ecsreconciler.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The reconciler's command line as a real child process ({@code io.ecsreconciler.ReconcilerMain}, as
 * {@code java -jar reconciler.jar} runs it), on this test JVM's class path: during Maven's test phase the jar is
 * not built yet. Its AWS credentials are the emulator's, from the environment, with no AWS configuration of the
 * user's; its output goes to a file. A test can kill it with {@link #kill()} (SIGKILL, as {@code kill -9}).
 */
public final class ReconcilerProcess {

  private final Process process;
  private final Path output;

  private ReconcilerProcess(Process process, Path output) {
    this.process = process;
    this.output = output;
  }

  /** {@code reconciler <command> --endpoint-url <endpoint> <args...>}. */
  public static ReconcilerProcess start(URI endpoint, String command, String... args) {
    var java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    // C1 only and the serial collector: a short-lived CLI starts about a second sooner.
    var line = new ArrayList<>(List.of(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto",
        "-cp", System.getProperty("java.class.path"), "io.ecsreconciler.ReconcilerMain", command,
        "--endpoint-url", endpoint.toString()));
    line.addAll(List.of(args));
    try {
      var output = Files.createTempFile("reconciler-" + command + "-", ".log");
      var builder = new ProcessBuilder(line).redirectErrorStream(true).redirectOutput(output.toFile())
          .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
      var env = builder.environment();
      env.keySet().removeIf(name -> name.startsWith("AWS_") || name.startsWith("RECONCILER_"));
      env.put("AWS_ACCESS_KEY_ID", AwsEmulator.ACCESS_KEY_ID);
      env.put("AWS_SECRET_ACCESS_KEY", AwsEmulator.SECRET_ACCESS_KEY);
      env.put("AWS_CONFIG_FILE", "/dev/null");
      env.put("AWS_SHARED_CREDENTIALS_FILE", "/dev/null");
      env.put("AWS_EC2_METADATA_DISABLED", "true");
      return new ReconcilerProcess(builder.start(), output);
    } catch (IOException e) {
      throw new UncheckedIOException("could not start the reconciler: " + line, e);
    }
  }

  /** SIGKILL, and waits for it to be gone: no shutdown hook, no finally block runs. */
  public void kill() {
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The exit code, after waiting at most {@code timeout}; an AssertionError (and a kill) past it. */
  public int exitCode(Duration timeout) {
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        kill();
        throw new AssertionError("the reconciler did not finish within " + timeout + "; its output:\n" + output());
      }
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public String output() {
    try {
      return Files.readString(output);
    } catch (IOException e) {
      return "(output unreadable: " + e + ")";
    }
  }

  /** Deletes the output file. */
  public void forget() {
    try {
      Files.deleteIfExists(output);
    } catch (IOException ignored) {
      // a temp file
    }
  }
}
