package io.ecsreconciler.resource.vpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecsreconciler.engine.Delta;
import io.ecsreconciler.engine.ResourceKey;
import io.ecsreconciler.engine.Stack;
import io.ecsreconciler.resource.StackReads;
import io.ecsreconciler.testing.AwsEmulator;
import io.ecsreconciler.testing.AwsEmulatorTest;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

@AwsEmulatorTest
class VpcKindTest {

  static final Stack STACK = new Stack("t1");
  static final ResourceKey KEY = ResourceKey.single("vpc");
  static final VpcState DESIRED = new VpcState("10.20.0.0/16", true, true);

  private final AwsEmulator emulator;
  private final VpcKind kind;

  VpcKindTest(AwsEmulator emulator) {
    this.emulator = emulator;
    this.kind = new VpcKind(emulator.clients().ec2(), StackReads.fresh(emulator.clients()));
  }

  @Test
  void createdVpcObservesEqualToDesiredAndCarriesTheOwnershipTags() {
    var created = kind.create(STACK, KEY, DESIRED);

    var observed = kind.observe(STACK);
    assertThat(observed).containsOnlyKeys(KEY);
    assertThat(observed.get(KEY).state()).isEqualTo(DESIRED);
    assertThat(created.state()).isEqualTo(DESIRED);
    assertThat(created.id()).isEqualTo(observed.get(KEY).id());
    assertThat(created.outputs()).isEqualTo(observed.get(KEY).outputs()).containsEntry("id", created.id());
    var vpc = emulator.cli("ec2", "describe-vpcs", "--vpc-ids", created.id()).assertOk().json().path("Vpcs").get(0);
    assertThat(tags(vpc)).containsAllEntriesOf(STACK.ownershipTags(KEY)).containsEntry("Name", "t1-vpc");
  }

  @Test
  void dnsAttributesTurnedOffOutOfBandAreDeltasAndUpdateTurnsThemOnAgain() {
    var id = kind.create(STACK, KEY, DESIRED).id();
    emulator.cli("ec2", "modify-vpc-attribute", "--vpc-id", id, "--no-enable-dns-hostnames").assertOk();
    emulator.cli("ec2", "modify-vpc-attribute", "--vpc-id", id, "--no-enable-dns-support").assertOk();

    var actual = kind.observe(STACK).get(KEY);
    var deltas = Delta.between(DESIRED, actual.state());
    assertThat(deltas).extracting(Delta::path).containsExactly("dnsSupport", "dnsHostnames");

    var updated = kind.update(STACK, KEY, actual, DESIRED, deltas);
    assertThat(updated.state()).isEqualTo(DESIRED);
    assertThat(kind.observe(STACK).get(KEY).state()).isEqualTo(DESIRED);
  }

  @Test
  void dnsHostnamesAloneTurnedOffIsOneDeltaCorrectedWithOneCall() {
    var id = kind.create(STACK, KEY, DESIRED).id();
    emulator.cli("ec2", "modify-vpc-attribute", "--vpc-id", id, "--no-enable-dns-hostnames").assertOk();
    var actual = kind.observe(STACK).get(KEY);
    var deltas = Delta.between(DESIRED, actual.state());
    assertThat(deltas).extracting(Delta::path).containsExactly("dnsHostnames");

    var before = emulator.clients().counter().mutations();
    kind.update(STACK, KEY, actual, DESIRED, deltas);

    assertThat(emulator.clients().counter().mutations() - before).isEqualTo(1);
    assertThat(kind.observe(STACK).get(KEY).state()).isEqualTo(DESIRED);
  }

  @Test
  void deleteRemovesTheVpcAndASecondDeleteIsANoOp() {
    var created = kind.create(STACK, KEY, DESIRED);

    kind.delete(STACK, KEY, created);
    kind.delete(STACK, KEY, created);

    assertThat(kind.observe(STACK)).isEmpty();
    var vpcs = emulator.cli("ec2", "describe-vpcs", "--filters", "Name=vpc-id,Values=" + created.id()).assertOk().json();
    assertThat(vpcs.path("Vpcs").size()).isZero();
  }

  @Test
  void aForeignVpcOfTheSameNameIsNeitherObservedNorDeleted() {
    var foreign = emulator.cli("ec2", "create-vpc", "--cidr-block", "10.20.0.0/16", "--tag-specifications",
        "ResourceType=vpc,Tags=[{Key=Name,Value=t1-vpc}]").assertOk().json().path("Vpc").path("VpcId").asString();
    var otherStack = new Stack("t2");
    kind.create(otherStack, KEY, DESIRED);
    var mine = kind.create(STACK, KEY, DESIRED);

    assertThat(kind.observe(STACK)).containsOnlyKeys(KEY);
    assertThat(kind.observe(STACK).get(KEY).id()).isEqualTo(mine.id());
    kind.delete(STACK, KEY, mine);

    assertThat(kind.observe(STACK)).isEmpty();
    assertThat(kind.observe(otherStack)).containsOnlyKeys(KEY);
    emulator.cli("ec2", "describe-vpcs", "--vpc-ids", foreign).assertOk();
  }

  static Map<String, String> tags(JsonNode resource) {
    var tags = new HashMap<String, String>();
    resource.path("Tags").forEach(tag -> tags.put(tag.path("Key").asString(), tag.path("Value").asString()));
    return tags;
  }
}
