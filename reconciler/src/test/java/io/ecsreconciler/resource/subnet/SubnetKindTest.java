package io.ecsreconciler.resource.subnet;

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
class SubnetKindTest {

  static final Stack STACK = new Stack("t1");
  static final ResourceKey KEY = ResourceKey.of("subnet", "private-a");

  private final AwsEmulator emulator;
  private final SubnetKind kind;
  private SubnetState desired;

  SubnetKindTest(AwsEmulator emulator) {
    this.emulator = emulator;
    this.kind = new SubnetKind(emulator.clients().ec2(), StackReads.fresh(emulator.clients()));
  }

  /** After the emulator's reset, which comes after the constructor. */
  @BeforeEach
  void createVpc() {
    var vpcId = emulator.clients().ec2().createVpc(r -> r.cidrBlock("10.20.0.0/16")).vpc().vpcId();
    desired = new SubnetState(vpcId, "10.20.10.0/24", "us-east-1a", false);
  }

  @Test
  void createdSubnetObservesEqualToDesiredAndCarriesTheOwnershipTags() {
    var created = kind.create(STACK, KEY, desired);

    var observed = kind.observe(STACK);
    assertThat(observed).containsOnlyKeys(KEY);
    assertThat(observed.get(KEY).state()).isEqualTo(desired).isEqualTo(created.state());
    assertThat(created.outputs()).isEqualTo(observed.get(KEY).outputs()).containsEntry("id", created.id());
    var subnet = emulator.cli("ec2", "describe-subnets", "--subnet-ids", created.id()).assertOk().json()
        .path("Subnets").get(0);
    assertThat(tags(subnet)).containsAllEntriesOf(STACK.ownershipTags(KEY)).containsEntry("Name", "t1-private-a");
  }

  @Test
  void aSubnetWantingPublicIpsIsCreatedHandingThemOut() {
    var publicIps = new SubnetState(desired.vpcId(), desired.cidr(), desired.availabilityZone(), true);

    var created = kind.create(STACK, KEY, publicIps);

    assertThat(created.state()).isEqualTo(publicIps);
    assertThat(kind.observe(STACK).get(KEY).state()).isEqualTo(publicIps);
  }

  @Test
  void publicIpsTurnedOnOutOfBandAreADeltaAndUpdateTurnsThemOff() {
    var id = kind.create(STACK, KEY, desired).id();
    emulator.cli("ec2", "modify-subnet-attribute", "--subnet-id", id, "--map-public-ip-on-launch").assertOk();

    var actual = kind.observe(STACK).get(KEY);
    var deltas = Delta.between(desired, actual.state());
    assertThat(deltas).extracting(Delta::path).containsExactly("mapPublicIpOnLaunch");

    assertThat(kind.update(STACK, KEY, actual, desired, deltas).state()).isEqualTo(desired);
    assertThat(kind.observe(STACK).get(KEY).state()).isEqualTo(desired);
  }

  @Test
  void deleteRemovesTheSubnetAndASecondDeleteIsANoOp() {
    var created = kind.create(STACK, KEY, desired);

    kind.delete(STACK, KEY, created);
    kind.delete(STACK, KEY, created);

    assertThat(kind.observe(STACK)).isEmpty();
    var subnets = emulator.cli("ec2", "describe-subnets", "--filters", "Name=subnet-id,Values=" + created.id())
        .assertOk().json();
    assertThat(subnets.path("Subnets").size()).isZero();
  }

  @Test
  void aForeignSubnetOfTheSameNameIsNeitherObservedNorDeleted() {
    var foreign = emulator.cli("ec2", "create-subnet", "--vpc-id", desired.vpcId(), "--cidr-block", "10.20.11.0/24",
        "--tag-specifications", "ResourceType=subnet,Tags=[{Key=Name,Value=t1-private-a}]").assertOk().json()
        .path("Subnet").path("SubnetId").asString();
    var mine = kind.create(STACK, KEY, desired);

    assertThat(kind.observe(STACK)).containsOnlyKeys(KEY);
    kind.delete(STACK, KEY, mine);

    assertThat(kind.observe(STACK)).isEmpty();
    emulator.cli("ec2", "describe-subnets", "--subnet-ids", foreign).assertOk();
  }

  static Map<String, String> tags(JsonNode resource) {
    var tags = new HashMap<String, String>();
    resource.path("Tags").forEach(tag -> tags.put(tag.path("Key").asString(), tag.path("Value").asString()));
    return tags;
  }
}
