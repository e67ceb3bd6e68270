package io.ecsreconciler.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * A moto server of a test's own, apart from the shared one, that the test can stop and start again on the same
 * port: "AWS is down" for a running controller, then back (empty, as moto keeps state in memory).
 */
public final class DedicatedMoto implements AutoCloseable {

  private final int port;
  private final Map<String, String> environment;
  private MotoBackend server;

  private DedicatedMoto(MotoBackend server, Map<String, String> environment) {
    this.server = server;
    this.port = server.endpoint().getPort();
    this.environment = Map.copyOf(environment);
  }

  /** On a free port (found the way the shared server finds its own, retrying if another process takes it). */
  public static DedicatedMoto start() {
    return new DedicatedMoto(MotoBackend.start(), Map.of());
  }

  /**
   * With these environment variables for moto, kept across {@link #restart()}: e.g.
   * {@code INITIAL_NO_AUTH_ACTION_COUNT=3}, after which moto checks every call against the IAM policies of the
   * access key that signed it.
   */
  public static DedicatedMoto start(Map<String, String> environment) {
    return new DedicatedMoto(MotoBackend.startWith(environment), environment);
  }

  /** Drops every resource of every service (IAM users and keys included). */
  public void reset() {
    server().reset();
  }

  /**
   * moto's {@code POST /moto-api/reset-auth}: the next {@code calls} calls are let through unchecked, every later
   * one is checked against IAM again (moto counts calls, not callers).
   */
  public void allowUnauthenticatedCalls(int calls) {
    var uri = EmulatorHttp.resolve(endpoint(), "/moto-api/reset-auth");
    try {
      var response = EmulatorHttp.post(uri, Integer.toString(calls), Duration.ofSeconds(30));
      if (!response.ok()) {
        throw new IllegalStateException("POST " + uri + " answered " + response.status() + ": " + response.body());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("POST " + uri + " failed", e);
    }
  }

  private synchronized MotoBackend server() {
    if (server == null) {
      throw new IllegalStateException("the dedicated moto at " + endpoint() + " is stopped");
    }
    return server;
  }

  /** The AWS CLI of the emulator's installation. */
  public Path awsCli() {
    return server().awsCli();
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + port);
  }

  public synchronized void stop() {
    if (server != null) {
      server.close();
      server = null;
    }
  }

  public synchronized void restart() {
    stop();
    server = MotoBackend.startOn(port, environment);
  }

  @Override
  public void close() {
    stop();
  }
}
