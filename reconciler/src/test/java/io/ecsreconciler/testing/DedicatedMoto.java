package io.ecsreconciler.testing;

import java.net.URI;

/**
 * A moto server of a test's own, apart from the shared one, that the test can stop and start again on the same
 * port: "AWS is down" for a running controller, then back (empty, as moto keeps state in memory).
 */
public final class DedicatedMoto implements AutoCloseable {

  private final int port;
  private MotoBackend server;

  private DedicatedMoto(int port) {
    this.port = port;
    this.server = MotoBackend.startOn(port);
  }

  public static DedicatedMoto start() {
    try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return new DedicatedMoto(socket.getLocalPort());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
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
