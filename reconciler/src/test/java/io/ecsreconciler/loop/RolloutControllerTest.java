package io.ecsreconciler.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import io.ecsreconciler.app.RunningController;
import io.ecsreconciler.aws.ApiCallCounter;
import io.ecsreconciler.rollout.RolloutStatus;
import io.ecsreconciler.testing.AwsEmulator;
import io.ecsreconciler.testing.AwsEmulatorTest;
import io.ecsreconciler.testing.DesiredStateRepo;
import io.ecsreconciler.testing.EcrImages;
import io.ecsreconciler.testing.StandInService;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Rollouts that can fail, end to end on the emulator's ECS runtime model: the controller follows a deployment to
 * Healthy, sees ECS's circuit breaker roll a bad image back, records it on the service and never starts it again
 * (counted), until a commit fixes it. The service is also read with the AWS CLI.
 */
@AwsEmulatorTest
class RolloutControllerTest {

  private static final String CRASHING = "1.2.0-crash";
  /** The emulator keeps a {@code -slow} image's tasks pending for 50 steps (10 s here): a rollout that takes a while. */
  private static final String SLOW = "1.3.0-slow";

  private final AwsEmulator emulator;
  private DesiredStateRepo repo;
  private Path cache;
  private RunningController running;

  RolloutControllerTest(AwsEmulator emulator) {
    this.emulator = emulator;
  }

  @BeforeEach
  void start(@TempDir Path repoDir, @TempDir Path cacheDir) throws Exception {
    assumeThat(emulator.runsTasks()).as("needs the emulator's ECS runtime model").isTrue();
    EcrImages.push(emulator, "1.0.0");
    EcrImages.push(emulator, "1.1.0");
    EcrImages.push(emulator, CRASHING);
    EcrImages.push(emulator, SLOW);
    repo = DesiredStateRepo.create(repoDir);
    cache = cacheDir;
    running = controller(Map.of());
  }

  @AfterEach
  void stop() {
    if (running != null) {
      running.close();
    }
    if (repo != null) {
      repo.close();
    }
  }

  private RunningController controller(Map<String, String> more) {
    var properties = repo.source(cache);
    properties.putAll(more);
    return RunningController.start(emulator, properties);
  }

  private static StackStatus hello(RunningController controller) {
    return controller.bean(StatusBoard.class).stack("hello").orElseThrow();
  }

  /** Passes, one after the other as a requeue would make them, until the stack's health is the one wanted. */
  private static StackStatus passUntil(RunningController controller, Health health) {
    return passUntil(controller, status -> status.health() == health);
  }

  private static StackStatus passUntil(RunningController controller, Predicate<StackStatus> wanted) {
    try {
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).until(() -> {
        controller.bean(Controller.class).runOnce("test");
        return wanted.test(hello(controller));
      });
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      throw new AssertionError("the stack never got there; it is " + hello(controller) + "\nevents: "
          + controller.bean(StatusBoard.class).events(Optional.of("hello"), 30), e);
    }
    return hello(controller);
  }

  /** ECS's circuit breaker tripped, the service is rolled back and steady again: the failure is all that moves. */
  private static StackStatus passUntilRolledBack(RunningController controller) {
    return passUntil(controller, status -> status.rollout()
        .map(rollout -> rollout.failure().isPresent() && !rollout.moving()).orElse(false));
  }

  private JsonNode service() {
    return emulator.cli("ecs", "describe-services", "--cluster", "hello", "--services", "hello", "--include", "TAGS")
        .assertOk().json().path("services").get(0);
  }

  /** Stopped tasks of the service whose image has this tag, counted by the AWS CLI (the emulator keeps them). */
  private long tasksStoppedOn(String tag) {
    var arns = emulator.cli("ecs", "list-tasks", "--cluster", "hello", "--desired-status", "STOPPED").assertOk().json()
        .path("taskArns").valueStream().map(JsonNode::asString).toList();
    if (arns.isEmpty()) {
      return 0;
    }
    var args = new ArrayList<>(List.of("ecs", "describe-tasks", "--cluster", "hello", "--tasks"));
    args.addAll(arns);
    var byTaskDefinition = emulator.cli(args.toArray(String[]::new)).assertOk().json().path("tasks").valueStream()
        .collect(Collectors.groupingBy(task -> task.path("taskDefinitionArn").asString(), Collectors.counting()));
    return byTaskDefinition.entrySet().stream().filter(e -> image(e.getKey()).endsWith(":" + tag))
        .mapToLong(Map.Entry::getValue).sum();
  }

  private String image(String taskDefinition) {
    return emulator.cli("ecs", "describe-task-definition", "--task-definition", taskDefinition).assertOk().json()
        .path("taskDefinition").path("containerDefinitions").get(0).path("image").asString();
  }

  private static long calls(RunningController controller, String operation) {
    return controller.bean(RegionalClients.class).counter().snapshot().entrySet().stream()
        .filter(e -> e.getKey().operation().equals(operation)).mapToLong(Map.Entry::getValue).sum();
  }

  private static String tag(JsonNode service, String key) {
    for (var tag : service.path("tags")) {
      if (tag.path("key").asString().equals(key)) {
        return tag.path("value").asString();
      }
    }
    return null;
  }

  @Test
  void aGoodRolloutGoesHealthyThenACrashingImageIsRolledBackByEcsAndHeldUntilACommitFixesIt() throws Exception {
    running.bean(Controller.class).runOnce("test");
    assertThat(hello(running).health()).isEqualTo(Health.Progressing);
    assertThat(hello(running).rollout()).hasValueSatisfying(r -> assertThat(r.phase())
        .isEqualTo(RolloutStatus.Phase.PROGRESSING));

    var healthy = passUntil(running, Health.Healthy);

    assertThat(running.get("/actuator/prometheus").body())
        .contains("reconciler_rollouts_total{outcome=\"completed\",stack=\"hello\"} 1.0");
    assertThat(healthy.sync()).isEqualTo(Sync.Synced);
    assertThat(healthy.rollout().orElseThrow().summary()).matches("hello:1: 2/2 running, 2 targets healthy");
    assertThat(service().path("deployments")).singleElement()
        .satisfies(d -> assertThat(d.path("rolloutState").asString()).isEqualTo("COMPLETED"));
    var targetGroup = service().path("loadBalancers").get(0).path("targetGroupArn").asString();
    var targets = emulator.cli("elbv2", "describe-target-health", "--target-group-arn", targetGroup).assertOk().json()
        .path("TargetHealthDescriptions");
    assertThat(targets).hasSize(2).allSatisfy(t ->
        assertThat(t.path("TargetHealth").path("State").asString()).isEqualTo("healthy"));
    assertThat(running.bean(StatusBoard.class).events(Optional.of("hello"), 20)).extracting(StackEvent::type)
        .contains("RolloutCompleted");
    var good = service().path("taskDefinition").asString();

    repo.editHello(yaml -> yaml.replace("tag: \"1.0.0\"", "tag: \"" + CRASHING + "\""), "release 1.2.0");
    var degraded = passUntilRolledBack(running);

    // ECS rolled the service back to the good revision; the failed one is recorded on the service itself.
    var service = service();
    assertThat(service.path("taskDefinition").asString()).isEqualTo(good);
    var failed = tag(service, "ecs-reconciler/failed-task-definition");
    assertThat(image(failed)).endsWith(":" + CRASHING);
    assertThat(degraded.health()).isEqualTo(Health.Degraded);
    assertThat(degraded.lastError()).hasValueSatisfying(e -> assertThat(e).contains("tasks failed to start"));
    assertThat(service.path("deployments")).singleElement()
        .satisfies(d -> assertThat(d.path("rolloutState").asString()).isEqualTo("COMPLETED"));
    assertThat(running.bean(StatusBoard.class).events(Optional.of("hello"), 30)).extracting(StackEvent::type)
        .contains("RolloutStarted", "RolloutFailed");
    var api = running.getJson("/api/v1/stacks/hello");
    assertThat(api.path("health").asString()).isEqualTo("Degraded");
    assertThat(api.path("rollout").path("phase").asString()).isEqualTo("DEGRADED");
    assertThat(api.path("rollout").path("failure").path("taskDefinition").asString()).startsWith("hello:");
    assertThat(api.path("rollout").path("failure").path("revision").asString()).hasSize(40);
    assertThat(api.path("rollout").path("events").size()).isPositive();
    assertThat(running.get("/actuator/prometheus").body())
        .contains("reconciler_rollouts_total{outcome=\"rolled_back\",stack=\"hello\"} 1.0")
        .contains("reconciler_rollout_duration_seconds_count{outcome=\"rolled_back\",stack=\"hello\"}");

    // Three more passes: the rollout is not started again, not one call towards it.
    var updates = calls(running, "UpdateService");
    var registers = calls(running, "RegisterTaskDefinition");
    for (int pass = 0; pass < 3; pass++) {
      running.bean(Controller.class).runOnce("test");
    }
    assertThat(calls(running, "UpdateService")).isEqualTo(updates);
    assertThat(calls(running, "RegisterTaskDefinition")).isEqualTo(registers);
    assertThat(hello(running).health()).isEqualTo(Health.Degraded);
    assertThat(hello(running).sync()).isEqualTo(Sync.OutOfSync);
    assertThat(hello(running).lastPlan().orElseThrow().changes()).anySatisfy(change -> {
      assertThat(change.key().toString()).isEqualTo("ecs-service");
      assertThat(change.onlyHeld()).isTrue();
      assertThat(change.hold().why()).contains("rollout of hello:", "failed", "--retry-failed");
    });

    // Other drift is still put right meanwhile.
    emulator.cli("ecs", "update-service", "--cluster", "hello", "--service", "hello", "--desired-count", "5")
        .assertOk();
    running.bean(Controller.class).runOnce("test");
    assertThat(service().path("desiredCount").asInt()).isEqualTo(2);
    assertThat(service().path("taskDefinition").asString()).isEqualTo(good);

    // A commit that changes the image rolls out and clears the record.
    repo.editHello(yaml -> yaml.replace("tag: \"" + CRASHING + "\"", "tag: \"1.1.0\""), "release 1.1.0");
    var fixed = passUntil(running, Health.Healthy);
    assertThat(image(service().path("taskDefinition").asString())).endsWith(":1.1.0");
    assertThat(tag(service(), "ecs-reconciler/failed-task-definition")).isNull();
    assertThat(fixed.sync()).isEqualTo(Sync.Synced);
  }

  @Test
  void aSecondReplicaAndANewProcessDoNotStartTheFailedRolloutAgainUntilARetryIsAsked(@TempDir Path cacheB)
      throws Exception {
    running.close();
    var replica = Map.of("reconciler.lease.type", "dynamodb", "reconciler.lease.duration", "10s",
        "reconciler.lease.heartbeat", "2s");
    running = controller(with(replica, "reconciler.lease.holder", "replica-a"));
    passUntil(running, Health.Healthy);
    var good = service().path("taskDefinition").asString();
    repo.editHello(yaml -> yaml.replace("tag: \"1.0.0\"", "tag: \"" + CRASHING + "\""), "release 1.2.0");
    passUntilRolledBack(running);
    var updatesByA = calls(running, "UpdateService");
    var registersByA = calls(running, "RegisterTaskDefinition");

    // Replica B starts now (as a restarted controller would) and takes turns with A: neither starts it again.
    try (var b = controller(with(with(replica, "reconciler.lease.holder", "replica-b"),
        "reconciler.source.git.cache-dir", cacheB.toString()))) {
      for (int pass = 0; pass < 3; pass++) {
        b.bean(Controller.class).runOnce("test");
        running.bean(Controller.class).runOnce("test");
      }
      assertThat(calls(b, "UpdateService")).isZero();
      assertThat(calls(b, "RegisterTaskDefinition")).isZero();
      assertThat(calls(running, "UpdateService")).isEqualTo(updatesByA);
      assertThat(calls(running, "RegisterTaskDefinition")).isEqualTo(registersByA);
      for (var replicaStatus : List.of(hello(b), hello(running))) {
        assertThat(replicaStatus.health()).isEqualTo(Health.Degraded);
        assertThat(replicaStatus.rollout().orElseThrow().failure()).hasValueSatisfying(f ->
            assertThat(image(f.taskDefinition())).endsWith(":" + CRASHING));
      }
      assertThat(service().path("taskDefinition").asString()).isEqualTo(good);

      var crashedBefore = tasksStoppedOn(CRASHING);
      var retry = b.post("/api/v1/stacks/hello/sync?retry=true", "",
          "Authorization", "Bearer " + RunningController.API_TOKEN);
      assertThat(retry.statusCode()).isEqualTo(202);
      await().atMost(Duration.ofSeconds(20)).until(() -> calls(b, "UpdateService") == 1);
      passUntilRolledBack(b);
      // The retry ran the failed release again: ECS stopped more of its tasks (the service itself may be back on
      // the good revision before a describe here sees the crashing one, on a busy machine).
      assertThat(tasksStoppedOn(CRASHING)).isGreaterThan(crashedBefore);
      running.bean(Controller.class).runOnce("test");
      assertThat(service().path("taskDefinition").asString()).isEqualTo(good);
      assertThat(calls(b, "UpdateService")).as("the retry, once; events: %s",
          b.bean(StatusBoard.class).events(Optional.of("hello"), 30)).isEqualTo(1);
      assertThat(calls(running, "UpdateService")).isEqualTo(updatesByA);
    }
  }

  private static Map<String, String> with(Map<String, String> properties, String key, String value) {
    var more = new HashMap<>(properties);
    more.put(key, value);
    return more;
  }

  @Test
  void aSlowRolloutOfOneStackDoesNotHoldUpACommitToAnother() throws Exception {
    passUntil(running, Health.Healthy);
    repo.commit("world.yaml", java.nio.file.Files.readString(DesiredStateRepo.HELLO)
        .replace("name: hello", "name: world").replace("10.20.", "10.30."), "add world");
    running.bean(Controller.class).runOnce("test");
    var world = running.bean(StatusBoard.class).stack("world").orElseThrow();
    assertThat(world.sync()).isEqualTo(Sync.Synced);

    repo.editHello(yaml -> yaml.replace("tag: \"1.0.0\"", "tag: \"" + SLOW + "\""), "hello 1.3.0, a big image");
    running.bean(Controller.class).runOnce("test");
    var commit = repo.commit("world.yaml", java.nio.file.Files.readString(DesiredStateRepo.HELLO)
        .replace("name: hello", "name: world").replace("10.20.", "10.30.").replace("desiredCount: 2", "desiredCount: 3"),
        "three worlds");
    running.bean(Controller.class).runOnce("test");

    assertThat(hello(running).rollout().orElseThrow().moving()).as(hello(running).toString()).isTrue();
    world = running.bean(StatusBoard.class).stack("world").orElseThrow();
    assertThat(world.revision()).isEqualTo(commit);
    assertThat(world.sync()).isEqualTo(Sync.Synced);
    assertThat(emulator.cli("ecs", "describe-services", "--cluster", "world", "--services", "world").assertOk().json()
        .path("services").get(0).path("desiredCount").asInt()).isEqualTo(3);
  }

  @Test
  void theControllerLooksAgainAtAMovingRolloutByItself() throws Exception {
    running.close();
    running = controller(Map.of("reconciler.requeue-after", "300ms"));

    running.bean(Controller.class).runOnce("test"); // the only pass the test asks for

    await().atMost(Duration.ofSeconds(30)).until(() -> hello(running).health() == Health.Healthy);
  }

  @Test
  void aFailedPostDeployCheckRollsTheServiceBackAndHoldsTheRelease() throws Exception {
    try (var standIn = StandInService.start()) {
      running.close();
      running = controller(Map.of("reconciler.verify.connect-to", standIn.connectTo()));
      repo.editHello(yaml -> yaml.replace("    logRetentionDays: 14\n", "    logRetentionDays: 14\n"
          + "    verify:\n      bodyContains: Hello world\n      attempts: 2\n      timeoutSeconds: 2\n"
          + "      onFailure: rollback\n"), "verify hello");
      var healthy = passUntil(running, Health.Healthy);
      await().atMost(Duration.ofSeconds(20)).until(() -> {
        running.bean(Controller.class).runOnce("test");
        return tag(service(), "ecs-reconciler/verified-deployment") != null;
      });
      assertThat(standIn.requests()).isPositive();
      var good = service().path("taskDefinition").asString();

      standIn.answer(500, "<h1>Internal Server Error</h1>");
      repo.editHello(yaml -> yaml.replace("tag: \"1.0.0\"", "tag: \"1.1.0\""), "release 1.1.0");
      var degraded = passUntilRolledBack(running);

      assertThat(degraded.rollout().orElseThrow().summary()).contains("post-deploy check", "answered 500");
      assertThat(running.bean(StatusBoard.class).events(Optional.of("hello"), 30)).extracting(StackEvent::type)
          .contains("VerifyFailed");
      assertThat(service().path("taskDefinition").asString()).isEqualTo(good);
      var failed = tag(service(), "ecs-reconciler/failed-task-definition");
      assertThat(image(failed)).endsWith(":1.1.0");
      var updates = calls(running, "UpdateService");
      for (int pass = 0; pass < 3; pass++) {
        running.bean(Controller.class).runOnce("test");
      }
      assertThat(calls(running, "UpdateService")).isEqualTo(updates);
      assertThat(hello(running).health()).isEqualTo(Health.Degraded);
      assertThat(healthy.rollout()).isPresent();
    }
  }
}
