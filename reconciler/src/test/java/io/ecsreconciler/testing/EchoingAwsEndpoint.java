package io.ecsreconciler.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.TreeMap;
import java.util.concurrent.Executors;

/**
 * An "AWS endpoint" on loopback that forwards to the emulator until {@link #refuseEverything()}, then answers
 * every call as AWS answers a request whose signature it cannot match: 403 {@code SignatureDoesNotMatch}, in the
 * call's protocol, its message quoting the canonical request it expected with every header the caller sent, the
 * session token ({@code x-amz-security-token}) among them. The worst an endpoint does with a caller's secrets
 * short of stealing them: tell them back.
 */
public final class EchoingAwsEndpoint implements AutoCloseable {

  private final HttpServer server;
  private final URI target;
  private final HttpClient http = HttpClient.newHttpClient();
  private volatile boolean refusing;

  private EchoingAwsEndpoint(HttpServer server, URI target) {
    this.server = server;
    this.target = target;
  }

  public static EchoingAwsEndpoint forwardingTo(URI target) {
    try {
      var server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      var endpoint = new EchoingAwsEndpoint(server, target);
      server.createContext("/", endpoint::handle);
      server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
      server.start();
      return endpoint;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  public void refuseEverything() {
    refusing = true;
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      var body = exchange.getRequestBody().readAllBytes();
      if (refusing) {
        refuse(exchange, body);
      } else {
        RecordingEndpoint.send(http, target, exchange, body);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  private void refuse(HttpExchange exchange, byte[] body) throws IOException {
    var headers = new TreeMap<String, String>();
    exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT),
        String.join(",", values)));
    var canonical = new StringBuilder(exchange.getRequestMethod()).append('\n')
        .append(exchange.getRequestURI().getPath()).append("\n\n");
    headers.forEach((name, value) -> canonical.append(name).append(':').append(value).append('\n'));
    var message = "The request signature we calculated does not match the signature you provided. Check your AWS "
        + "Secret Access Key and signing method. Consult the service documentation for details. The Canonical "
        + "String for this request should have been '" + canonical + "'";
    String response;
    String type;
    if (headers.containsKey("x-amz-target")) {
      type = "application/x-amz-json-1.1";
      response = "{\"__type\":\"InvalidSignatureException\",\"message\":\"" + json(message) + "\"}";
    } else if (new String(body, StandardCharsets.UTF_8).contains("Version=2016-11-15")) {
      type = "text/xml";
      response = "<Response><Errors><Error><Code>AuthFailure</Code><Message>" + xml(message)
          + "</Message></Error></Errors><RequestID>echo</RequestID></Response>";
    } else {
      type = "text/xml";
      response = "<ErrorResponse><Error><Type>Sender</Type><Code>SignatureDoesNotMatch</Code><Message>" + xml(message)
          + "</Message></Error><RequestId>echo</RequestId></ErrorResponse>";
    }
    var bytes = response.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(403, bytes.length);
    exchange.getResponseBody().write(bytes);
  }



  private static String json(String text) {
    return text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }

  private static String xml(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  @Override
  public void close() {
    server.stop(0);
    http.close();
  }
}
