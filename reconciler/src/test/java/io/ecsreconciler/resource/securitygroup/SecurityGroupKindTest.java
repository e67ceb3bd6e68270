package io.ecsreconciler.resource.securitygroup;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecsreconciler.engine.ResourceKey;
import io.ecsreconciler.engine.Stack;
import io.ecsreconciler.engine.Updater;
import io.ecsreconciler.resource.StackReads;
import io.ecsreconciler.testing.AwsEmulator;
import io.ecsreconciler.testing.AwsEmulatorTest;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

@AwsEmulatorTest
class SecurityGroupKindTest {

  static final Stack STACK = new Stack("t1");
  static final ResourceKey KEY = ResourceKey.of("security-group", "alb");

  private final AwsEmulator emulator;
  private SecurityGroupState desired;

  SecurityGroupKindTest(AwsEmulator emulator) {
    this.emulator = emulator;
  }

  /** After the emulator's reset, which comes after the constructor. */
  @BeforeEach
  void createVpc() {
    var vpcId = emulator.clients().ec2().createVpc(r -> r.cidrBlock("10.20.0.0/16")).vpc().vpcId();
    desired = new SecurityGroupState(vpcId, "t1-alb", "alb of ECS stack t1");
  }

  /** A kind per pass, as the engine makes them: its describe memo lasts one pass. */
  private SecurityGroupKind kind() {
    return new SecurityGroupKind(emulator.clients().ec2(), StackReads.fresh(emulator.clients()));
  }

  @Test
  void createdGroupObservesEqualToDesiredAndCarriesTheOwnershipTags() {
    var created = kind().create(STACK, KEY, desired);

    var observed = kind().observe(STACK);
    assertThat(observed).containsOnlyKeys(KEY);
    assertThat(observed.get(KEY).state()).isEqualTo(desired).isEqualTo(created.state());
    assertThat(created.outputs()).isEqualTo(observed.get(KEY).outputs()).containsEntry("id", created.id());
    assertThat(tags(describe(created.id()))).containsAllEntriesOf(STACK.ownershipTags(KEY)).containsEntry("Name", "t1-alb");
  }

  @Test
  void everyFieldIsImmutableSoTheKindHasNoUpdater() {
    assertThat(kind()).isNotInstanceOf(Updater.class);
    assertThat(kind().immutableFields()).containsExactlyInAnyOrder("vpcId", "groupName", "description");
  }

  @Test
  void deleteRemovesTheGroupAndASecondDeleteIsANoOp() {
    var created = kind().create(STACK, KEY, desired);

    kind().delete(STACK, KEY, created);
    kind().delete(STACK, KEY, created);

    assertThat(kind().observe(STACK)).isEmpty();
    var groups = emulator.cli("ec2", "describe-security-groups", "--filters", "Name=group-id,Values=" + created.id())
        .assertOk().json();
    assertThat(groups.path("SecurityGroups").size()).isZero();
  }

  @Test
  void aForeignGroupOfTheSameNameIsNeitherObservedNorDeleted() {
    var foreign = emulator.cli("ec2", "create-security-group", "--vpc-id", desired.vpcId(), "--group-name", "other",
        "--description", "not ours", "--tag-specifications",
        "ResourceType=security-group,Tags=[{Key=Name,Value=t1-alb}]").assertOk().json().path("GroupId").asString();
    var mine = kind().create(STACK, KEY, desired);

    assertThat(kind().observe(STACK)).containsOnlyKeys(KEY);
    kind().delete(STACK, KEY, mine);

    assertThat(kind().observe(STACK)).isEmpty();
    assertThat(describe(foreign).path("GroupId").asString()).isEqualTo(foreign);
  }

  private JsonNode describe(String id) {
    return emulator.cli("ec2", "describe-security-groups", "--group-ids", id).assertOk().json()
        .path("SecurityGroups").get(0);
  }

  static Map<String, String> tags(JsonNode resource) {
    var tags = new HashMap<String, String>();
    resource.path("Tags").forEach(tag -> tags.put(tag.path("Key").asString(), tag.path("Value").asString()));
    return tags;
  }
}
