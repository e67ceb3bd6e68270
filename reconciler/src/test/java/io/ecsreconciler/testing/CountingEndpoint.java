package io.ecsreconciler.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An "AWS endpoint" on loopback that answers every request with 500 and counts them: proof that a command made
 * no AWS call at all (an invalid file must not reach AWS).
 */
public final class CountingEndpoint implements AutoCloseable {

  private final HttpServer server;
  private final AtomicInteger requests = new AtomicInteger();

  private CountingEndpoint(HttpServer server) {
    this.server = server;
  }

  public static CountingEndpoint start() {
    try {
      var server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      var endpoint = new CountingEndpoint(server);
      server.createContext("/", exchange -> {
        endpoint.requests.incrementAndGet();
        exchange.sendResponseHeaders(500, -1);
        exchange.close();
      });
      server.start();
      return endpoint;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  public int requests() {
    return requests.get();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
