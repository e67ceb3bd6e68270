package io.ecsreconciler.resource.internetgateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecsreconciler.engine.Delta;
import io.ecsreconciler.engine.ResourceKey;
import io.ecsreconciler.engine.Stack;
import io.ecsreconciler.resource.StackReads;
import io.ecsreconciler.testing.AwsEmulator;
import io.ecsreconciler.testing.AwsEmulatorTest;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

@AwsEmulatorTest
class InternetGatewayKindTest {

  static final Stack STACK = new Stack("t1");
  static final ResourceKey KEY = ResourceKey.single("internet-gateway");

  private final AwsEmulator emulator;
  private final InternetGatewayKind kind;
  private InternetGatewayState desired;

  InternetGatewayKindTest(AwsEmulator emulator) {
    this.emulator = emulator;
    this.kind = new InternetGatewayKind(emulator.clients().ec2(), StackReads.fresh(emulator.clients()));
  }

  /** After the emulator's reset, which comes after the constructor. */
  @BeforeEach
  void createVpc() {
    desired = new InternetGatewayState(newVpc());
  }

  private String newVpc() {
    return emulator.clients().ec2().createVpc(r -> r.cidrBlock("10.20.0.0/16")).vpc().vpcId();
  }

  @Test
  void createdGatewayIsAttachedObservesEqualToDesiredAndCarriesTheOwnershipTags() {
    var created = kind.create(STACK, KEY, desired);

    var observed = kind.observe(STACK);
    assertThat(observed).containsOnlyKeys(KEY);
    assertThat(observed.get(KEY).state()).isEqualTo(desired).isEqualTo(created.state());
    assertThat(created.outputs()).isEqualTo(observed.get(KEY).outputs()).containsEntry("id", created.id());
    var gateway = describe(created.id());
    assertThat(tags(gateway)).containsAllEntriesOf(STACK.ownershipTags(KEY)).containsEntry("Name", "t1-internet-gateway");
    assertThat(gateway.path("Attachments").get(0).path("VpcId").asString()).isEqualTo(desired.vpcId());
  }

  @Test
  void aGatewayDetachedOutOfBandIsADeltaAndUpdateAttachesItAgain() {
    var id = kind.create(STACK, KEY, desired).id();
    emulator.cli("ec2", "detach-internet-gateway", "--internet-gateway-id", id, "--vpc-id", desired.vpcId()).assertOk();

    var actual = kind.observe(STACK).get(KEY);
    var deltas = Delta.between(desired, actual.state());
    assertThat(deltas).containsExactly(new Delta("vpcId", desired.vpcId(), ""));

    assertThat(kind.update(STACK, KEY, actual, desired, deltas).state()).isEqualTo(desired);
    assertThat(kind.observe(STACK).get(KEY).state()).isEqualTo(desired);
  }

  @Test
  void aGatewayMovedToAnotherVpcIsMovedBack() {
    var id = kind.create(STACK, KEY, desired).id();
    var other = newVpc();
    emulator.cli("ec2", "detach-internet-gateway", "--internet-gateway-id", id, "--vpc-id", desired.vpcId()).assertOk();
    emulator.cli("ec2", "attach-internet-gateway", "--internet-gateway-id", id, "--vpc-id", other).assertOk();

    var actual = kind.observe(STACK).get(KEY);
    var deltas = Delta.between(desired, actual.state());
    assertThat(deltas).containsExactly(new Delta("vpcId", desired.vpcId(), other));
    kind.update(STACK, KEY, actual, desired, deltas);

    assertThat(kind.observe(STACK).get(KEY).state()).isEqualTo(desired);
  }

  @Test
  void deleteDetachesAndRemovesTheGatewayAndASecondDeleteIsANoOp() {
    var created = kind.create(STACK, KEY, desired);

    kind.delete(STACK, KEY, created);
    kind.delete(STACK, KEY, created);

    assertThat(kind.observe(STACK)).isEmpty();
    var gateways = emulator.cli("ec2", "describe-internet-gateways", "--filters",
        "Name=internet-gateway-id,Values=" + created.id()).assertOk().json();
    assertThat(gateways.path("InternetGateways").size()).isZero();
  }

  @Test
  void deleteOfAGatewayDetachedMeanwhileStillRemovesIt() {
    var created = kind.create(STACK, KEY, desired);
    emulator.cli("ec2", "detach-internet-gateway", "--internet-gateway-id", created.id(), "--vpc-id", desired.vpcId())
        .assertOk();

    kind.delete(STACK, KEY, created);

    assertThat(kind.observe(STACK)).isEmpty();
  }

  @Test
  void aForeignGatewayOfTheSameNameIsNeitherObservedNorDeleted() {
    var foreign = emulator.cli("ec2", "create-internet-gateway", "--tag-specifications",
        "ResourceType=internet-gateway,Tags=[{Key=Name,Value=t1-internet-gateway}]").assertOk().json()
        .path("InternetGateway").path("InternetGatewayId").asString();
    var mine = kind.create(STACK, KEY, desired);

    assertThat(kind.observe(STACK)).containsOnlyKeys(KEY);
    kind.delete(STACK, KEY, mine);

    assertThat(kind.observe(STACK)).isEmpty();
    assertThat(describe(foreign).path("InternetGatewayId").asString()).isEqualTo(foreign);
  }

  private JsonNode describe(String id) {
    return emulator.cli("ec2", "describe-internet-gateways", "--internet-gateway-ids", id).assertOk().json()
        .path("InternetGateways").get(0);
  }

  static Map<String, String> tags(JsonNode resource) {
    var tags = new HashMap<String, String>();
    resource.path("Tags").forEach(tag -> tags.put(tag.path("Key").asString(), tag.path("Value").asString()));
    return tags;
  }
}
