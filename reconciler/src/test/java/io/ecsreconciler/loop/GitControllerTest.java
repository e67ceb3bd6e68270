package io.ecsreconciler.loop;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecsreconciler.app.RunningController;
import io.ecsreconciler.engine.Stack;
import io.ecsreconciler.testing.AwsEmulator;
import io.ecsreconciler.testing.AwsEmulatorTest;
import io.ecsreconciler.testing.DesiredStateRepo;
import io.ecsreconciler.testing.EcrImages;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The controller's main job, end to end: users commit desired-state/*.yaml to a real Git repository and the
 * running controller converges the emulator's AWS; end states are read with the AWS CLI.
 */
@AwsEmulatorTest
class GitControllerTest {

  private final AwsEmulator emulator;
  private DesiredStateRepo repo;
  private RunningController running;
  private Controller controller;
  private StatusBoard board;

  GitControllerTest(AwsEmulator emulator) {
    this.emulator = emulator;
  }

  @BeforeEach
  void start(@TempDir Path repoDir, @TempDir Path cache) throws Exception {
    EcrImages.push(emulator, "1.0.0");
    EcrImages.push(emulator, "1.1.0");
    repo = DesiredStateRepo.create(repoDir);
    running = RunningController.start(emulator, repo.source(cache));
    controller = running.bean(Controller.class);
    board = running.bean(StatusBoard.class);
  }

  @AfterEach
  void stop() {
    running.close();
    repo.close();
  }

  private StackStatus hello() {
    return board.stack("hello").orElseThrow();
  }

  private JsonNode service() {
    return emulator.cli("ecs", "describe-services", "--cluster", "hello", "--services", "hello").assertOk().json()
        .path("services").get(0);
  }

  @Test
  void aCommittedStackConvergesWithinTwoPassesAtThatCommit() throws Exception {
    var commit = repo.editHello(yaml -> yaml.replace("desiredCount: 2", "desiredCount: 3"), "three tasks");

    controller.runOnce("test");
    controller.runOnce("test");

    assertThat(hello().sync()).as(hello().toString()).isEqualTo(Sync.Synced);
    assertThat(hello().revision()).isEqualTo(commit);
    assertThat(service().path("desiredCount").asInt()).isEqualTo(3);
  }

  @Test
  void aNewImageTagCommittedIsRolledOut() throws Exception {
    controller.runOnce("test");

    repo.editHello(yaml -> yaml.replace("tag: \"1.0.0\"", "tag: \"1.1.0\""), "release 1.1.0");
    controller.runOnce("test");

    var definition = emulator.cli("ecs", "describe-task-definition", "--task-definition",
        service().path("taskDefinition").asString()).assertOk().json().path("taskDefinition");
    assertThat(definition.path("containerDefinitions").get(0).path("image").asString()).endsWith("/hello:1.1.0");
    assertThat(hello().sync()).isEqualTo(Sync.Synced);
  }

  @Test
  void aBadCommitIsInvalidChangesNothingAndAFixConverges() throws Exception {
    controller.runOnce("test");
    var counter = running.bean(RegionalClients.class).counter();
    var mutationsBefore = counter.mutations();

    var bad = repo.editHello(yaml -> yaml.replace("cpu: 256", "cpu: 300").replace("desiredCount: 2", "desiredCount: 4"),
        "oops");
    controller.runOnce("test");

    assertThat(hello().sync()).isEqualTo(Sync.Invalid);
    assertThat(hello().problems()).singleElement().asString()
        .matches("desired-state/hello.yaml:\\d+:10: spec.service.cpu: value 300 is not allowed .*");
    assertThat(hello().lastError()).hasValueSatisfying(e -> assertThat(e).contains(bad));
    assertThat(counter.mutations()).isEqualTo(mutationsBefore);
    assertThat(service().path("desiredCount").asInt()).isEqualTo(2);

    repo.editHello(yaml -> yaml.replace("cpu: 300", "cpu: 256"), "fix cpu");
    controller.runOnce("test");

    assertThat(hello().sync()).isEqualTo(Sync.Synced);
    assertThat(service().path("desiredCount").asInt()).isEqualTo(4);
    assertThat(board.events(java.util.Optional.of("hello"), 20)).extracting(StackEvent::type)
        .contains("Invalid", "Recovered");
  }

  @Test
  void driftIsCorrectedInEnforceModeAndOnlyReportedInObserveMode() throws Exception {
    controller.runOnce("test");

    emulator.cli("ecs", "update-service", "--cluster", "hello", "--service", "hello", "--desired-count", "5")
        .assertOk();
    controller.runOnce("test");
    assertThat(service().path("desiredCount").asInt()).isEqualTo(2);

    repo.editHello(yaml -> yaml.replace("mode: enforce", "mode: observe"), "watch only");
    emulator.cli("ecs", "update-service", "--cluster", "hello", "--service", "hello", "--desired-count", "7")
        .assertOk();
    controller.runOnce("test");

    assertThat(service().path("desiredCount").asInt()).isEqualTo(7);
    assertThat(hello().sync()).isEqualTo(Sync.OutOfSync);
    assertThat(board.events(java.util.Optional.of("hello"), 5)).first().satisfies(event -> {
      assertThat(event.type()).isEqualTo("Drift");
      assertThat(event.message()).contains("~ecs-service", "observe mode");
    });
  }

  @Test
  void untaggedResourcesOfTheSameNamesAreLeftAlone() {
    emulator.cli("logs", "create-log-group", "--log-group-name", "/ecs/hello-other").assertOk();

    controller.runOnce("test");

    assertThat(emulator.cli("logs", "describe-log-groups", "--log-group-name-prefix", "/ecs/hello-other")
        .assertOk().json().path("logGroups").size()).isEqualTo(1);
    assertThat(emulator.cli("ec2", "describe-vpcs", "--filters", "Name=tag:" + Stack.STACK_TAG + ",Values=hello")
        .assertOk().json().path("Vpcs").size()).isEqualTo(1);
  }
}
