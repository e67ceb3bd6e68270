package io.ecsreconciler.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecsreconciler.app.RunningController;
import io.ecsreconciler.loop.Controller;
import io.ecsreconciler.testing.AwsEmulator;
import io.ecsreconciler.testing.AwsEmulatorTest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a hostile or careless client may send: bodies over the limit are refused with 413 before anything reads
 * them (declared or chunked, signed or not), and a burst of sync requests costs a pass or two, not fifty.
 */
@AwsEmulatorTest
class HostileRequestsTest {

  private static final int LIMIT = 64 * 1024;

  @Test
  void bodiesOverTheLimitAreRefusedAndABurstOfSyncsIsCoalesced(AwsEmulator emulator, @TempDir Path root)
      throws Exception {
    HelloFolder.pushImage(emulator, "1.0.0");
    var folder = Files.createDirectories(root.resolve("desired-state"));
    new HelloFolder(folder);
    try (var controller = RunningController.start(emulator, java.util.Map.of(
        "reconciler.source.folder", folder.toString(), "reconciler.api.max-body-bytes", String.valueOf(LIMIT)))) {
      var loop = controller.bean(Controller.class);
      loop.runOnce("test");
      var passes = passes(controller);

      var big = "{\"after\":\"" + "a".repeat(LIMIT) + "\"}";
      var signed = controller.post("/api/v1/webhook/git", big, "Content-Type", "application/json",
          "X-Hub-Signature-256", HelloFolder.signature(big, RunningController.WEBHOOK_SECRET));
      assertThat(signed.statusCode()).isEqualTo(413);
      assertThat(signed.body()).contains("reconciler.api.max-body-bytes");
      assertThat(chunked(controller.uri("/api/v1/webhook/git"), big).statusCode()).as("chunked").isEqualTo(413);
      assertThat(controller.post("/api/v1/stacks/hello/sync", big, "Authorization",
          "Bearer " + RunningController.API_TOKEN).statusCode()).isEqualTo(413);
      var small = "{\"after\":\"abc\"}";
      assertThat(controller.post("/api/v1/webhook/git", small, "X-Hub-Signature-256",
          HelloFolder.signature(small, RunningController.WEBHOOK_SECRET)).statusCode()).isEqualTo(202);

      // 50 syncs at once: each is accepted, together they make at most two passes (one running, one waiting).
      awaitIdle(controller, passes + 1);
      var before = passes(controller);
      try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
        var requests = new ArrayList<Callable<Integer>>();
        for (int i = 0; i < 50; i++) {
          requests.add(() -> controller.post("/api/v1/stacks/hello/sync", "", "Authorization",
              "Bearer " + RunningController.API_TOKEN).statusCode());
        }
        for (var answer : pool.invokeAll(requests)) {
          assertThat(answer.get()).isEqualTo(202);
        }
      }
      awaitIdle(controller, before + 1);
      Thread.sleep(2_000); // a second pass, if one was folded in, has started and finished by now
      loop.runOnce("test"); // waits for any pass still running
      assertThat(passes(controller) - before).as("passes for 50 syncs (the last one is the test's own)")
          .isBetween(2.0, 3.0);
    }
  }

  private static HttpResponse<String> chunked(URI uri, String body) throws IOException, InterruptedException {
    var publisher = HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofString(body));
    var request = HttpRequest.newBuilder(uri).POST(publisher).header("X-Hub-Signature-256",
        HelloFolder.signature(body, RunningController.WEBHOOK_SECRET)).build();
    return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
  }

  /** Passes of stack hello so far, from the controller's own metric. */
  private static double passes(RunningController controller) {
    return controller.get("/actuator/prometheus").body().lines()
        .filter(line -> line.startsWith("reconciler_passes_total{") && line.contains("stack=\"hello\""))
        .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
  }

  private static void awaitIdle(RunningController controller, double atLeast) {
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
        .until(() -> passes(controller) >= atLeast);
  }
}
