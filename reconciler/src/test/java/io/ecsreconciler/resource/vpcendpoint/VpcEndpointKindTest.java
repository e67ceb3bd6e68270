package io.ecsreconciler.resource.vpcendpoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecsreconciler.engine.Delta;
import io.ecsreconciler.engine.ResourceKey;
import io.ecsreconciler.engine.Stack;
import io.ecsreconciler.resource.StackReads;
import io.ecsreconciler.testing.AwsEmulator;
import io.ecsreconciler.testing.AwsEmulatorTest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.Ec2Client;
import tools.jackson.databind.JsonNode;

@AwsEmulatorTest
class VpcEndpointKindTest {

  static final Stack STACK = new Stack("t1");
  static final ResourceKey LOGS = ResourceKey.of("vpc-endpoint", "logs");
  static final ResourceKey S3 = ResourceKey.of("vpc-endpoint", "s3");

  private final AwsEmulator emulator;
  private final Ec2Client ec2;
  private final VpcEndpointKind kind;
  private String vpcId;
  private String subnetA;
  private String subnetB;
  private String group;
  private String routeTable;
  private VpcEndpointState logs;
  private VpcEndpointState s3;

  VpcEndpointKindTest(AwsEmulator emulator) {
    this.emulator = emulator;
    this.ec2 = emulator.clients().ec2();
    this.kind = new VpcEndpointKind(ec2, StackReads.fresh(emulator.clients()));
  }

  /** After the emulator's reset, which comes after the constructor. */
  @BeforeEach
  void createNetwork() {
    vpcId = ec2.createVpc(r -> r.cidrBlock("10.20.0.0/16")).vpc().vpcId();
    subnetA = subnet("10.20.10.0/24", "us-east-1a");
    subnetB = subnet("10.20.11.0/24", "us-east-1b");
    group = securityGroup("t1-endpoints");
    routeTable = ec2.createRouteTable(r -> r.vpcId(vpcId)).routeTable().routeTableId();
    logs = new VpcEndpointState(vpcId, "com.amazonaws.us-east-1.logs", "Interface", List.of(subnetA, subnetB),
        List.of(group), true, List.of());
    s3 = new VpcEndpointState(vpcId, "com.amazonaws.us-east-1.s3", "Gateway", List.of(), List.of(), false,
        List.of(routeTable));
  }

  private String subnet(String cidr, String zone) {
    return ec2.createSubnet(r -> r.vpcId(vpcId).cidrBlock(cidr).availabilityZone(zone)).subnet().subnetId();
  }

  private String securityGroup(String name) {
    return ec2.createSecurityGroup(r -> r.vpcId(vpcId).groupName(name).description(name)).groupId();
  }

  @Test
  void createdInterfaceEndpointObservesEqualToDesiredAndCarriesTheOwnershipTags() {
    var created = kind.create(STACK, LOGS, logs);

    var observed = kind.observe(STACK);
    assertThat(observed).containsOnlyKeys(LOGS);
    assertThat(observed.get(LOGS).state()).isEqualTo(logs).isEqualTo(created.state());
    assertThat(created.outputs()).isEqualTo(observed.get(LOGS).outputs()).containsEntry("id", created.id());
    assertThat(created.ready()).isTrue();
    assertThat(tags(describe(created.id()))).containsAllEntriesOf(STACK.ownershipTags(LOGS)).containsEntry("Name", "t1-logs");
  }

  @Test
  void createdGatewayEndpointObservesEqualToDesiredAndRoutesThroughItsTable() {
    var created = kind.create(STACK, S3, s3);

    assertThat(kind.observe(STACK).get(S3).state()).isEqualTo(s3).isEqualTo(created.state());
    assertThat(tags(describe(created.id()))).containsAllEntriesOf(STACK.ownershipTags(S3));
    var routes = emulator.cli("ec2", "describe-route-tables", "--route-table-ids", routeTable).assertOk().json()
        .path("RouteTables").get(0).path("Routes");
    assertThat(routes.valueStream().map(route -> route.path("GatewayId").asString())).contains(created.id());
  }

  @Test
  void theClientTokenIsTheSameForTheSameWishAndDiffersForAnother() {
    assertThat(VpcEndpointKind.clientToken(STACK, LOGS, logs)).isEqualTo(VpcEndpointKind.clientToken(STACK, LOGS, logs))
        .isNotEqualTo(VpcEndpointKind.clientToken(STACK, S3, s3)).hasSizeLessThanOrEqualTo(64);
  }

  @Test
  void subnetsAndGroupsChangedOutOfBandAreDeltasAndOneUpdateCallRestoresThem() {
    var id = kind.create(STACK, LOGS, logs).id();
    var stranger = securityGroup("stranger");
    emulator.cli("ec2", "modify-vpc-endpoint", "--vpc-endpoint-id", id, "--remove-subnet-ids", subnetB,
        "--add-security-group-ids", stranger, "--remove-security-group-ids", group).assertOk();

    var actual = kind.observe(STACK).get(LOGS);
    var deltas = Delta.between(logs, actual.state());
    assertThat(deltas).extracting(Delta::path).containsExactly("subnetIds", "securityGroupIds");
    var before = emulator.clients().counter().mutations();

    assertThat(kind.update(STACK, LOGS, actual, logs, deltas).state()).isEqualTo(logs);
    assertThat(emulator.clients().counter().mutations() - before).isEqualTo(1);
    assertThat(kind.observe(STACK).get(LOGS).state()).isEqualTo(logs);
  }

  @Test
  void aRouteTableRemovedOutOfBandIsADeltaAndUpdateAddsItBack() {
    var id = kind.create(STACK, S3, s3).id();
    emulator.cli("ec2", "modify-vpc-endpoint", "--vpc-endpoint-id", id, "--remove-route-table-ids", routeTable)
        .assertOk();

    var actual = kind.observe(STACK).get(S3);
    var deltas = Delta.between(s3, actual.state());
    assertThat(deltas).extracting(Delta::path).containsExactly("routeTableIds");

    kind.update(STACK, S3, actual, s3, deltas);
    assertThat(kind.observe(STACK).get(S3).state()).isEqualTo(s3);
  }

  @Test
  void deleteRemovesTheEndpointAndASecondDeleteIsANoOp() {
    var created = kind.create(STACK, LOGS, logs);

    kind.delete(STACK, LOGS, created);
    kind.delete(STACK, LOGS, created);

    assertThat(kind.observe(STACK)).isEmpty();
    var state = describe(created.id()).path("State").asString("deleted");
    assertThat(state.toLowerCase()).isIn("deleted", "deleting");
  }

  @Test
  void aForeignEndpointOfTheSameServiceIsNeitherObservedNorDeleted() {
    var foreign = emulator.cli("ec2", "create-vpc-endpoint", "--vpc-id", vpcId, "--service-name",
        "com.amazonaws.us-east-1.logs", "--vpc-endpoint-type", "Interface", "--subnet-ids", subnetA,
        "--tag-specifications", "ResourceType=vpc-endpoint,Tags=[{Key=Name,Value=t1-logs}]").assertOk().json()
        .path("VpcEndpoint").path("VpcEndpointId").asString();
    var mine = kind.create(STACK, LOGS, logs);

    assertThat(kind.observe(STACK)).containsOnlyKeys(LOGS);
    kind.delete(STACK, LOGS, mine);

    assertThat(kind.observe(STACK)).isEmpty();
    assertThat(describe(foreign).path("State").asString()).isEqualToIgnoringCase("available");
  }

  private JsonNode describe(String id) {
    return emulator.cli("ec2", "describe-vpc-endpoints", "--vpc-endpoint-ids", id).assertOk().json()
        .path("VpcEndpoints").get(0);
  }

  static Map<String, String> tags(JsonNode resource) {
    var tags = new HashMap<String, String>();
    resource.path("Tags").forEach(tag -> tags.put(tag.path("Key").asString(), tag.path("Value").asString()));
    return tags;
  }
}
