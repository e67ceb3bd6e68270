package io.ecsreconciler.hello;

import io.helidon.http.Header;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Method;
import io.helidon.http.PathMatchers;
import io.helidon.http.Status;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The service the reconciler deploys: {@code GET /hello} answers {@code Hello world} as plain text, on the port in
 * {@code PORT} (8888 when unset, the port of the stack's task definition and target group).
 *
 * <p>Helidon SE's web server (virtual threads, no reflection, no container): measured in bench/FOOTPRINT.md, it
 * serves about 4.5 times the requests per second the same route did on Spring MVC and Tomcat, starts in a fifth of
 * the time, and holds 70 % of the memory after load.
 */
public final class Hello {

  static final int DEFAULT_PORT = 8888;

  /**
   * Longer than the ALB's 60 s idle timeout: a target that closes an idle keep-alive connection first makes the
   * load balancer answer 502 now and then.
   */
  static final Duration IDLE_CONNECTION_TIMEOUT = Duration.ofSeconds(75);

  private static final String LOG_FORMAT = "java.util.logging.SimpleFormatter.format";
  private static final byte[] BODY = "Hello world".getBytes(StandardCharsets.US_ASCII);
  private static final Header TEXT_PLAIN = HeaderValues.createCached(HeaderNames.CONTENT_TYPE, "text/plain; charset=UTF-8");
  private static final Header ALLOW = HeaderValues.createCached(HeaderNames.ALLOW, "GET, HEAD");

  private Hello() {
  }

  public static void main(String[] args) {
    // One line a record (CloudWatch Logs takes each line as an event), unless -Djava.util.logging... says otherwise;
    // read by JUL when its console handler is made, so before anything logs.
    if (System.getProperty(LOG_FORMAT) == null) {
      System.setProperty(LOG_FORMAT, "%1$tFT%1$tT.%1$tL%1$tz %4$s %3$s: %5$s%6$s%n");
    }
    if (args.length > 0) {
      exitWith("hello takes no arguments; set its port with the PORT environment variable (default 8888)");
    }
    int port;
    try {
      port = port(System.getenv("PORT"));
    } catch (IllegalArgumentException e) {
      exitWith(e.getMessage());
      return;
    }
    var server = start(port);
    System.getLogger(Hello.class.getName()).log(System.Logger.Level.INFO,
        "hello serving GET /hello on port " + server.port());
  }

  /** Starts serving on {@code port} (0: any free port); Helidon stops the server gracefully on SIGTERM. */
  static WebServer start(int port) {
    return WebServer.builder()
        .port(port)
        .idleConnectionTimeout(IDLE_CONNECTION_TIMEOUT)
        .routing(Hello::routes)
        .build()
        .start();
  }

  static void routes(HttpRouting.Builder routes) {
    routes.route(Method.predicate(Method.GET, Method.HEAD), PathMatchers.exact("/hello"), Hello::hello)
        .route(method -> true, PathMatchers.exact("/hello"), Hello::notAllowed);
  }

  /** The port from {@code PORT}: unset or blank means 8888. */
  static int port(String value) {
    if (value == null || value.isBlank()) {
      return DEFAULT_PORT;
    }
    try {
      int port = Integer.parseInt(value.strip());
      if (port >= 0 && port <= 65535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // said below
    }
    throw new IllegalArgumentException("PORT must be a port number from 0 to 65535 (0: any free port), not '"
        + value + "'");
  }

  private static void hello(ServerRequest request, ServerResponse response) {
    response.header(TEXT_PLAIN).send(BODY);
  }

  private static void notAllowed(ServerRequest request, ServerResponse response) {
    response.status(Status.METHOD_NOT_ALLOWED_405).header(ALLOW).send();
  }

  private static void exitWith(String message) {
    System.err.println(message);
    System.exit(2);
  }
}
