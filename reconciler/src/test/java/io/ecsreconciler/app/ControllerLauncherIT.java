package io.ecsreconciler.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged controller as users start it (after {@code package}, by failsafe): {@code bin/reconciler run}, in
 * Spring AOT mode, from the jar whose bean definitions process-aot computed. Unit tests run the context the usual
 * way, so what AOT mode changes is proven here: it serves the same API, the choices made at run time still are,
 * and a switch the build decided stops the start with its name instead of being ignored. No pass runs (no AWS).
 */
class ControllerLauncherIT {

  private static final Path MODULE = Path.of("").toAbsolutePath();
  private static final Path LAUNCHER = MODULE.resolveSibling("bin").resolve("reconciler");
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  /** One cache for the class: the first start trains it (a few seconds), the others use it. */
  @TempDir
  static Path cache;

  @TempDir
  Path temp;

  @Test
  void aotModeServesTheApiDocsMetricsAndDashboard() throws Exception {
    var controller = start(Map.of());
    try {
      assertThat(Files.readString(controller.log)).contains("Starting AOT-processed ControllerApplication");
      // the launcher trained its cache by serving the liveness probe (so the first probe's classes are in it)
      assertThat(Files.readString(cache.resolve("reconciler-aot/training.log"))).contains("Tomcat started on port");
      assertThat(controller.process.info().arguments()).hasValueSatisfying(arguments -> assertThat(
          String.join(" ", arguments)).contains(Runtime.version().feature() >= 25
          ? "-XX:AOTCache=" + cache.resolve("reconciler-aot/app.aot")
          : "-XX:SharedArchiveFile=" + cache.resolve("reconciler-aot/app.jsa")));
      assertThat(get(controller, "/actuator/health/liveness").body()).contains("\"status\":\"UP\"");
      assertThat(get(controller, "/v3/api-docs").body()).contains("/api/v1/stacks", "/api/v1/preview");
      // Swagger UI's page and its scripts from the web jar, found without their version
      assertThat(get(controller, "/swagger-ui.html").body()).contains("webjars/swagger-ui/swagger-ui-bundle.js");
      assertThat(get(controller, "/webjars/swagger-ui/swagger-ui-bundle.js").statusCode()).isEqualTo(200);
      // the ready time is recorded a moment after the probe answers
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(get(controller, "/actuator/prometheus")
          .body()).contains("application_ready_time_seconds", "jvm_memory_used_bytes", "process_cpu_usage"));
      assertThat(get(controller, "/").statusCode()).isEqualTo(200);
      assertThat(get(controller, "/api/v1/notifications").body()).contains("\"configured\":false");
    } finally {
      stop(controller);
    }
  }

  @Test
  void previewsAreStillChosenAtRunTimeByTheSource() throws Exception {
    var folder = start(Map.of());
    try {
      assertThat(get(folder, "/api/v1/preview?ref=main", "Authorization", "Bearer it-token").statusCode())
          .isEqualTo(409);
    } finally {
      stop(folder);
    }
    // the jar was built with the packaged folder source; a Git source still gets its preview planner
    var git = start(Map.of(), "--reconciler.source.type=git", "--reconciler.source.git.url=file:///nonexistent.git");
    try {
      var noRef = get(git, "/api/v1/preview", "Authorization", "Bearer it-token");
      assertThat(noRef.statusCode()).isEqualTo(400);
      assertThat(noRef.body()).contains("ref is required");
    } finally {
      stop(git);
    }
  }

  @Test
  void aSwitchTheBuildDecidedStopsTheStartWithItsName() throws Exception {
    var run = run(Map.of(), "--management.endpoints.web.exposure.include=health");

    assertThat(run.exitCode).isEqualTo(1);
    assertThat(run.output).contains(
        "these settings would be ignored:\n  management.endpoints.web.exposure.include=health",
        "RECONCILER_SPRING_AOT=false");
  }

  @Test
  void withoutAotModeTheSwitchTakesEffect() throws Exception {
    var controller = start(Map.of("RECONCILER_SPRING_AOT", "false"),
        "--management.endpoints.web.exposure.include=health");
    try {
      assertThat(Files.readString(controller.log)).doesNotContain("AOT-processed");
      assertThat(get(controller, "/actuator/prometheus").statusCode()).isEqualTo(404);
    } finally {
      stop(controller);
    }
  }

  @Test
  void anAotModeThatIsNotTrueOrFalseIsRefused() throws Exception {
    var run = run(Map.of("RECONCILER_SPRING_AOT", "yes"));

    assertThat(run.exitCode).isEqualTo(2);
    assertThat(run.output).contains("RECONCILER_SPRING_AOT must be true or false, not 'yes'");
  }

  private record Started(Process process, int port, Path log) {
  }

  private record Finished(int exitCode, String output) {
  }

  private Started start(Map<String, String> env, String... extra) throws Exception {
    int port = freePort();
    var log = Files.createTempFile(temp, "controller", ".log");
    var process = launch(env, log, port, extra);
    var deadline = Instant.now().plus(Duration.ofSeconds(120)); // the first start trains the cache
    while (Instant.now().isBefore(deadline)) {
      assertThat(process.isAlive()).as("the controller exited early:%n%s", Files.readString(log)).isTrue();
      try {
        if (get(new Started(process, port, log), "/actuator/health/liveness").statusCode() == 200) {
          return new Started(process, port, log);
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(100);
    }
    process.destroyForcibly();
    throw new AssertionError("the controller did not serve within 120 s:\n" + Files.readString(log));
  }

  private Finished run(Map<String, String> env, String... extra) throws Exception {
    var log = Files.createTempFile(temp, "run", ".log");
    var process = launch(env, log, freePort(), extra);
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("the start ended").isTrue();
    return new Finished(process.exitValue(), Files.readString(log));
  }

  private static Process launch(Map<String, String> env, Path log, int port, String... extra) throws IOException {
    var command = new ArrayList<>(List.of(LAUNCHER.toString(), "run", "--server.address=127.0.0.1",
        "--server.port=" + port, "--reconciler.initial-delay=1h", "--reconciler.aws-endpoint=http://127.0.0.1:9",
        "--reconciler.api.token=it-token", "--reconciler.source.folder=" + MODULE.resolveSibling("desired-state")));
    command.addAll(List.of(extra));
    var builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().putAll(Map.of("BOOT_CACHE_DIR", cache.toString(), "AWS_REGION", "us-east-1",
        "AWS_ACCESS_KEY_ID", "test", "AWS_SECRET_ACCESS_KEY", "test", "JAVA_HOME", System.getProperty("java.home")));
    builder.environment().putAll(env);
    return builder.start();
  }

  /** SIGTERM: Spring's graceful shutdown, then the JVM exits. */
  private static void stop(Started started) throws Exception {
    started.process.destroy();
    assertThat(started.process.waitFor(40, TimeUnit.SECONDS)).as("the controller stopped on SIGTERM").isTrue();
  }

  private static HttpResponse<String> get(Started started, String path, String... headers)
      throws IOException, InterruptedException {
    var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + started.port + path))
        .timeout(Duration.ofSeconds(10));
    for (int i = 0; i + 1 < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static int freePort() throws IOException {
    try (var socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
