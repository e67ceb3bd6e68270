package io.ecsreconciler.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ecsreconciler.app.RunningController;
import io.ecsreconciler.testing.AwsEmulator;
import io.ecsreconciler.testing.AwsEmulatorTest;
import io.ecsreconciler.testing.DesiredStateRepo;
import io.ecsreconciler.testing.EcrImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Git host unreachable under the running controller (the repository moved away, so every fetch fails): the
 * stack shows Degraded with the source named as the cause, an event says so, the API keeps answering and nothing
 * is changed in AWS; once the repository is back the controller reads it by itself, at the commit made meanwhile.
 */
@AwsEmulatorTest
class GitOutageTest {

  private final AwsEmulator emulator;

  GitOutageTest(AwsEmulator emulator) {
    this.emulator = emulator;
  }

  @Test
  void whileGitIsUnreachableTheStackIsDegradedNamingTheSourceAndItRecoversByItself(@TempDir Path root)
      throws Exception {
    EcrImages.push(emulator, "1.0.0");
    var repoDir = root.resolve("repo");
    var away = root.resolve("repo-away");
    try (var repo = DesiredStateRepo.create(repoDir);
         var running = RunningController.start(emulator, Map.of(
             "reconciler.source.type", "git",
             "reconciler.source.git.url", repo.url(),
             "reconciler.source.git.cache-dir", root.resolve("cache").toString(),
             "reconciler.initial-delay", "0s",
             "reconciler.interval", "300ms",
             "reconciler.requeue-after", "1s"))) {
      var first = awaitStack(running, s -> s.path("sync").asString().equals("Synced"));
      var firstRevision = first.path("revision").asString();

      Files.move(repoDir, away);
      var down = awaitStack(running, s -> s.path("health").asString().equals("Degraded"));
      assertThat(down.path("lastError").asString()).as("the cause").startsWith("source: ").contains("cannot fetch");
      assertThat(down.path("sync").asString()).isEqualTo("Unknown");
      assertThat(events(running)).anySatisfy(e -> {
        assertThat(e.type()).isEqualTo("SourceUnavailable");
        assertThat(e.message()).contains(repo.url().replaceAll("/$", ""));
      });
      assertThat(running.get("/api/v1/stacks").statusCode()).as("the API while Git is down").isEqualTo(200);

      Files.move(away, repoDir);
      var next = repo.editHello(yaml -> yaml.replace("desiredCount: 2", "desiredCount: 3"),
          "three tasks, committed while the controller could not read the repository");
      var back = awaitStack(running, s -> s.path("sync").asString().equals("Synced")
          && s.path("revision").asString().equals(next));
      assertThat(back.path("health").asString()).isNotEqualTo("Degraded");
      assertThat(back.path("lastError").isMissingNode() || back.path("lastError").isNull()).as(back.toString())
          .isTrue();
      assertThat(next).isNotEqualTo(firstRevision);
      assertThat(emulator.cli("ecs", "describe-services", "--cluster", "hello", "--services", "hello").assertOk()
          .json().path("services").get(0).path("desiredCount").asInt()).isEqualTo(3);
      assertThat(events(running)).extracting(StackEvent::type).contains("Recovered");
    }
  }

  private static java.util.List<StackEvent> events(RunningController running) {
    return running.bean(StatusBoard.class).events(Optional.empty(), 100);
  }

  private static JsonNode awaitStack(RunningController running, java.util.function.Predicate<JsonNode> condition) {
    var seen = new JsonNode[1];
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
      var response = running.get("/api/v1/stacks/hello");
      seen[0] = response.statusCode() == 404 ? JsonMapper.shared().createObjectNode()
          : JsonMapper.shared().readTree(response.body());
      return condition.test(seen[0]);
    });
    return seen[0];
  }
}
