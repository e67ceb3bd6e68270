package io.ecsreconciler.app;

import io.ecsreconciler.testing.AwsEmulator;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
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
    var settings = new java.util.LinkedHashMap<String, String>();
    settings.put("server.port", "0");
    settings.put("server.address", "127.0.0.1");
    settings.put("reconciler.aws-endpoint", awsEndpoint.toString());
    // Tests drive every pass themselves (Controller.runOnce), so what a test sees never races a scheduled pass
    // or a requeue.
    settings.put("reconciler.initial-delay", "1h");
    settings.put("reconciler.interval", "1h");
    settings.put("reconciler.requeue-after", "1h");
    settings.put("reconciler.ready-timeout", "5s");
    settings.put("reconciler.poll-interval", "100ms");
    settings.put("reconciler.backoff.initial", "1s");
    settings.put("reconciler.backoff.max", "2s");
    settings.put("reconciler.api.token", API_TOKEN);
    settings.put("reconciler.api.webhook-secret", WEBHOOK_SECRET);
    settings.put("logging.level.root", "WARN");
    settings.putAll(properties); // a test's own value replaces the default: Spring would bind both as a list
    var args = settings.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toList();
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

  /** GET with the given headers (name, value, name, value, ...). */
  public HttpResponse<String> get(String path, String... headers) {
    var request = HttpRequest.newBuilder(uri(path)).GET();
    for (int i = 0; i + 1 < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return send(request.build());
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
