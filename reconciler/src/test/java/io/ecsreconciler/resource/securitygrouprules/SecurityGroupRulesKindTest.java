package io.ecsreconciler.resource.securitygrouprules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ecsreconciler.engine.Delta;
import io.ecsreconciler.engine.ResourceKey;
import io.ecsreconciler.engine.Stack;
import io.ecsreconciler.resource.StackReads;
import io.ecsreconciler.testing.AwsEmulator;
import io.ecsreconciler.testing.AwsEmulatorTest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import tools.jackson.databind.JsonNode;

@AwsEmulatorTest
class SecurityGroupRulesKindTest {

  static final Stack STACK = new Stack("t1");
  static final ResourceKey KEY = ResourceKey.of("security-group-rules", "alb");
  static final Rule ALL_EGRESS = new Rule("-1", 0, 0, "0.0.0.0/0");

  private final AwsEmulator emulator;
  private final Ec2Client ec2;
  private String vpcId;
  private String albGroup;
  private String tasksGroup;
  private SecurityGroupRulesState desired;

  SecurityGroupRulesKindTest(AwsEmulator emulator) {
    this.emulator = emulator;
    this.ec2 = emulator.clients().ec2();
  }

  /** After the emulator's reset, which comes after the constructor: the stack's groups, as the group kind makes them. */
  @BeforeEach
  void createGroups() {
    vpcId = ec2.createVpc(r -> r.cidrBlock("10.20.0.0/16")).vpc().vpcId();
    albGroup = ownedGroup("alb");
    tasksGroup = ownedGroup("tasks");
    var s3 = ec2.describePrefixLists(r -> r.filters(f -> f.name("prefix-list-name")
        .values("com.amazonaws.us-east-1.s3"))).prefixLists().getFirst().prefixListId();
    desired = new SecurityGroupRulesState(List.of(new Rule("tcp", 80, 80, "0.0.0.0/0")),
        List.of(new Rule("tcp", 8888, 8888, tasksGroup), new Rule("tcp", 443, 443, s3)));
  }

  private String ownedGroup(String name) {
    var tags = new ArrayList<Tag>();
    STACK.ownershipTags(ResourceKey.of("security-group", name))
        .forEach((k, v) -> tags.add(Tag.builder().key(k).value(v).build()));
    return ec2.createSecurityGroup(r -> r.vpcId(vpcId).groupName("t1-" + name).description(name)
        .tagSpecifications(t -> t.resourceType(ResourceType.SECURITY_GROUP).tags(tags))).groupId();
  }

  /** A kind per pass, as the engine makes them: its describe memo lasts one pass. */
  private SecurityGroupRulesKind kind() {
    return new SecurityGroupRulesKind(ec2, StackReads.fresh(emulator.clients()));
  }

  @Test
  void aNewGroupIsObservedWithOnlyTheDefaultAllowAllEgress() {
    var observed = kind().observe(STACK);

    assertThat(observed).containsOnlyKeys(KEY, ResourceKey.of("security-group-rules", "tasks"));
    assertThat(observed.get(KEY).state()).isEqualTo(new SecurityGroupRulesState(List.of(), List.of(ALL_EGRESS)));
    assertThat(observed.get(KEY).id()).isEqualTo(albGroup);
  }

  @Test
  void createAuthorizesTheDesiredRulesRevokesTheDefaultEgressAndObservesEqualToDesired() {
    var created = kind().create(STACK, KEY, desired);

    assertThat(created.id()).isEqualTo(albGroup);
    assertThat(created.state()).isEqualTo(desired);
    var observed = kind().observe(STACK).get(KEY);
    assertThat(observed.state()).isEqualTo(desired);
    assertThat(created.outputs()).isEqualTo(observed.outputs());
    var group = describe(albGroup);
    assertThat(group.path("IpPermissions").get(0).path("IpRanges").get(0).path("CidrIp").asString())
        .isEqualTo("0.0.0.0/0");
    assertThat(egressProtocols(group)).containsOnly("tcp");
  }

  @Test
  void anIngressRuleRevokedOutOfBandIsADeltaAndUpdateAuthorizesItAgain() {
    kind().create(STACK, KEY, desired);
    emulator.cli("ec2", "revoke-security-group-ingress", "--group-id", albGroup, "--protocol", "tcp", "--port", "80",
        "--cidr", "0.0.0.0/0").assertOk();

    assertCorrectedByUpdate("ingress");
  }

  @Test
  void extraRulesAddedOutOfBandInBothDirectionsAreDeltasAndUpdateRevokesThem() {
    kind().create(STACK, KEY, desired);
    emulator.cli("ec2", "authorize-security-group-ingress", "--group-id", albGroup, "--protocol", "tcp", "--port", "22",
        "--cidr", "10.0.0.0/8").assertOk();
    emulator.cli("ec2", "authorize-security-group-egress", "--group-id", albGroup, "--ip-permissions",
        "IpProtocol=-1,IpRanges=[{CidrIp=0.0.0.0/0}]").assertOk();

    assertCorrectedByUpdate("ingress", "egress");
  }

  @Test
  void anEgressRuleToAGroupRevokedOutOfBandIsAuthorizedAgain() {
    kind().create(STACK, KEY, desired);
    emulator.cli("ec2", "revoke-security-group-egress", "--group-id", albGroup, "--ip-permissions",
        "IpProtocol=tcp,FromPort=8888,ToPort=8888,UserIdGroupPairs=[{GroupId=" + tasksGroup + "}]").assertOk();

    assertCorrectedByUpdate("egress");
  }

  @Test
  void deleteRevokesEveryRuleButLeavesTheGroupAndASecondDeleteIsANoOp() {
    var created = kind().create(STACK, KEY, desired);

    kind().delete(STACK, KEY, created);
    kind().delete(STACK, KEY, created);

    assertThat(kind().observe(STACK).get(KEY).state()).isEqualTo(new SecurityGroupRulesState(List.of(), List.of()));
    var group = describe(albGroup);
    assertThat(group.path("IpPermissions").size()).isZero();
    assertThat(group.path("IpPermissionsEgress").size()).isZero();
  }

  @Test
  void aForeignGroupOfTheSameNameIsNeitherObservedNorTouched() {
    var otherVpc = ec2.createVpc(r -> r.cidrBlock("10.30.0.0/16")).vpc().vpcId();
    var foreign = emulator.cli("ec2", "create-security-group", "--vpc-id", otherVpc, "--group-name", "t1-alb",
        "--description", "not ours", "--tag-specifications",
        "ResourceType=security-group,Tags=[{Key=Name,Value=t1-alb}]").assertOk().json().path("GroupId").asString();
    ec2.deleteSecurityGroup(r -> r.groupId(albGroup));

    assertThat(kind().observe(STACK)).doesNotContainKey(KEY);
    assertThatThrownBy(() -> kind().create(STACK, KEY, desired)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("security-group/alb");
    assertThat(egressProtocols(describe(foreign))).containsExactly("-1");
    assertThat(describe(foreign).path("IpPermissions").size()).isZero();
  }

  private void assertCorrectedByUpdate(String... paths) {
    var actual = kind().observe(STACK).get(KEY);
    var deltas = Delta.between(desired, actual.state());
    assertThat(deltas).extracting(Delta::path).containsExactly(paths);

    assertThat(kind().update(STACK, KEY, actual, desired, deltas).state()).isEqualTo(desired);
    assertThat(kind().observe(STACK).get(KEY).state()).isEqualTo(desired);
  }

  private JsonNode describe(String id) {
    return emulator.cli("ec2", "describe-security-groups", "--group-ids", id).assertOk().json()
        .path("SecurityGroups").get(0);
  }

  private static List<String> egressProtocols(JsonNode group) {
    var protocols = new ArrayList<String>();
    group.path("IpPermissionsEgress").forEach(permission -> protocols.add(permission.path("IpProtocol").asString()));
    return protocols;
  }
}
