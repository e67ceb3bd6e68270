package io.ecsreconciler.rollout;

import io.ecsreconciler.desired.StackSpec;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * The post-deploy check (spec.service.verify): GET a path through the load balancer once a rollout completes and
 * expect a status and, optionally, a piece of the body; a few attempts a second apart. What ECS calls a
 * completed deployment only says the tasks started and passed the target group's health check; this says the
 * service answers what it should.
 */
public final class PostDeployCheck {

  /** How many characters of an unexpected body a failure quotes. */
  private static final int BODY_QUOTED = 120;

  public record Result(boolean passed, String detail) {}

  private final Optional<ConnectTo> connectTo;
  private final Duration betweenAttempts;
  /** Built on first check: a client sets up TLS when built, which the controller's start need not pay for. */
  private HttpClient http;

  /** @param connectTo where requests for the load balancer really go (emulators only); empty for DNS */
  public PostDeployCheck(Optional<ConnectTo> connectTo, Duration betweenAttempts) {
    this.connectTo = connectTo;
    this.betweenAttempts = betweenAttempts;
  }

  public static PostDeployCheck direct() {
    return new PostDeployCheck(Optional.empty(), Duration.ofSeconds(1));
  }

  public Result check(String host, int port, StackSpec.Verify verify) {
    var uri = uri(host, port, verify.path());
    Result last = null;
    for (int attempt = 1; attempt <= verify.attempts(); attempt++) {
      if (attempt > 1) {
        sleep();
      }
      last = once(uri, verify);
      if (last.passed()) {
        return last;
      }
    }
    return new Result(false, last.detail() + " (" + verify.attempts() + " attempt(s))");
  }

  private synchronized HttpClient http() {
    if (http == null) {
      http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).followRedirects(HttpClient.Redirect.NEVER)
          .build();
    }
    return http;
  }

  private URI uri(String host, int port, String path) {
    var target = connectTo.filter(c -> c.matches(host, port));
    var realHost = target.map(ConnectTo::toHost).orElse(host);
    var realPort = target.map(ConnectTo::toPort).orElse(port);
    return URI.create("http://" + realHost + ":" + realPort + path);
  }

  private Result once(URI uri, StackSpec.Verify verify) {
    var request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(verify.timeoutSeconds())).GET().build();
    try {
      var response = http().send(request, HttpResponse.BodyHandlers.ofString());
      var what = "GET " + uri + " answered " + response.statusCode();
      if (response.statusCode() != verify.expectedStatus()) {
        return new Result(false, what + ", expected " + verify.expectedStatus());
      }
      if (!verify.bodyContains().isEmpty() && !response.body().contains(verify.bodyContains())) {
        return new Result(false, what + " without \"" + verify.bodyContains() + "\" in its body: \""
            + quote(response.body()) + "\"");
      }
      return new Result(true, what);
    } catch (IOException e) {
      return new Result(false, "GET " + uri + " failed: " + e.getClass().getSimpleName()
          + (e.getMessage() == null ? "" : ": " + e.getMessage()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Result(false, "GET " + uri + " interrupted");
    }
  }

  private static String quote(String body) {
    var line = body.replaceAll("\\s+", " ").strip();
    return line.length() <= BODY_QUOTED ? line : line.substring(0, BODY_QUOTED) + "...";
  }

  private void sleep() {
    try {
      Thread.sleep(betweenAttempts);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
