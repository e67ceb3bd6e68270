package io.ecsreconciler.resource.loggroup;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecsreconciler.engine.Delta;
import io.ecsreconciler.engine.ResourceKey;
import io.ecsreconciler.engine.Stack;
import io.ecsreconciler.resource.StackReads;
import io.ecsreconciler.testing.AwsEmulator;
import io.ecsreconciler.testing.AwsEmulatorTest;
import org.junit.jupiter.api.Test;

@AwsEmulatorTest
class LogGroupKindTest {

  private static final String NAME = "/ecs/t1";
  private static final ResourceKey KEY = ResourceKey.single(LogGroupKind.KIND);

  private final Stack stack = new Stack("t1");
  private final AwsEmulator emulator;
  private final LogGroupKind kind;

  LogGroupKindTest(AwsEmulator emulator) {
    this.emulator = emulator;
    this.kind = new LogGroupKind(emulator.clients().logs(), StackReads.fresh(emulator.clients()), NAME);
  }

  @Test
  void createdLogGroupObservesEqualToDesiredAndCarriesTheOwnershipTags() {
    var desired = new LogGroupState(NAME, 14);

    var created = kind.create(stack, KEY, desired);

    var observed = kind.observe(stack).get(KEY);
    assertThat(observed.state()).isEqualTo(desired);
    assertThat(created.state()).isEqualTo(desired);
    assertThat(created.outputs()).isEqualTo(observed.outputs());
    var arn = created.outputs().get("arn");
    var tags = emulator.cli("logs", "list-tags-for-resource", "--resource-arn", arn).assertOk().json().path("tags");
    assertThat(tags.path(Stack.STACK_TAG).asString()).isEqualTo("t1");
    assertThat(tags.path(Stack.RESOURCE_TAG).asString()).isEqualTo("log-group");
    assertThat(tags.path(Stack.MANAGED_BY_TAG).asString()).isEqualTo(Stack.MANAGED_BY_VALUE);
  }

  @Test
  void retentionChangedOutOfBandIsSeenAsDeltaAndCorrected() {
    var desired = new LogGroupState(NAME, 14);
    kind.create(stack, KEY, desired);
    emulator.cli("logs", "put-retention-policy", "--log-group-name", NAME, "--retention-in-days", "30").assertOk();

    var drifted = kind.observe(stack).get(KEY);
    var deltas = Delta.between(desired, drifted.state());
    assertThat(deltas).containsExactly(new Delta("retentionDays", 14, 30));

    kind.update(stack, KEY, drifted, desired, deltas);

    assertThat(kind.observe(stack).get(KEY).state()).isEqualTo(desired);
  }

  @Test
  void deleteRemovesTheLogGroupAndASecondDeleteIsANoOp() {
    var created = kind.create(stack, KEY, new LogGroupState(NAME, 14));

    kind.delete(stack, KEY, created);
    kind.delete(stack, KEY, created);

    var groups = emulator.cli("logs", "describe-log-groups", "--log-group-name-prefix", NAME).assertOk().json();
    assertThat(groups.path("logGroups").size()).isZero();
    assertThat(kind.observe(stack)).isEmpty();
  }

  @Test
  void foreignUntaggedLogGroupOfTheSameNameIsNotObserved() {
    emulator.cli("logs", "create-log-group", "--log-group-name", NAME).assertOk();

    assertThat(kind.observe(stack)).isEmpty();
  }
}
