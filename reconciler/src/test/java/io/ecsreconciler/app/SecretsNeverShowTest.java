package io.ecsreconciler.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecsreconciler.loop.Controller;
import io.ecsreconciler.testing.AwsEmulator;
import io.ecsreconciler.testing.AwsEmulatorTest;
import io.ecsreconciler.testing.EchoingAwsEndpoint;
import io.ecsreconciler.testing.EcrImages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * The controller holds secrets (AWS credentials with a session token, a Git token, the API token, the webhook
 * secrets) and every failure it reports is a chance to show one. Here each is set to a value of its own and
 * everything fails that can: an AWS endpoint that answers with the request's own headers quoted back, a Git host
 * that cannot be reached with the token in its URL, a webhook with a bad signature, a request with a wrong token,
 * an invalid file, a notification receiver that is down. No value appears in the logs, in any API answer, in
 * the metrics or on the dashboard.
 */
@AwsEmulatorTest
@ExtendWith(OutputCaptureExtension.class)
class SecretsNeverShowTest {

  private static final String AWS_ACCESS_KEY_ID = "AKIASECRETSNEVERSHOW";
  private static final String AWS_SECRET_KEY = "aws-secret-" + UUID.randomUUID();
  private static final String AWS_SESSION_TOKEN = "aws-session-token-" + UUID.randomUUID();
  private static final String GIT_TOKEN = "git-token-" + UUID.randomUUID();
  private static final String GIT_URL_PASSWORD = "git-url-password-" + UUID.randomUUID();
  private static final String API_TOKEN = "api-token-" + UUID.randomUUID();
  private static final String WEBHOOK_SECRET = "webhook-secret-" + UUID.randomUUID();
  private static final String NOTIFY_SECRET = "notify-secret-" + UUID.randomUUID();
  private static final String NOTIFY_URL_PATH = "notify-path-" + UUID.randomUUID();
  private static final List<String> SECRETS = List.of(AWS_SECRET_KEY, AWS_SESSION_TOKEN, GIT_TOKEN,
      GIT_URL_PASSWORD, API_TOKEN, WEBHOOK_SECRET, NOTIFY_SECRET, NOTIFY_URL_PATH);
  /** What the API, metrics and dashboard show; each is read after the failures. */
  private static final List<String> PAGES = List.of("/api/v1/stacks", "/api/v1/stacks/hello",
      "/api/v1/stacks/hello/plan", "/api/v1/stacks/hello/resources", "/api/v1/stacks/broken", "/api/v1/events",
      "/api/v1/notifications", "/actuator/prometheus", "/actuator/health", "/", "/app.js",
      "/v3/api-docs");

  private final AwsEmulator emulator;
  private final Map<String, String> savedProperties = new HashMap<>();
  private RunningController running;

  SecretsNeverShowTest(AwsEmulator emulator) {
    this.emulator = emulator;
  }

  @BeforeEach
  void credentialsWithASessionToken() {
    set("aws.accessKeyId", AWS_ACCESS_KEY_ID);
    set("aws.secretAccessKey", AWS_SECRET_KEY);
    set("aws.sessionToken", AWS_SESSION_TOKEN);
  }

  @AfterEach
  void restore() {
    if (running != null) {
      running.close();
    }
    savedProperties.forEach((name, value) -> {
      if (value == null) {
        System.clearProperty(name);
      } else {
        System.setProperty(name, value);
      }
    });
  }

  @Test
  void anAwsEndpointQuotingTheRequestBackABadWebhookAWrongTokenAndAnInvalidFileShowNoSecret(
      @TempDir Path folder, CapturedOutput output) throws IOException {
    EcrImages.push(emulator, "1.0.0");
    Files.copy(Path.of("../desired-state/hello.yaml"), folder.resolve("hello.yaml"));
    Files.writeString(folder.resolve("broken.yaml"), "apiVersion: ecs-reconciler/v1\nkind: EcsStack\nmetadata: {}\n");
    try (var aws = EchoingAwsEndpoint.forwardingTo(emulator.endpoint())) {
      running = RunningController.start(aws.uri(), controllerSettings(Map.of(
          "reconciler.source.type", "folder", "reconciler.source.folder", folder.toString())));
      pass(); // converged through the endpoint: a plan and resources to show
      aws.refuseEverything();
      pass();

      var webhook = running.post("/api/v1/webhook/git", "{\"ref\":\"refs/heads/main\"}",
          "X-Hub-Signature-256", "sha256=" + "0".repeat(64), "Content-Type", "application/json");
      var wrongToken = running.post("/api/v1/stacks/hello/sync", "", "Authorization", "Bearer not-" + API_TOKEN);

      assertThat(webhook.statusCode()).isEqualTo(401);
      assertThat(wrongToken.statusCode()).isEqualTo(401);
      var hello = running.getJson("/api/v1/stacks/hello");
      assertThat(hello.path("lastError").asString()).as("the failure is told, the token in it is not")
          .contains("ec2:DescribeVpcs: The request signature we calculated does not match",
              "x-amz-security-token:***").doesNotContain(AWS_SESSION_TOKEN);
      assertThat(running.getJson("/api/v1/stacks/broken").path("sync").asString()).isEqualTo("Invalid");
      assertNoSecretIn(output);
    }
  }

  @Test
  void aGitHostThatCannotBeReachedWithTheTokenInItsUrlShowsNoSecret(CapturedOutput output) {
    running = RunningController.start(emulator, controllerSettings(Map.of(
        "reconciler.source.type", "git",
        "reconciler.source.git.url", "https://x-access-token:" + GIT_URL_PASSWORD + "@127.0.0.1:9/acme/infra.git",
        "reconciler.source.git.token", GIT_TOKEN)));
    pass();

    var events = running.get("/api/v1/events").body();
    assertThat(events).as("the failure is told").contains("SourceUnavailable", "127.0.0.1:9/acme/infra.git");
    assertNoSecretIn(output);
  }

  private Map<String, String> controllerSettings(Map<String, String> source) {
    var settings = new HashMap<>(source);
    settings.put("reconciler.api.token", API_TOKEN);
    settings.put("reconciler.api.webhook-secret", WEBHOOK_SECRET);
    settings.put("reconciler.notify.webhook-url", "http://127.0.0.1:9/" + NOTIFY_URL_PATH);
    settings.put("reconciler.notify.webhook-secret", NOTIFY_SECRET);
    settings.put("reconciler.notify.max-attempts", "1");
    settings.put("logging.level.root", "INFO");
    settings.put("logging.level.io.ecsreconciler", "DEBUG");
    return settings;
  }

  private void pass() {
    running.bean(Controller.class).runOnce("test");
  }

  private void assertNoSecretIn(CapturedOutput output) {
    var shown = new ArrayList<String>();
    for (var page : PAGES) {
      var response = running.get(page);
      shown.add(page + " -> " + response.statusCode() + "\n" + response.body());
    }
    shown.add("properties: " + running.bean(ControllerProperties.class));
    shown.add("log:\n" + output.getAll());
    for (var text : shown) {
      assertThat(text).as(text.lines().findFirst().orElse("")).doesNotContain(SECRETS);
    }
  }

  private void set(String name, String value) {
    savedProperties.put(name, System.getProperty(name));
    System.setProperty(name, value);
  }
}
