package io.ecsreconciler.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The health probes answer while reconcile work keeps every virtual-thread carrier busy. A pass runs on virtual
 * threads, and between its AWS calls it computes (loads SDK classes, parses YAML, checks schemas) without
 * yielding; the JDK does not time-slice virtual threads, and a container with one vCPU has one carrier. If HTTP
 * requests were virtual threads too, a liveness probe would wait for the pass's next blocking call (measured: the
 * first probe answered only when the first pass ended, seconds late), and an orchestrator could restart a
 * healthy controller. HTTP is served on platform threads, which the OS time-slices.
 */
class ProbesWhilePassesWorkTest {

  /** Never called: no pass runs here. */
  private static final URI NO_AWS = URI.create("http://127.0.0.1:9");

  @Test
  void livenessAnswersWhileComputingVirtualThreadsHoldEveryCarrier() throws Exception {
    try (var controller = RunningController.start(NO_AWS, Map.of())) {
      var busy = new AtomicBoolean(true);
      var spinners = new ArrayList<Thread>();
      var carriers = Integer.getInteger("jdk.virtualThreadScheduler.parallelism",
          Runtime.getRuntime().availableProcessors());
      var running = new CountDownLatch(carriers);
      try {
        for (int i = 0; i < carriers; i++) {
          spinners.add(Thread.ofVirtual().name("pass-computing-" + i).start(() -> {
            running.countDown();
            while (busy.get()) {
              Thread.onSpinWait(); // computes, never blocks: holds its carrier
            }
          }));
        }
        running.await();

        // Generous: the point is "answers at all while passes compute", not how fast.
        var http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        var probe = HttpRequest.newBuilder(controller.uri("/actuator/health/liveness"))
            .timeout(Duration.ofSeconds(10)).GET().build();
        var answer = http.send(probe, HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).contains("\"status\":\"UP\"");
      } finally {
        busy.set(false);
        for (var spinner : spinners) {
          spinner.join();
        }
      }
    }
  }
}
