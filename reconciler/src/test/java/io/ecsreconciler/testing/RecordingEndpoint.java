package io.ecsreconciler.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.ecsreconciler.aws.ApiCallCounter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * An "AWS endpoint" on loopback that forwards every request to the emulator and records the operation each one
 * names: proof, from outside the process under test, of which AWS calls a command made (a plan must make no
 * mutating one). The operation is read as AWS's protocols carry it: the {@code X-Amz-Target} header (JSON: ECS,
 * ECR, Logs, DynamoDB), the {@code Action} form field (query: EC2, ELB, IAM, STS) or the
 * {@code /service/S/operation/O} path (RPC v2 CBOR). A request naming none is recorded as {@code unknown ...}
 * and counts as mutating: the check fails safe.
 */
public final class RecordingEndpoint implements AutoCloseable {

  private static final Set<String> UNFORWARDED = Set.of("host", "connection", "content-length", "expect", "upgrade",
      "transfer-encoding", "keep-alive");

  private final HttpServer server;
  private final URI target;
  private final HttpClient http = HttpClient.newHttpClient();
  private final List<String> operations = new CopyOnWriteArrayList<>();
  private final List<Request> requests = new CopyOnWriteArrayList<>();

  /** One request as it was sent: the operation it names and its body as text. */
  public record Request(String operation, String body) {}

  private RecordingEndpoint(HttpServer server, URI target) {
    this.server = server;
    this.target = target;
  }

  /** Forwards to {@code target} (the emulator's endpoint). */
  public static RecordingEndpoint forwardingTo(URI target) {
    try {
      var server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      var endpoint = new RecordingEndpoint(server, target);
      server.createContext("/", endpoint::forward);
      server.setExecutor(Executors.newVirtualThreadPerTaskExecutor()); // the SDK observes kinds in parallel
      server.start();
      return endpoint;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** Every operation requested so far, in order. */
  public List<String> operations() {
    return List.copyOf(operations);
  }

  /** Every request so far, in order, with its body (what it asked about, e.g. which names). */
  public List<Request> requests() {
    return List.copyOf(requests);
  }

  /** The operations that are not reads (by {@link ApiCallCounter#isMutating}), unknown ones included. */
  public List<String> mutating() {
    return operations.stream().filter(op -> op.startsWith("unknown ") || ApiCallCounter.isMutating(op)).toList();
  }

  private void forward(HttpExchange exchange) throws IOException {
    try (exchange) {
      var body = exchange.getRequestBody().readAllBytes();
      var operation = operation(exchange, body);
      operations.add(operation);
      requests.add(new Request(operation, new String(body, StandardCharsets.UTF_8)));
      send(http, target, exchange, body);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  /**
   * Sends the request (this body) to {@code target} and the answer back through {@code exchange}, without the
   * hop-by-hop headers.
   */
  static void send(HttpClient http, URI target, HttpExchange exchange, byte[] body)
      throws IOException, InterruptedException {
    var request = HttpRequest.newBuilder(target.resolve(exchange.getRequestURI().toString()))
        .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
    exchange.getRequestHeaders().forEach((name, values) -> {
      if (!UNFORWARDED.contains(name.toLowerCase(Locale.ROOT))) {
        values.forEach(value -> request.header(name, value));
      }
    });
    var response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    response.headers().map().forEach((name, values) -> {
      if (!UNFORWARDED.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
        exchange.getResponseHeaders().put(name, values);
      }
    });
    var bytes = response.body();
    exchange.sendResponseHeaders(response.statusCode(), bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      exchange.getResponseBody().write(bytes);
    }
  }

  private static String operation(HttpExchange exchange, byte[] body) {
    var target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
    if (target != null) {
      return target.substring(target.lastIndexOf('.') + 1);
    }
    var path = exchange.getRequestURI().getPath();
    var rpc = path.indexOf("/operation/");
    if (rpc >= 0) {
      return path.substring(rpc + "/operation/".length());
    }
    var query = exchange.getRequestURI().getRawQuery();
    var form = (query == null ? "" : query + "&") + new String(body, StandardCharsets.UTF_8);
    for (var field : form.split("&")) {
      if (field.startsWith("Action=")) {
        return URLDecoder.decode(field.substring("Action=".length()), StandardCharsets.UTF_8);
      }
    }
    return "unknown " + exchange.getRequestMethod() + " " + path;
  }

  @Override
  public void close() {
    server.stop(0);
    http.close();
  }
}
