package io.ecsreconciler.resource.taskdefinition;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecsreconciler.aws.ApiCallCounter;
import io.ecsreconciler.aws.AwsClients;
import io.ecsreconciler.engine.Delta;
import io.ecsreconciler.engine.ResourceKey;
import io.ecsreconciler.engine.Stack;
import io.ecsreconciler.resource.StackReads;
import io.ecsreconciler.testing.AwsEmulator;
import io.ecsreconciler.testing.AwsEmulatorTest;
import io.ecsreconciler.testing.faults.FaultProxy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

@AwsEmulatorTest
class TaskDefinitionKindTest {

  private static final String FAMILY = "t1";
  private static final String ROLE = "arn:aws:iam::123456789012:role/t1-execution";
  private static final String REPOSITORY = "123456789012.dkr.ecr.us-east-1.amazonaws.com/hello";
  private static final ResourceKey KEY = ResourceKey.single(TaskDefinitionKind.KIND);

  private final Stack stack = new Stack("t1");
  private final AwsEmulator emulator;
  private final TaskDefinitionKind kind;
  private final TaskDefinitionState desired = state("1.0.0");

  TaskDefinitionKindTest(AwsEmulator emulator) {
    this.emulator = emulator;
    this.kind = new TaskDefinitionKind(emulator.clients().ecs(), StackReads.fresh(emulator.clients()), FAMILY, 3);
  }

  private static TaskDefinitionState state(String tag) {
    return new TaskDefinitionState(FAMILY, REPOSITORY + ":" + tag, 256, 512, 8888, ROLE, "/ecs/t1", "us-east-1");
  }

  /**
   * The register's answer is lost after ECS registered the revision; the SDK sends it again and ECS registers an
   * identical one. Only the newest is ever observed, so the first would stay registered for good.
   */
  @Test
  void aRegisterSentAgainAfterItsAnswerWasLostLeavesOneActiveRevision() {
    try (var proxy = FaultProxy.start(emulator.endpoint());
         var clients = AwsClients.create(emulator.settings().withEndpoint(proxy.uri()), new ApiCallCounter())) {
      var lost = new AtomicBoolean();
      proxy.watchMutations((call, number) -> !(call.operation().equals("RegisterTaskDefinition")
          && lost.compareAndSet(false, true)));

      var created = new TaskDefinitionKind(clients.ecs(), StackReads.fresh(clients), FAMILY, 3).create(stack, KEY, desired);

      assertThat(proxy.counts().requests("ecs:RegisterTaskDefinition")).isEqualTo(2);
      var active = emulator.cli("ecs", "list-task-definitions", "--family-prefix", FAMILY, "--status", "ACTIVE")
          .assertOk().json().path("taskDefinitionArns");
      assertThat(active.valueStream().map(JsonNode::asString)).containsExactly(created.id());
    }
  }

  @Test
  void createdRevisionObservesEqualToDesiredAndCarriesTheOwnershipTags() {
    var created = kind.create(stack, KEY, desired);

    var observed = kind.observe(stack).get(KEY);
    assertThat(observed.state()).isEqualTo(desired);
    assertThat(created.state()).isEqualTo(desired);
    assertThat(created.outputs()).isEqualTo(observed.outputs()).containsKeys("id", "arn");
    var described = emulator.cli("ecs", "describe-task-definition", "--task-definition", created.id(),
        "--include", "TAGS").assertOk().json();
    var tags = new HashMap<String, String>();
    described.path("tags").forEach(tag -> tags.put(tag.path("key").asString(), tag.path("value").asString()));
    assertThat(stack.ownedKey(tags)).contains(KEY);
    var definition = described.path("taskDefinition");
    assertThat(definition.path("networkMode").asString()).isEqualTo("awsvpc");
    assertThat(definition.path("requiresCompatibilities").get(0).asString()).isEqualTo("FARGATE");
    var container = definition.path("containerDefinitions").get(0);
    assertThat(container.path("name").asString()).isEqualTo(FAMILY);
    assertThat(container.path("essential").asBoolean()).isTrue();
    assertThat(container.path("logConfiguration").path("options").path("awslogs-stream-prefix").asString())
        .isEqualTo(FAMILY);
  }

  @Test
  void revisionRegisteredOutOfBandIsSeenAsDeltaAndCorrectedByANewRevision() {
    var created = kind.create(stack, KEY, desired);
    var tagArgs = new ArrayList<String>();
    stack.ownershipTags(KEY).forEach((k, v) -> tagArgs.add("key=" + k + ",value=" + v));
    var args = new ArrayList<>(List.of("ecs", "register-task-definition", "--family", FAMILY,
        "--requires-compatibilities", "FARGATE", "--network-mode", "awsvpc", "--cpu", "256", "--memory", "512",
        "--execution-role-arn", ROLE, "--container-definitions",
        "[{\"name\":\"t1\",\"image\":\"" + REPOSITORY + ":0.9.0\",\"essential\":true,"
            + "\"portMappings\":[{\"containerPort\":8888}],\"logConfiguration\":{\"logDriver\":\"awslogs\","
            + "\"options\":{\"awslogs-group\":\"/ecs/t1\",\"awslogs-region\":\"us-east-1\"}}}]",
        "--tags"));
    args.addAll(tagArgs);
    emulator.cli(args.toArray(String[]::new)).assertOk();

    var drifted = kind.observe(stack).get(KEY);
    var deltas = Delta.between(desired, drifted.state());
    assertThat(deltas).containsExactly(new Delta("image", REPOSITORY + ":1.0.0", REPOSITORY + ":0.9.0"));

    var updated = kind.update(stack, KEY, drifted, desired, deltas);

    var observed = kind.observe(stack).get(KEY);
    assertThat(observed.state()).isEqualTo(desired);
    assertThat(observed.id()).isEqualTo(updated.id()).isNotEqualTo(created.id()).endsWith(":3");
  }

  @Test
  void updatesKeepOnlyTheNewestThreeActiveRevisions() {
    var current = kind.create(stack, KEY, desired);
    for (var tag : List.of("1.0.1", "1.0.2", "1.0.3", "1.0.4")) {
      var next = state(tag);
      current = kind.update(stack, KEY, current, next, Delta.between(next, current.state()));
    }

    assertThat(activeArns()).extracting(arn -> arn.substring(arn.lastIndexOf(':') + 1))
        .containsExactlyInAnyOrder("3", "4", "5");
    assertThat(kind.observe(stack).get(KEY).state()).isEqualTo(state("1.0.4"));
  }

  @Test
  void deleteDeregistersEveryOwnedRevisionAndASecondDeleteIsANoOp() {
    var created = kind.create(stack, KEY, desired);
    created = kind.update(stack, KEY, created, state("2.0.0"), List.of());

    kind.delete(stack, KEY, created);
    kind.delete(stack, KEY, created);

    assertThat(activeArns()).isEmpty();
    assertThat(kind.observe(stack)).isEmpty();
  }

  @Test
  void foreignUntaggedRevisionIsNotObservedAndNotDeregistered() {
    emulator.cli("ecs", "register-task-definition", "--family", FAMILY,
        "--container-definitions", "[{\"name\":\"x\",\"image\":\"nginx\",\"memory\":128}]").assertOk();

    assertThat(kind.observe(stack)).isEmpty();
    kind.delete(stack, KEY, null);
    assertThat(activeArns()).hasSize(1);
  }

  private List<String> activeArns() {
    JsonNode arns = emulator.cli("ecs", "list-task-definitions", "--family-prefix", FAMILY, "--status", "ACTIVE")
        .assertOk().json().path("taskDefinitionArns");
    var list = new ArrayList<String>();
    arns.forEach(arn -> list.add(arn.asString()));
    return list;
  }
}
