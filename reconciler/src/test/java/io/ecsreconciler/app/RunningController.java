package io.ecsreconciler.app;

import io.ecsreconciler.testing.AwsEmulator;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The real controller application started in-process on a free port against the emulator, as `reconciler.jar
 * run` would start it; several can run side by side (replicas). Closed by the test.
 */
public final class RunningController implements AutoCloseable {

  public static final String API_TOKEN = "test-token";
  public static final String WEBHOOK_SECRET = "test-webhook-secret";

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final ConfigurableApplicationContext context;
  private final URI base;

  private RunningController(ConfigurableApplicationContext context) {
    this.context = context;
    this.base = URI.create("http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port"));
  }

  /**
   * @param properties extra or overriding {@code reconciler.*} properties, e.g. the source
   */
  public static RunningController start(AwsEmulator emulator, Map<String, String> properties) {
    return start(emulator.endpoint(), properties);
  }

  /** Against any endpoint, e.g. a moto server of the test's own that it stops and restarts. */
  public static RunningController start(URI awsEndpoint, Map<String, String> properties) {
    var args = new ArrayList<>(List.of(
        "--server.port=0",
        "--server.address=127.0.0.1",
        "--reconciler.aws-endpoint=" + awsEndpoint,
        // Tests drive every pass themselves (Controller.runOnce), so what a test sees never races a scheduled pass.
        "--reconciler.initial-delay=1h",
        "--reconciler.interval=1h",
        "--reconciler.ready-timeout=5s",
        "--reconciler.poll-interval=100ms",
        "--reconciler.backoff.initial=1s",
        "--reconciler.backoff.max=2s",
        "--reconciler.api.token=" + API_TOKEN,
        "--reconciler.api.webhook-secret=" + WEBHOOK_SECRET,
        "--logging.level.root=WARN"));
    properties.forEach((key, value) -> args.add("--" + key + "=" + value));
    var context = new SpringApplicationBuilder(ControllerApplication.class).run(args.toArray(String[]::new));
    return new RunningController(context);
  }

  public URI uri(String path) {
    return base.resolve(path);
  }

  public <T> T bean(Class<T> type) {
    return context.getBean(type);
  }

  public HttpResponse<String> get(String path) {
    return send(HttpRequest.newBuilder(uri(path)).GET().build());
  }

  public JsonNode getJson(String path) {
    var response = get(path);
    if (response.statusCode() != 200) {
      throw new AssertionError("GET " + path + " -> " + response.statusCode() + ": " + response.body());
    }
    return JSON.readTree(response.body());
  }

  /** POST with the given headers (name, value, name, value, ...). */
  public HttpResponse<String> post(String path, String body, String... headers) {
    var request = HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofString(body));
    for (int i = 0; i + 1 < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return send(request.build());
  }

  private static HttpResponse<String> send(HttpRequest request) {
    try {
      return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new AssertionError("request failed: " + request.uri(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  @Override
  public void close() {
    context.close();
  }
}
