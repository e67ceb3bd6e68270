package io.ecsreconciler.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import io.ecsreconciler.app.RunningController;
import io.ecsreconciler.loop.Controller;
import io.ecsreconciler.testing.DesiredStateRepo;
import io.ecsreconciler.loop.Health;
import io.ecsreconciler.loop.StatusBoard;
import io.ecsreconciler.testing.AwsEmulator;
import io.ecsreconciler.testing.AwsEmulatorTest;
import io.ecsreconciler.testing.EcrImages;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Notifications from the real controller, end to end: a Git repository, the emulator running ECS tasks, and two
 * real receivers on loopback (a Slack-compatible one and the signed generic webhook). A rollout, a drift put right,
 * an invalid commit and its fix make one message each, on both; passes that change nothing make none.
 */
@AwsEmulatorTest
class NotificationsEndToEndTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String SECRET = "e2e-webhook-secret";
  private static final String SLACK_PATH = "/services/T0001/B0002/XXXXsecretXXXX";

  private final AwsEmulator emulator;
  private DesiredStateRepo repo;
  private Receiver slack;
  private Receiver webhook;
  private RunningController running;

  NotificationsEndToEndTest(AwsEmulator emulator) {
    this.emulator = emulator;
  }

  @BeforeEach
  void start(@TempDir Path repoDir, @TempDir Path cache) throws Exception {
    assumeThat(emulator.runsTasks()).as("needs the emulator's ECS runtime model").isTrue();
    EcrImages.push(emulator, "1.0.0");
    repo = DesiredStateRepo.create(repoDir);
    slack = Receiver.start();
    webhook = Receiver.start();
    running = RunningController.start(emulator, repo.source(cache,
        "reconciler.notify.slack-webhook-url", slack.url(SLACK_PATH).toString(),
        "reconciler.notify.webhook-url", webhook.url("/events").toString(),
        "reconciler.notify.webhook-secret", SECRET,
        "reconciler.notify.initial-backoff", "50ms"));
  }

  @AfterEach
  void stop() {
    if (running != null) {
      running.close();
    }
    if (repo != null) {
      repo.close();
    }
    if (slack != null) {
      slack.close();
      webhook.close();
    }
  }

  private void pass() {
    running.bean(Controller.class).runOnce("test");
  }

  /** Everything notified so far has been delivered (nothing queued or in flight): the receivers saw it all. */
  private void delivered() {
    await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(() ->
        running.bean(Notifier.class).status().sinks().stream().allMatch(s -> s.pending() == 0));
  }

  private List<JsonNode> events() {
    delivered();
    return webhook.requests().stream().map(r -> JSON.readTree(r.body())).toList();
  }

  private List<String> types() {
    return events().stream().map(e -> e.path("type").asString()).toList();
  }

  private JsonNode last() {
    return events().getLast();
  }

  private void quietPasses() {
    var before = types();
    for (int i = 0; i < 3; i++) {
      pass();
    }
    assertThat(types()).as("passes that change nothing notify nothing").isEqualTo(before);
  }

  private static String hmac(byte[] body) throws Exception {
    var mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
  }

  @Test
  void aRolloutADriftPutRightAnInvalidCommitAndItsFixMakeOneMessageEach() throws Exception {
    // The first commit rolls out: one RolloutCompleted once ECS's deployment is done.
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).until(() -> {
      pass();
      return running.bean(StatusBoard.class).stack("hello").map(s -> s.health() == Health.Healthy).orElse(false);
    });
    assertThat(types()).containsExactly("RolloutCompleted");
    quietPasses();

    // Someone scales the service by hand: the next pass puts it back and says so, with the field's delta.
    emulator.cli("ecs", "update-service", "--cluster", "hello", "--service", "hello", "--desired-count", "5")
        .assertOk();
    pass();
    assertThat(types()).containsExactly("RolloutCompleted", "DriftCorrected");
    assertThat(last().path("details").toString()).contains("ecs-service desiredCount: 5 -> 2");
    quietPasses();

    // A commit that does not validate: one Invalid with the file:line:column problem, not one per pass.
    var bad = repo.editHello(yaml -> yaml.replace("cpu: 256", "cpu: 300"), "oops");
    pass();
    pass();
    assertThat(types()).containsExactly("RolloutCompleted", "DriftCorrected", "Invalid");
    var invalid = last();
    assertThat(invalid.path("revision").asString()).isEqualTo(bad);
    assertThat(invalid.path("details").get(0).asString())
        .matches("desired-state/hello\\.yaml:\\d+:\\d+: spec\\.service\\.cpu: .*");
    quietPasses();

    // The fix: Recovered at the fix's revision.
    var fix = repo.editHello(yaml -> yaml.replace("cpu: 300", "cpu: 256"), "fix cpu");
    pass();
    assertThat(types()).containsExactly("RolloutCompleted", "DriftCorrected", "Invalid", "Recovered");
    assertThat(last().path("revision").asString()).isEqualTo(fix);
    quietPasses();

    // Every generic event is signed over its exact body and names the replica; Slack got the same four.
    for (var request : webhook.requests()) {
      assertThat(request.header("X-Signature-256")).isEqualTo(hmac(request.body()));
      assertThat(JSON.readTree(request.body()).path("controller").asString()).isNotBlank();
    }
    assertThat(slack.requests()).hasSize(4).allSatisfy(r -> assertThat(r.path()).isEqualTo(SLACK_PATH))
        .extracting(r -> JSON.readTree(r.body()).path("text").asString())
        .satisfiesExactly(
            text -> assertThat(text).startsWith(":white_check_mark: *hello* rollout completed at `"),
            text -> assertThat(text).startsWith(":wrench: *hello* drift corrected at `")
                .contains("ecs-service desiredCount: 5 -&gt; 2"),
            text -> assertThat(text).startsWith(":no_entry: *hello* invalid commit at `" + bad.substring(0, 7) + "`")
                .contains("spec.service.cpu"),
            text -> assertThat(text).startsWith(":large_green_circle: *hello* recovered at `" + fix.substring(0, 7)));

    // The API and the metrics tell how it went, without the Slack URL's path or the secret.
    var api = running.get("/api/v1/notifications").body();
    var status = JSON.readTree(api);
    assertThat(status.path("configured").asBoolean()).isTrue();
    assertThat(status.path("sinks")).extracting(s -> s.path("sink").asString()).containsExactly("slack", "webhook");
    assertThat(status.path("sinks")).allSatisfy(sink -> {
      assertThat(sink.path("sent").asLong()).isEqualTo(4);
      assertThat(sink.path("failed").asLong()).isZero();
      assertThat(sink.path("failing").asBoolean()).isFalse();
      assertThat(sink.path("lastSuccessAt").asString()).isNotBlank();
    });
    assertThat(api).doesNotContain("XXXXsecret", "T0001", SECRET, "/events");
    assertThat(running.get("/actuator/prometheus").body())
        .contains("reconciler_notifications_total{outcome=\"sent\",sink=\"slack\"} 4.0")
        .contains("reconciler_notifications_total{outcome=\"sent\",sink=\"webhook\"} 4.0")
        .contains("reconciler_notifications_total{outcome=\"failed\",sink=\"webhook\"} 0.0");
    assertThat(running.bean(StatusBoard.class).events(Optional.of("hello"), 500)).extracting(e -> e.type())
        .as("the board has more events than were notified").contains("Applied", "Drift");
  }
}
