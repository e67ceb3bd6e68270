package io.ecsreconciler.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What answers behind the emulator's load balancer for the post-deploy check: a real HTTP server on loopback that
 * answers {@code GET /hello} as the deployed service would, or as a broken release does (another status or body).
 * Point the check at it with {@code connect-to "::127.0.0.1:<port>"}.
 */
public final class StandInService implements AutoCloseable {

  private final HttpServer server;
  private volatile int status = 200;
  private volatile String body = "Hello world";
  private final AtomicInteger requests = new AtomicInteger();

  private StandInService(HttpServer server) {
    this.server = server;
  }

  public static StandInService start() {
    try {
      var server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      var service = new StandInService(server);
      server.createContext("/hello", exchange -> {
        service.requests.incrementAndGet();
        var bytes = service.body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(service.status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
      });
      server.start();
      return service;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** curl's --connect-to for the load balancer, any host and port: {@code ::127.0.0.1:<port>}. */
  public String connectTo() {
    return "::127.0.0.1:" + server.getAddress().getPort();
  }

  public void answer(int newStatus, String newBody) {
    status = newStatus;
    body = newBody;
  }

  public int requests() {
    return requests.get();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
