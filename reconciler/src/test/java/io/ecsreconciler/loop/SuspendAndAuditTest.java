package io.ecsreconciler.loop;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecsreconciler.app.RunningController;
import io.ecsreconciler.testing.AwsEmulator;
import io.ecsreconciler.testing.AwsEmulatorTest;
import io.ecsreconciler.testing.DesiredStateRepo;
import io.ecsreconciler.testing.EcrImages;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Living with the controller: an operator suspends a stack during an incident (drift is reported, nothing is
 * changed, the flag is on the cluster where a restarted controller finds it) and resumes it; every change is an
 * audit line with its fields and revision, as JSON when asked, with no secret in any line.
 */
@AwsEmulatorTest
@ExtendWith(OutputCaptureExtension.class)
class SuspendAndAuditTest {

  private static final String GIT_TOKEN = "ghp-this-is-a-secret-token";
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final AwsEmulator emulator;
  private DesiredStateRepo repo;
  private Path cache;
  private RunningController running;

  SuspendAndAuditTest(AwsEmulator emulator) {
    this.emulator = emulator;
  }

  @BeforeEach
  void start(@TempDir Path repoDir, @TempDir Path cacheDir) throws Exception {
    EcrImages.push(emulator, "1.0.0");
    repo = DesiredStateRepo.create(repoDir);
    cache = cacheDir;
    running = controller();
  }

  @AfterEach
  void stop() {
    if (running != null) {
      running.close();
    }
    repo.close();
  }

  private RunningController controller() {
    var properties = repo.source(cache,
        "reconciler.source.git.token", GIT_TOKEN,
        "logging.level.io.ecsreconciler.audit", "INFO",
        "logging.structured.format.console", "ecs");
    return RunningController.start(emulator, properties);
  }

  private StackStatus hello() {
    return running.bean(StatusBoard.class).stack("hello").orElseThrow();
  }

  private void pass() {
    running.bean(Controller.class).runOnce("test");
  }

  private long mutations() {
    return running.bean(RegionalClients.class).counter().mutations();
  }

  private int desiredCount() {
    return emulator.cli("ecs", "describe-services", "--cluster", "hello", "--services", "hello").assertOk().json()
        .path("services").get(0).path("desiredCount").asInt();
  }

  private String bearer() {
    return "Bearer " + RunningController.API_TOKEN;
  }

  @Test
  void aSuspendedStackIsObservedAndReportedButNeverChangedUntilItIsResumed() {
    pass();

    var suspended = running.post("/api/v1/stacks/hello/suspend?reason=incident-42", "", "Authorization", bearer());
    assertThat(suspended.statusCode()).as(suspended.body()).isEqualTo(200);
    assertThat(suspended.body()).contains("\"suspended\":true", "\"reason\":\"incident-42\"");
    var clusterTags = emulator.cli("ecs", "describe-clusters", "--clusters", "hello", "--include", "TAGS").assertOk()
        .json().path("clusters").get(0).path("tags");
    assertThat(clusterTags.valueStream().map(tag -> tag.path("key").asString())).contains("ecs-reconciler/suspended");

    emulator.cli("ecs", "update-service", "--cluster", "hello", "--service", "hello", "--desired-count", "5")
        .assertOk();
    var before = mutations();
    pass();
    pass();

    assertThat(mutations()).as("nothing is changed while suspended").isEqualTo(before);
    assertThat(desiredCount()).isEqualTo(5);
    assertThat(hello().suspension()).hasValueSatisfying(s -> assertThat(s.reason()).isEqualTo("incident-42"));
    assertThat(hello().sync()).isEqualTo(Sync.OutOfSync);
    assertThat(hello().health()).isNotEqualTo(Health.Degraded);
    var drift = running.bean(StatusBoard.class).events(Optional.of("hello"), 20).stream()
        .filter(event -> event.type().equals("Drift")).findFirst().orElseThrow();
    assertThat(drift.details()).anySatisfy(line -> assertThat(line).contains("ecs-service", "desiredCount: 5 -> 2"));
    assertThat(running.get("/actuator/prometheus").body()).contains("reconciler_stack_suspended{stack=\"hello\"} 1.0");

    // A restarted controller (or another replica) finds the flag on the cluster.
    running.close();
    running = controller();
    pass();
    assertThat(hello().suspension()).isPresent();
    assertThat(mutations()).isZero();
    assertThat(running.getJson("/api/v1/stacks/hello").path("suspension").path("reason").asString())
        .isEqualTo("incident-42");

    assertThat(running.post("/api/v1/stacks/hello/resume", "").statusCode()).as("needs the token").isEqualTo(401);
    var resumed = running.post("/api/v1/stacks/hello/resume", "", "Authorization", bearer());
    assertThat(resumed.statusCode()).isEqualTo(200);
    pass();

    assertThat(desiredCount()).isEqualTo(2);
    assertThat(hello().suspension()).isEmpty();
    // This controller never saw the stack in sync, so it cannot tell drift from a pending change: "Applied".
    var events = running.bean(StatusBoard.class).events(Optional.of("hello"), 20);
    assertThat(events).extracting(StackEvent::type).contains("Resumed");
    assertThat(events).filteredOn(e -> e.type().equals("Applied")).first()
        .satisfies(e -> assertThat(e.details()).contains("~ ecs-service desiredCount: 5 -> 2"));
    assertThat(running.post("/api/v1/stacks/nope/suspend", "", "Authorization", bearer()).statusCode())
        .isEqualTo(404);
  }

  @Test
  void everyChangeIsAnAuditLineWithItsFieldsAndRevisionAsJsonAndNoSecretIsEverLogged(CapturedOutput output)
      throws Exception {
    var commit = repo.editHello(yaml -> yaml.replace("desiredCount: 2", "desiredCount: 3"), "three tasks");
    pass();
    emulator.cli("ecs", "update-service", "--cluster", "hello", "--service", "hello", "--desired-count", "7")
        .assertOk();
    pass();

    var audit = output.getOut().lines().filter(line -> line.startsWith("{"))
        .map(line -> JSON.readTree(line)).filter(json -> json.path("log").path("logger").asString()
            .equals("io.ecsreconciler.audit")).toList();
    assertThat(audit).anySatisfy(line -> {
      assertThat(field(line, "stack")).isEqualTo("hello");
      assertThat(field(line, "resource")).isEqualTo("ecs-service");
      assertThat(field(line, "event")).isEqualTo("drift");
      assertThat(field(line, "revision")).isEqualTo(commit);
      assertThat(field(line, "changes")).isEqualTo("desiredCount: 7 -> 3");
    });
    assertThat(audit).anySatisfy(line -> {
      assertThat(field(line, "resource")).isEqualTo("ecs-service");
      assertThat(field(line, "action")).isEqualTo("update");
      assertThat(field(line, "status")).isIn("done", "progressing");
      assertThat(field(line, "changes")).isEqualTo("desiredCount: 7 -> 3");
      assertThat(field(line, "message")).matches("stack hello at " + commit
          + ": update ecs-service (done|progressing): desiredCount: 7 -> 3");
    });
    assertThat(audit).anySatisfy(line -> assertThat(field(line, "resource")).isEqualTo("vpc"));
    assertThat(audit).anySatisfy(line -> {
      assertThat(field(line, "sync")).isEqualTo("Synced");
      assertThat(line.path("message").asString()).startsWith("stack hello pass at " + commit);
    });
    var events = running.bean(StatusBoard.class).events(Optional.of("hello"), 20);
    assertThat(events).filteredOn(e -> e.type().equals("DriftCorrected")).singleElement()
        .satisfies(e -> assertThat(e.details()).containsExactly("~ ecs-service desiredCount: 7 -> 3"));
    assertThat(output.getAll()).doesNotContain(GIT_TOKEN, RunningController.API_TOKEN,
        RunningController.WEBHOOK_SECRET);
  }

  /** ECS JSON puts key-value pairs at the top level (nested by dots). */
  private static String field(JsonNode line, String name) {
    return line.path(name).isMissingNode() ? null : line.path(name).asString();
  }
}
