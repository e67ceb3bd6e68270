package io.ecsreconciler.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ecsreconciler.app.RunningController;
import io.ecsreconciler.loop.Controller;
import io.ecsreconciler.testing.AwsEmulator;
import io.ecsreconciler.testing.AwsEmulatorTest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The status API, the probes and the metrics over real HTTP, served by the real application reading a folder
 * with a copy of hello.yaml. Each group starts one controller and lets its start-up pass do the work once: the
 * emulator is reset before every test, which the reads do not care about (they read what the pass recorded).
 */
@AwsEmulatorTest
class StacksApiTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private static List<JsonNode> list(JsonNode array) {
    return StreamSupport.stream(array.spliterator(), false).toList();
  }

  private static List<String> strings(JsonNode array) {
    return list(array).stream().map(JsonNode::asString).toList();
  }

  private static List<String> texts(JsonNode array, String field) {
    return list(array).stream().map(node -> node.path(field).asString()).toList();
  }

  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class AfterTheFirstPassOverHello {

    private RunningController controller;
    private HttpResponse<String> readinessDuringFirstPass;
    private boolean firstPassDoneAfterProbe;

    @BeforeAll
    void startTheControllerAndWaitForItsFirstPass(AwsEmulator emulator, @TempDir Path folder) {
      HelloFolder.pushImage(emulator, "1.0.0");
      controller = new HelloFolder(folder).start(emulator);
      readinessDuringFirstPass = controller.get("/actuator/health/readiness");
      firstPassDoneAfterProbe = controller.bean(Controller.class).firstPassDone();
      controller.bean(Controller.class).runOnce("test");
    }

    @AfterAll
    void stop() {
      if (controller != null) {
        controller.close();
      }
    }

    @Test
    void theStackListShowsHelloSyncedWithItsLastPass() {
      var stacks = controller.getJson("/api/v1/stacks");

      assertThat(texts(stacks, "name")).containsExactly("hello");
      var hello = stacks.get(0);
      assertThat(hello.path("sync").asString()).as(hello.toString()).isEqualTo("Synced");
      // moto never brings the service and the load balancer to ready within the test's ready timeout
      var notReady = strings(hello.path("notReady"));
      assertThat(hello.path("health").asString()).as(hello.toString())
          .isEqualTo(notReady.isEmpty() ? "Healthy" : "Progressing");
      assertThat(hello.path("mode").asString()).isEqualTo("enforce");
      assertThat(hello.path("file").asString()).endsWith("hello.yaml");
      assertThat(hello.path("revision").asString()).startsWith("folder:");
      assertThat(hello.path("lastPassAt").asString()).isNotBlank();
      assertThat(hello.path("lastPassMillis").asLong()).isPositive();
      assertThat(hello.path("lastError").isNull()).as(hello.toString()).isTrue();
      assertThat(hello.path("problems")).isEmpty();
      assertThat(hello.path("resources")).as("the list leaves the resources to the stack's own page").isEmpty();
    }

    @Test
    void oneStackShowsItsResourcesAndLastPlan() {
      var hello = controller.getJson("/api/v1/stacks/hello");

      var resources = hello.path("resources");
      assertThat(texts(resources, "key")).contains("vpc", "ecs-service", "subnet/private-a", "listener/http");
      var notReady = strings(hello.path("notReady"));
      assertThat(list(resources)).allSatisfy(resource -> {
        var key = resource.path("key").asString();
        var expected = key.equals("ecr-repository") || key.startsWith("prefix-list/") ? "no change" : "create";
        assertThat(resource.path("action").asString()).as("%s on an account with only the image", key)
            .isEqualTo(expected);
        assertThat(resource.path("ready").asBoolean()).as(key).isEqualTo(!notReady.contains(key));
      });
      var plan = hello.path("lastPlan");
      assertThat(plan.path("stack").asString()).isEqualTo("hello");
      assertThat(plan.path("hasErrors").asBoolean()).isFalse();
      assertThat(texts(plan.path("changes"), "resource")).containsAll(texts(resources, "key"));
      assertThat(controller.getJson("/api/v1/stacks/hello/plan")).isEqualTo(plan);
    }

    @Test
    void anUnknownStackIsNotFound() {
      assertThat(controller.get("/api/v1/stacks/nope").statusCode()).isEqualTo(404);
      assertThat(controller.get("/api/v1/stacks/nope/resources").statusCode()).isEqualTo(404);
      assertThat(controller.get("/api/v1/stacks/nope/plan").statusCode()).isEqualTo(404);
    }

    @Test
    void theApplyIsAnEventNewestFirst() {
      var events = list(controller.getJson("/api/v1/events?limit=50"));

      assertThat(events).anySatisfy(event -> {
        assertThat(event.path("stack").asString()).isEqualTo("hello");
        assertThat(event.path("type").asString()).isEqualTo("Applied");
        assertThat(event.path("message").asString()).contains("+vpc");
      });
      var times = events.stream().map(event -> event.path("time").asString()).map(java.time.Instant::parse).toList();
      assertThat(times).isSortedAccordingTo(java.util.Comparator.reverseOrder());
      assertThat(list(controller.getJson("/api/v1/events?stack=nope"))).isEmpty();
    }

    @Test
    void theOpenApiDocumentListsTheStackEndpoints() {
      var paths = controller.getJson("/v3/api-docs").path("paths");

      assertThat(paths.propertyNames()).contains("/api/v1/stacks", "/api/v1/stacks/{name}",
          "/api/v1/stacks/{name}/sync", "/api/v1/events", "/api/v1/webhook/git");
    }

    @Test
    void readinessWaitsForTheFirstPassWhileLivenessDoesNot() {
      assertThat(firstPassDoneAfterProbe).as("no pass had run when readiness was read").isFalse();
      assertThat(readinessDuringFirstPass.statusCode()).isEqualTo(503);
      assertThat(JSON.readTree(readinessDuringFirstPass.body()).path("status").asString()).isEqualTo("OUT_OF_SERVICE");

      var liveness = controller.getJson("/actuator/health/liveness");
      assertThat(liveness.path("status").asString()).isEqualTo("UP");
      var readiness = controller.getJson("/actuator/health/readiness");
      assertThat(readiness.path("status").asString()).isEqualTo("UP");
      assertThat(readiness.path("components").path("firstPass").path("status").asString()).isEqualTo("UP");
    }

    @Test
    void prometheusCountsPassesSyncAndAwsCalls() {
      var metrics = controller.get("/actuator/prometheus");

      assertThat(metrics.statusCode()).isEqualTo(200);
      var lines = metrics.body().lines().filter(line -> !line.startsWith("#")).toList();
      assertThat(lines).anySatisfy(line -> assertThat(line).startsWith("reconciler_passes_total{")
          .contains("stack=\"hello\"", "outcome=\"success\"").endsWith(" 1.0"));
      assertThat(lines).anySatisfy(line -> assertThat(line).startsWith("reconciler_pass_duration_seconds_bucket{")
          .contains("stack=\"hello\""));
      assertThat(lines).anySatisfy(line -> assertThat(line).startsWith("reconciler_stack_sync{")
          .contains("stack=\"hello\"", "status=\"Synced\"").endsWith(" 1.0"));
      assertThat(lines).anySatisfy(line -> assertThat(line).startsWith("reconciler_stack_sync{")
          .contains("stack=\"hello\"", "status=\"Invalid\"").endsWith(" 0.0"));
      assertThat(lines).anySatisfy(line -> assertThat(line).startsWith("reconciler_aws_calls_total{")
          .contains("kind=\"read\"").doesNotEndWith(" 0.0"));
    }
  }

  /** An invalid hello.yaml: the stack is on the board without a single AWS call, enough to exercise the writes. */
  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
  class WithAnInvalidFile {

    private HelloFolder hello;
    private RunningController controller;

    @BeforeAll
    void startOnAnInvalidFile(AwsEmulator emulator, @TempDir Path folder) {
      hello = new HelloFolder(folder);
      hello.write(HelloFolder.BAD_CPU);
      controller = hello.start(emulator);
      controller.bean(Controller.class).runOnce("test");
    }

    @AfterAll
    void stop() {
      if (controller != null) {
        controller.close();
      }
    }

    @Test
    void theStackIsInvalidWithEveryProblemAtItsLine() {
      var stack = controller.getJson("/api/v1/stacks/hello");

      assertThat(stack.path("sync").asString()).isEqualTo("Invalid");
      assertThat(stack.path("lastError").asString()).startsWith("1 validation problem(s) at folder:");
      assertThat(list(stack.path("problems"))).singleElement()
          .satisfies(problem -> assertThat(problem.asString()).matches(".*hello\\.yaml:\\d+:\\d+: spec\\.service\\.cpu: .*"));
      assertThat(stack.path("lastPassAt").isNull()).as("no pass reached AWS").isTrue();
      assertThat(list(controller.getJson("/api/v1/events?stack=hello"))).anySatisfy(event -> {
        assertThat(event.path("type").asString()).isEqualTo("Invalid");
        assertThat(event.path("message").asString()).contains("spec.service.cpu");
      });
    }

    @Test
    void aManualSyncNeedsTheBearerToken() {
      assertThat(controller.post("/api/v1/stacks/hello/sync", "").statusCode()).isEqualTo(401);
      assertThat(controller.post("/api/v1/stacks/hello/sync", "", "Authorization", "Bearer wrong").statusCode())
          .isEqualTo(401);
      assertThat(controller.post("/api/v1/stacks/hello/sync", "", "Authorization", "Basic dGVzdC10b2tlbg==")
          .statusCode()).isEqualTo(401);

      var accepted = controller.post("/api/v1/stacks/hello/sync", "", "Authorization",
          "Bearer " + RunningController.API_TOKEN);
      assertThat(accepted.statusCode()).isEqualTo(202);
      assertThat(controller.post("/api/v1/stacks/nope/sync", "", "Authorization",
          "Bearer " + RunningController.API_TOKEN).statusCode()).isEqualTo(404);
    }

    @Test
    @Order(Integer.MAX_VALUE) // last: it edits the file the other tests read
    void aSignedWebhookMakesAPassThatSeesThePush() {
      var body = "{\"ref\":\"refs/heads/main\"}";
      var url = "/api/v1/webhook/git";
      assertThat(controller.post(url, body, "Content-Type", "application/json").statusCode()).isEqualTo(401);
      assertThat(controller.post(url, body, "Content-Type", "application/json", "X-Hub-Signature-256",
          HelloFolder.signature(body, "not-the-secret")).statusCode()).isEqualTo(401);
      assertThat(controller.post(url, body, "Content-Type", "application/json", "X-Hub-Signature-256",
          HelloFolder.signature(body, RunningController.WEBHOOK_SECRET).replace("sha256=", "sha1=")).statusCode())
          .isEqualTo(401);

      hello.write(HelloFolder.BAD_MEMORY); // the push: the pass it triggers must read it
      var accepted = controller.post(url, body, "Content-Type", "application/json", "X-Hub-Signature-256",
          HelloFolder.signature(body, RunningController.WEBHOOK_SECRET));

      assertThat(accepted.statusCode()).isEqualTo(202);
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
          assertThat(strings(controller.getJson("/api/v1/stacks/hello").path("problems")))
              .anySatisfy(problem -> assertThat(problem).contains("spec.service.memory")));
      assertThat(list(controller.getJson("/api/v1/events?stack=hello&limit=1"))).singleElement()
          .satisfies(event -> assertThat(event.path("message").asString()).contains("spec.service.memory"));
    }
  }
}
