package io.ecsreconciler.notify;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A real webhook receiver on 127.0.0.1: records every request (path, headers, exact body) and answers as told:
 * a scripted series of answers first, then the default one; it can also hold every request until released.
 */
public final class Receiver implements AutoCloseable {

  /** One request as it arrived. */
  public record Request(Instant at, String method, String path, Map<String, List<String>> headers, byte[] body) {

    public String header(String name) {
      return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(e -> e.getValue().getFirst()).findFirst().orElse(null);
    }

    public String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  /** How to answer. */
  public record Answer(int status, String body, Map<String, String> headers) {
    public static Answer of(int status) {
      return new Answer(status, "", Map.of());
    }
  }

  private final HttpServer server;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final Queue<Answer> script = new ArrayDeque<>();
  private volatile Answer always = new Answer(200, "ok", Map.of());
  private volatile CountDownLatch held = new CountDownLatch(0);

  private Receiver(HttpServer server) {
    this.server = server;
  }

  public static Receiver start() {
    try {
      var server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      var receiver = new Receiver(server);
      server.setExecutor(receiver.executor);
      server.createContext("/", exchange -> {
        try (exchange) {
          var body = exchange.getRequestBody().readAllBytes();
          receiver.requests.add(new Request(Instant.now(), exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
              Map.copyOf(exchange.getRequestHeaders()), body));
          receiver.held.await(30, TimeUnit.SECONDS);
          var answer = receiver.next();
          answer.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
          var bytes = answer.body().getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
          if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      server.start();
      return receiver;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A loopback URL nothing listens on: connections are refused. */
  public static URI closedPort(String path) {
    try (var socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return URI.create("http://127.0.0.1:" + socket.getLocalPort() + path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public URI url(String path) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  /** These answers first, in order; then the default one. */
  public synchronized Receiver script(Answer... answers) {
    script.addAll(List.of(answers));
    return this;
  }

  public Receiver answerAlways(Answer answer) {
    always = answer;
    return this;
  }

  /** Every request waits (after being recorded) until {@link #release()}. */
  public void hold() {
    held = new CountDownLatch(1);
  }

  public void release() {
    held.countDown();
  }

  private synchronized Answer next() {
    var scripted = script.poll();
    return scripted != null ? scripted : always;
  }

  public List<Request> requests() {
    return List.copyOf(requests);
  }

  /** Waits until at least {@code count} requests arrived; returns them all. */
  public List<Request> awaitRequests(int count) {
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20)).until(() -> requests.size() >= count);
    return requests();
  }

  @Override
  public void close() {
    release();
    server.stop(0);
    executor.shutdownNow();
  }
}
