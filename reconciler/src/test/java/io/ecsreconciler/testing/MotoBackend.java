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
import java.util.concurrent.TimeUnit;

/**
 * A moto server from the project's venv, on a free loopback port, for the whole test JVM. Started with
 * {@code MOTO_IAM_LOAD_MANAGED_POLICIES=true} (AWS managed policies such as
 * AmazonECSTaskExecutionRolePolicy exist). Reset is moto's {@code POST /moto-api/reset}: all state of all
 * services is dropped. Its log goes to {@code target/moto-server-<port>.log} (or the temp dir).
 */
final class MotoBackend implements EmulatorBackend {

  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
  private static final int START_ATTEMPTS = 3;

  private final Process process;
  private final URI endpoint;
  private final Path log;
  private final Thread shutdownHook;

  private MotoBackend(Process process, URI endpoint, Path log) {
    this.process = process;
    this.endpoint = endpoint;
    this.log = log;
    this.shutdownHook = new Thread(this::stop, "moto-server-shutdown");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  static MotoBackend start() {
    EmulatorInstall.ensureInstalled();
    IllegalStateException last = null;
    for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
      try {
        return startOnce();
      } catch (PortTakenException e) {
        last = e; // another process took the free port between probe and bind: try another
      }
    }
    throw last;
  }

  private static MotoBackend startOnce() {
    return startOn(freePort());
  }

  /** A moto server on this port (for a test that stops and restarts "AWS" under a running controller). */
  static MotoBackend startOn(int port) {
    EmulatorInstall.ensureInstalled();
    long started = System.nanoTime();
    Path log = logFile(port);
    Process process;
    try {
      ProcessBuilder builder = new ProcessBuilder(
          EmulatorInstall.venvBin("moto_server").toString(), "-H", "127.0.0.1", "-p", Integer.toString(port))
          .redirectErrorStream(true)
          .redirectOutput(log.toFile())
          .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
      builder.environment().put("MOTO_IAM_LOAD_MANAGED_POLICIES", "true");
      builder.environment().put("PYTHONUNBUFFERED", "1");
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("could not start " + EmulatorInstall.venvBin("moto_server"), e);
    }
    URI endpoint = URI.create("http://127.0.0.1:" + port);
    awaitReady(process, endpoint, log);
    System.err.printf("[aws-emulator] moto server %s ready in %d ms (log: %s)%n",
        endpoint, (System.nanoTime() - started) / 1_000_000, log);
    return new MotoBackend(process, endpoint, log);
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
