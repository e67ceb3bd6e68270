package io.ecsreconciler.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The project's emulator ({@code emulator/run}: moto from the project's venv with the ECS runtime model, see
 * emulator/README.md) on a free loopback port, for the whole test JVM; {@code RECONCILER_TEST_BACKEND=moto-plain}
 * starts plain moto instead, whose ECS never runs a task. The runtime model steps every
 * {@value #STEP_SECONDS} s here ({@code ECS_RUNTIME_STEP_SECONDS} overrides), so a rollout takes about a second.
 * Reset is moto's {@code POST /moto-api/reset}: all state of all services is dropped, tasks included. Its log goes
 * to {@code target/moto-server-<port>.log} (or the temp dir).
 */
final class MotoBackend implements EmulatorBackend {

  /** Selects plain moto (no ECS runtime model) as the value of {@link AwsEmulatorExtension#BACKEND_SETTING}. */
  static final String PLAIN = "moto-plain";
  static final String STEP_SECONDS = "0.2";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
  private static final int START_ATTEMPTS = 3;

  private final Process process;
  private final URI endpoint;
  private final Path log;
  private final Thread shutdownHook;
  private final boolean plain;

  private MotoBackend(Process process, URI endpoint, Path log, boolean plain) {
    this.process = process;
    this.endpoint = endpoint;
    this.log = log;
    this.plain = plain;
    this.shutdownHook = new Thread(this::stop, "moto-server-shutdown");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  static MotoBackend start() {
    return startWith(java.util.Map.of());
  }

  /** A moto server on this port (for a test that stops and restarts "AWS" under a running controller). */
  static MotoBackend startOn(int port) {
    return startOn(port, java.util.Map.of());
  }

  /** On a free port, with these environment variables for moto (say {@code INITIAL_NO_AUTH_ACTION_COUNT}). */
  static MotoBackend startWith(java.util.Map<String, String> environment) {
    EmulatorInstall.ensureInstalled();
    IllegalStateException last = null;
    for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
      try {
        return startOn(freePort(), environment);
      } catch (PortTakenException e) {
        last = e; // another process took the free port between probe and bind: try another
      }
    }
    throw last;
  }

  static MotoBackend startOn(int port, java.util.Map<String, String> environment) {
    EmulatorInstall.ensureInstalled();
    long started = System.nanoTime();
    Path log = logFile(port);
    Process process;
    try {
      var command = new java.util.ArrayList<>(List.of(run().toString(), "--port", Integer.toString(port)));
      if (PLAIN_SELECTED) {
        command.add("--plain");
      }
      ProcessBuilder builder = new ProcessBuilder(command)
          .redirectErrorStream(true)
          .redirectOutput(log.toFile())
          .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
      builder.environment().putIfAbsent("ECS_RUNTIME_STEP_SECONDS", STEP_SECONDS);
      builder.environment().putAll(environment);
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("could not start " + run(), e);
    }
    URI endpoint = URI.create("http://127.0.0.1:" + port);
    awaitReady(process, endpoint, log);
    System.err.printf("[aws-emulator] %s %s ready in %d ms (log: %s)%n", PLAIN_SELECTED ? "plain moto" : "moto with the ECS "
        + "runtime model", endpoint, (System.nanoTime() - started) / 1_000_000, log);
    return new MotoBackend(process, endpoint, log, PLAIN_SELECTED);
  }

  /** The project's launcher: installs what it needs, sets what moto needs, runs in the foreground. */
  private static Path run() {
    return EmulatorInstall.repoRoot().resolve("emulator").resolve("run");
  }

  /** Plain moto when {@code RECONCILER_TEST_BACKEND=moto-plain}. */
  private static final boolean PLAIN_SELECTED = PLAIN.equalsIgnoreCase(AwsEmulatorExtension.setting(
      AwsEmulatorExtension.BACKEND_SETTING));

  @Override
  public boolean runsTasks() {
    return !plain;
  }

  private static void awaitReady(Process process, URI endpoint, Path log) {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    URI probe = EmulatorHttp.resolve(endpoint, "/moto-api/");
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        String output = EmulatorInstall.read(log);
        if (output.contains("Address already in use")) {
          throw new PortTakenException(output);
        }
        throw new IllegalStateException("moto server exited with " + process.exitValue()
            + " before answering on " + endpoint + "; its log (" + log + "):\n" + output);
      }
      try {
        if (EmulatorHttp.get(probe, Duration.ofSeconds(2)).ok()) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      sleep(50);
    }
    destroy(process);
    throw new IllegalStateException("moto server did not answer GET " + probe + " within " + START_TIMEOUT.toSeconds()
        + " s; its log (" + log + "):\n" + EmulatorInstall.read(log));
  }

  @Override
  public String name() {
    return "moto";
  }

  @Override
  public URI endpoint() {
    return endpoint;
  }

  @Override
  public void reset() {
    URI uri = EmulatorHttp.resolve(endpoint, "/moto-api/reset");
    try {
      EmulatorHttp.Response response = EmulatorHttp.post(uri, Duration.ofSeconds(30));
      if (!response.ok()) {
        throw new IllegalStateException("POST " + uri + " answered " + response.status() + ": " + response.body());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("POST " + uri + " failed" + (process.isAlive() ? "" : " (moto server is dead)")
          + "; moto log (" + log + "):\n" + tail(EmulatorInstall.read(log)), e);
    }
  }

  @Override
  public Path awsCli() {
    EmulatorInstall.ensureInstalled();
    return EmulatorInstall.venvBin("aws");
  }

  @Override
  public void close() {
    stop();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException shuttingDown) {
      // the hook runs or has run anyway
    }
  }

  private void stop() {
    destroy(process);
  }

  private static void destroy(Process process) {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free loopback port", e);
    }
  }

  private static Path logFile(int port) {
    try {
      Path target = Path.of("target");
      return Files.isDirectory(target)
          ? target.resolve("moto-server-" + port + ".log").toAbsolutePath()
          : Files.createTempFile("moto-server-" + port + "-", ".log");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String tail(String text) {
    return text.length() <= 4000 ? text : "..." + text.substring(text.length() - 4000);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for moto server", e);
    }
  }

  private static final class PortTakenException extends IllegalStateException {
    PortTakenException(String log) {
      super("moto server could not bind its port; its log:\n" + log);
    }
  }

  @Override
  public String toString() {
    return "moto server at " + endpoint;
  }
}
