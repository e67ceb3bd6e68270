package io.ecsreconciler.hello;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged hello as users run it (after {@code package}, by failsafe): {@code bin/hello}, which trains its AOT
 * cache by serving on first use and starts from it afterwards, and {@code java -jar target/hello.jar}, whose manifest
 * finds {@code target/libs}.
 */
class LauncherIT {

  private static final Path MODULE = Path.of("").toAbsolutePath();
  private static final Path LAUNCHER = MODULE.resolveSibling("bin").resolve("hello");
  private static final Path JAR = MODULE.resolve("target/hello.jar");
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir
  Path temp;

  @Test
  void launcherTrainsItsCacheByServingThenStartsFromIt() throws Exception {
    var cacheDir = temp.resolve("cache");
    var first = start(List.of(LAUNCHER.toString()), Map.of("BOOT_CACHE_DIR", cacheDir.toString()), "first.log");
    var cache = cacheDir.resolve("hello-aot").resolve(Runtime.version().feature() >= 25 ? "app.aot" : "app.jsa");
    try {
      assertThat(getHello(first.port)).isEqualTo("Hello world");
      assertThat(Files.readString(first.log)).contains("Training the AOT cache of hello.jar");
      assertThat(cache).isNotEmptyFile();
      assertThat(Files.readString(cacheDir.resolve("hello-aot/training.log"))).contains("hello serving GET /hello");
    } finally {
      stopGracefully(first);
    }

    var second = start(List.of(LAUNCHER.toString()), Map.of("BOOT_CACHE_DIR", cacheDir.toString()), "second.log");
    try {
      assertThat(getHello(second.port)).isEqualTo("Hello world");
      assertThat(Files.readString(second.log)).doesNotContain("Training");
      // the launcher execs java, so the process it started is the JVM, with the cache among its arguments
      assertThat(second.process.info().arguments()).hasValueSatisfying(
          arguments -> assertThat(String.join(" ", arguments)).contains(cache.toString()));
    } finally {
      stopGracefully(second);
    }
  }

  @Test
  void theJarRunsWithItsLibrariesBesideIt() throws Exception {
    var hello = start(List.of(java(), "-jar", JAR.toString()), Map.of(), "jar.log");
    try {
      assertThat(getHello(hello.port)).isEqualTo("Hello world");
    } finally {
      stopGracefully(hello);
    }
  }

  @Test
  void aPortThatIsNotOneIsRefusedWithWhatIsAllowed() throws Exception {
    var run = run(List.of(java(), "-jar", JAR.toString()), Map.of("PORT", "http"));

    assertThat(run.exitCode).isEqualTo(2);
    assertThat(run.output).contains("PORT must be a port number from 0 to 65535 (0: any free port), not 'http'");
  }

  @Test
  void argumentsAreRefusedWithWhereThePortComesFrom() throws Exception {
    var run = run(List.of(java(), "-jar", JAR.toString(), "--server.port=9000"), Map.of("PORT", "0"));

    assertThat(run.exitCode).isEqualTo(2);
    assertThat(run.output).contains("set its port with the PORT environment variable");
  }

  private record Started(Process process, int port, Path log) {
  }

  private record Finished(int exitCode, String output) {
  }

  private Started start(List<String> command, Map<String, String> env, String logName) throws Exception {
    int port = freePort();
    var log = temp.resolve(logName);
    var builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().putAll(env);
    builder.environment().put("PORT", Integer.toString(port));
    builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
    var process = builder.start();
    var deadline = Instant.now().plus(Duration.ofSeconds(90)); // the first start trains the cache
    while (Instant.now().isBefore(deadline)) {
      assertThat(process.isAlive()).as("hello exited early:%n%s", Files.readString(log)).isTrue();
      try {
        getHello(port);
        return new Started(process, port, log);
      } catch (IOException notYet) {
        Thread.sleep(100);
      }
    }
    process.destroyForcibly();
    throw new AssertionError("hello did not serve within 90 s:\n" + Files.readString(log));
  }

  private Finished run(List<String> command, Map<String, String> env) throws Exception {
    var log = temp.resolve("run.log");
    var builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().putAll(env);
    var process = builder.start();
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return new Finished(process.exitValue(), Files.readString(log));
  }

  /** SIGTERM, as ECS stops a task: Helidon's shutdown hook stops the server and the JVM exits promptly. */
  private static void stopGracefully(Started started) throws Exception {
    started.process.destroy();
    assertThat(started.process.waitFor(20, TimeUnit.SECONDS)).as("hello stopped on SIGTERM").isTrue();
    assertThat(Files.readString(started.log)).contains("Shutdown finished");
  }

  private static String getHello(int port) throws IOException, InterruptedException {
    var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/hello"))
        .timeout(Duration.ofSeconds(5)).build();
    return HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body();
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static int freePort() throws IOException {
    try (var socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
