package io.ecsreconciler.testing;

import java.net.URI;

/**
 * A moto server of a test's own, apart from the shared one, that the test can stop and start again on the same
 * port: "AWS is down" for a running controller, then back (empty, as moto keeps state in memory).
 */
public final class DedicatedMoto implements AutoCloseable {

  private final int port;
  private MotoBackend server;

  private DedicatedMoto(MotoBackend server) {
    this.server = server;
    this.port = server.endpoint().getPort();
  }

  /** On a free port (found the way the shared server finds its own, retrying if another process takes it). */
  public static DedicatedMoto start() {
    return new DedicatedMoto(MotoBackend.start());
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
    server = MotoBackend.startOn(port);
  }

  @Override
  public void close() {
    stop();
  }
}
