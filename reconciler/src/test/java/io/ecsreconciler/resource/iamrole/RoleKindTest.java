package io.ecsreconciler.resource.iamrole;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecsreconciler.engine.Delta;
import io.ecsreconciler.engine.ResourceKey;
import io.ecsreconciler.engine.Stack;
import io.ecsreconciler.resource.StackReads;
import io.ecsreconciler.testing.AwsEmulator;
import io.ecsreconciler.testing.AwsEmulatorTest;
import java.util.HashMap;
import java.util.List;
import org.junit.jupiter.api.Test;

@AwsEmulatorTest
class RoleKindTest {

  private static final String NAME = "t1-execution";
  private static final String EXECUTION_POLICY =
      "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy";
  private static final String READ_ONLY_POLICY = "arn:aws:iam::aws:policy/ReadOnlyAccess";
  private static final ResourceKey KEY = ResourceKey.of(RoleKind.KIND, "execution");

  private final Stack stack = new Stack("t1");
  private final AwsEmulator emulator;
  private final RoleKind kind;
  private final RoleState desired = new RoleState(NAME, "ecs-tasks.amazonaws.com", List.of(EXECUTION_POLICY));

  RoleKindTest(AwsEmulator emulator) {
    this.emulator = emulator;
    this.kind = new RoleKind(emulator.clients().iam(), StackReads.fresh(emulator.clients()), NAME);
  }

  @Test
  void createdRoleObservesEqualToDesiredAndCarriesTheOwnershipTags() {
    var created = kind.create(stack, KEY, desired);

    var observed = kind.observe(stack).get(KEY);
    assertThat(observed.state()).isEqualTo(desired);
    assertThat(created.state()).isEqualTo(desired);
    assertThat(created.outputs()).isEqualTo(observed.outputs()).containsKeys("id", "arn");
    var tags = new HashMap<String, String>();
    emulator.cli("iam", "list-role-tags", "--role-name", NAME).assertOk().json().path("Tags")
        .forEach(tag -> tags.put(tag.path("Key").asString(), tag.path("Value").asString()));
    assertThat(stack.ownedKey(tags)).contains(KEY);
  }

  @Test
  void trustedServiceChangedOutOfBandIsSeenAsDeltaAndCorrected() {
    kind.create(stack, KEY, desired);
    emulator.cli("iam", "update-assume-role-policy", "--role-name", NAME,
        "--policy-document", RoleKind.trustPolicy("ec2.amazonaws.com")).assertOk();

    var drifted = kind.observe(stack).get(KEY);
    var deltas = Delta.between(desired, drifted.state());
    assertThat(deltas).containsExactly(new Delta("trustedService", "ecs-tasks.amazonaws.com", "ec2.amazonaws.com"));

    kind.update(stack, KEY, drifted, desired, deltas);

    assertThat(kind.observe(stack).get(KEY).state()).isEqualTo(desired);
  }

  @Test
  void policiesSwappedOutOfBandAreSeenAsDeltaAndCorrected() {
    kind.create(stack, KEY, desired);
    emulator.cli("iam", "detach-role-policy", "--role-name", NAME, "--policy-arn", EXECUTION_POLICY).assertOk();
    emulator.cli("iam", "attach-role-policy", "--role-name", NAME, "--policy-arn", READ_ONLY_POLICY).assertOk();

    var drifted = kind.observe(stack).get(KEY);
    var deltas = Delta.between(desired, drifted.state());
    assertThat(deltas).containsExactly(
        new Delta("managedPolicyArns", List.of(EXECUTION_POLICY), List.of(READ_ONLY_POLICY)));

    kind.update(stack, KEY, drifted, desired, deltas);

    assertThat(kind.observe(stack).get(KEY).state()).isEqualTo(desired);
  }

  @Test
  void deleteDetachesThePoliciesRemovesTheRoleAndASecondDeleteIsANoOp() {
    var created = kind.create(stack, KEY, desired);

    kind.delete(stack, KEY, created);
    kind.delete(stack, KEY, created);

    var result = emulator.cli("iam", "get-role", "--role-name", NAME);
    assertThat(result.exitCode()).isNotZero();
    assertThat(result.stderr()).contains("NoSuchEntity");
    assertThat(kind.observe(stack)).isEmpty();
  }

  @Test
  void foreignUntaggedRoleOfTheSameNameIsNotObserved() {
    emulator.cli("iam", "create-role", "--role-name", NAME,
        "--assume-role-policy-document", RoleKind.trustPolicy("ecs-tasks.amazonaws.com")).assertOk();

    assertThat(kind.observe(stack)).isEmpty();
    emulator.cli("iam", "get-role", "--role-name", NAME).assertOk();
  }
}
