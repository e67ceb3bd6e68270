package io.ecsreconciler.resource.targetgroup;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecsreconciler.engine.Delta;
import io.ecsreconciler.engine.ResourceKey;
import io.ecsreconciler.engine.Stack;
import io.ecsreconciler.resource.LoadBalancing;
import io.ecsreconciler.resource.StackReads;
import io.ecsreconciler.testing.AwsEmulator;
import io.ecsreconciler.testing.AwsEmulatorTest;
import java.util.HashMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@AwsEmulatorTest
class TargetGroupKindTest {

  private static final String NAME = "t1-tg";
  private static final ResourceKey KEY = ResourceKey.single(TargetGroupKind.KIND);

  private final Stack stack = new Stack("t1");
  private final AwsEmulator emulator;
  private String vpcId;
  private TargetGroupState desired;

  TargetGroupKindTest(AwsEmulator emulator) {
    this.emulator = emulator;
  }

  /** After the emulator's reset, which comes after the constructor. */
  @BeforeEach
  void createVpc() {
    vpcId = emulator.clients().ec2().createVpc(r -> r.cidrBlock("10.9.0.0/16")).vpc().vpcId();
    desired = new TargetGroupState(NAME, vpcId, "HTTP", 8888, "ip", "/hello");
  }

  /** A fresh kind per pass, as the engine makes them: the shared ELB lookups are remembered for one pass only. */
  private TargetGroupKind kind() {
    var elb = emulator.clients().elb();
    return new TargetGroupKind(new LoadBalancing(StackReads.fresh(emulator.clients()), "t1-alb", NAME), elb);
  }

  @Test
  void createdTargetGroupObservesEqualToDesiredAndCarriesTheOwnershipTags() {
    var created = kind().create(stack, KEY, desired);

    var observed = kind().observe(stack).get(KEY);
    assertThat(observed.state()).isEqualTo(desired);
    assertThat(created.state()).isEqualTo(desired);
    assertThat(created.outputs()).isEqualTo(observed.outputs()).containsKeys("id", "arn");
    var tags = new HashMap<String, String>();
    emulator.cli("elbv2", "describe-tags", "--resource-arns", created.id()).assertOk().json()
        .path("TagDescriptions").get(0).path("Tags")
        .forEach(tag -> tags.put(tag.path("Key").asString(), tag.path("Value").asString()));
    assertThat(stack.ownedKey(tags)).contains(KEY);
    var group = emulator.cli("elbv2", "describe-target-groups", "--names", NAME).assertOk().json()
        .path("TargetGroups").get(0);
    assertThat(group.path("Matcher").path("HttpCode").asString()).isEqualTo("200");
  }

  @Test
  void healthCheckPathChangedOutOfBandIsSeenAsDeltaAndCorrected() {
    var created = kind().create(stack, KEY, desired);
    emulator.cli("elbv2", "modify-target-group", "--target-group-arn", created.id(),
        "--health-check-path", "/other").assertOk();

    var drifted = kind().observe(stack).get(KEY);
    var deltas = Delta.between(desired, drifted.state());
    assertThat(deltas).containsExactly(new Delta("healthCheckPath", "/hello", "/other"));

    kind().update(stack, KEY, drifted, desired, deltas);

    assertThat(kind().observe(stack).get(KEY).state()).isEqualTo(desired);
  }

  @Test
  void deleteRemovesTheTargetGroupAndASecondDeleteIsANoOp() {
    var created = kind().create(stack, KEY, desired);

    kind().delete(stack, KEY, created);
    kind().delete(stack, KEY, created);

    assertThat(emulator.cli("elbv2", "describe-target-groups", "--names", NAME).exitCode()).isNotZero();
    assertThat(kind().observe(stack)).isEmpty();
  }

  @Test
  void foreignUntaggedTargetGroupOfTheSameNameIsNotObserved() {
    emulator.cli("elbv2", "create-target-group", "--name", NAME, "--protocol", "HTTP", "--port", "8888",
        "--vpc-id", vpcId, "--target-type", "ip").assertOk();

    assertThat(kind().observe(stack)).isEmpty();
  }
}
