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
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Git host unreachable under the running controller (the repository moved away, so every fetch fails): the
 * stack shows Degraded with the source named as the cause, an event says so, the API keeps answering and nothing
 * is changed in AWS; once the repository is back the controller reads it by itself, at the commit pushed meanwhile.
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

      String next;
      try (var moved = Git.open(away.toFile())) { // a push the Git host took while the controller could not reach it
        var hello = away.resolve("desired-state/hello.yaml");
        Files.writeString(hello, Files.readString(hello).replace("desiredCount: 2", "desiredCount: 3"));
        moved.add().addFilepattern("desired-state/hello.yaml").call();
        next = moved.commit().setMessage("three tasks").setAuthor("dev", "dev@example.com")
            .setCommitter("dev", "dev@example.com").call().getName();
      }
      assertThat(stack(running).path("health").asString()).as("still down").isEqualTo("Degraded");
      assertThat(desiredCount()).as("nothing changed while the source was unreadable").isEqualTo(2);
      Files.move(away, repoDir);
      var back = awaitStack(running, s -> s.path("sync").asString().equals("Synced")
          && s.path("revision").asString().equals(next));
      assertThat(back.path("health").asString()).isNotEqualTo("Degraded");
      assertThat(back.path("lastError").isMissingNode() || back.path("lastError").isNull()).as(back.toString())
          .isTrue();
      assertThat(next).isNotEqualTo(firstRevision);
      assertThat(desiredCount()).isEqualTo(3);
      assertThat(events(running)).extracting(StackEvent::type).contains("Recovered");
    }
  }

  private int desiredCount() {
    return emulator.cli("ecs", "describe-services", "--cluster", "hello", "--services", "hello").assertOk().json()
        .path("services").get(0).path("desiredCount").asInt();
  }

  private static java.util.List<StackEvent> events(RunningController running) {
    return running.bean(StatusBoard.class).events(Optional.empty(), 100);
  }

  private static JsonNode awaitStack(RunningController running, java.util.function.Predicate<JsonNode> condition) {
    var seen = new JsonNode[1];
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
      seen[0] = stack(running);
      return condition.test(seen[0]);
    });
    return seen[0];
  }

  private static JsonNode stack(RunningController running) {
    var response = running.get("/api/v1/stacks/hello");
    return response.statusCode() == 404 ? JsonMapper.shared().createObjectNode()
        : JsonMapper.shared().readTree(response.body());
  }
}
