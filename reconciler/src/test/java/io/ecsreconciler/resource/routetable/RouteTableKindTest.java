package io.ecsreconciler.resource.routetable;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecsreconciler.engine.Delta;
import io.ecsreconciler.engine.ResourceKey;
import io.ecsreconciler.engine.Stack;
import io.ecsreconciler.resource.StackReads;
import io.ecsreconciler.testing.AwsEmulator;
import io.ecsreconciler.testing.AwsEmulatorTest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.Ec2Client;
import tools.jackson.databind.JsonNode;

@AwsEmulatorTest
class RouteTableKindTest {

  static final Stack STACK = new Stack("t1");
  static final ResourceKey KEY = ResourceKey.of("route-table", "public");
  static final String DEFAULT_ROUTE = "0.0.0.0/0";

  private final AwsEmulator emulator;
  private final Ec2Client ec2;
  private final RouteTableKind kind;
  private String vpcId;
  private String gatewayId;
  private String subnetA;
  private String subnetB;
  private RouteTableState desired;

  RouteTableKindTest(AwsEmulator emulator) {
    this.emulator = emulator;
    this.ec2 = emulator.clients().ec2();
    this.kind = new RouteTableKind(ec2, StackReads.fresh(emulator.clients()));
  }

  /** After the emulator's reset, which comes after the constructor. */
  @BeforeEach
  void createNetwork() {
    vpcId = ec2.createVpc(r -> r.cidrBlock("10.20.0.0/16")).vpc().vpcId();
    gatewayId = ec2.createInternetGateway(r -> { }).internetGateway().internetGatewayId();
    ec2.attachInternetGateway(r -> r.internetGatewayId(gatewayId).vpcId(vpcId));
    subnetA = ec2.createSubnet(r -> r.vpcId(vpcId).cidrBlock("10.20.0.0/24").availabilityZone("us-east-1a")).subnet()
        .subnetId();
    subnetB = ec2.createSubnet(r -> r.vpcId(vpcId).cidrBlock("10.20.1.0/24").availabilityZone("us-east-1b")).subnet()
        .subnetId();
    desired = new RouteTableState(vpcId, new TreeMap<>(Map.of(DEFAULT_ROUTE, gatewayId)), List.of(subnetA, subnetB));
  }

  @Test
  void createdTableObservesEqualToDesiredAndCarriesTheOwnershipTags() {
    var created = kind.create(STACK, KEY, desired);

    var observed = kind.observe(STACK);
    assertThat(observed).containsOnlyKeys(KEY);
    assertThat(observed.get(KEY).state()).isEqualTo(desired).isEqualTo(created.state());
    assertThat(created.outputs()).isEqualTo(observed.get(KEY).outputs()).containsEntry("id", created.id());
    var table = describe(created.id());
    assertThat(tags(table)).containsAllEntriesOf(STACK.ownershipTags(KEY)).containsEntry("Name", "t1-public");
    assertThat(associatedSubnets(table)).containsExactlyInAnyOrder(subnetA, subnetB);
  }

  @Test
  void createTakesOverASubnetAnotherTableHeld() {
    var other = ec2.createRouteTable(r -> r.vpcId(vpcId)).routeTable().routeTableId();
    ec2.associateRouteTable(r -> r.routeTableId(other).subnetId(subnetA));

    var created = kind.create(STACK, KEY, desired);

    assertThat(kind.observe(STACK).get(KEY).state()).isEqualTo(desired);
    assertThat(associatedSubnets(describe(other))).isEmpty();
    assertThat(associatedSubnets(describe(created.id()))).containsExactlyInAnyOrder(subnetA, subnetB);
  }

  @Nested
  class OutOfBandChanges {

    private String id;

    @BeforeEach
    void createTable() {
      id = kind.create(STACK, KEY, desired).id();
    }

    @Test
    void aDeletedRouteIsADeltaAndUpdateCreatesItAgain() {
      emulator.cli("ec2", "delete-route", "--route-table-id", id, "--destination-cidr-block", DEFAULT_ROUTE).assertOk();

      assertCorrectedByUpdate("routes");
    }

    @Test
    void anExtraRouteIsADeltaAndUpdateDeletesIt() {
      emulator.cli("ec2", "create-route", "--route-table-id", id, "--destination-cidr-block", "10.99.0.0/16",
          "--gateway-id", gatewayId).assertOk();

      assertCorrectedByUpdate("routes");
    }

    @Test
    void aRetargetedRouteIsADeltaAndUpdateReplacesItsTarget() {
      var vpnGateway = ec2.createVpnGateway(r -> r.type("ipsec.1")).vpnGateway().vpnGatewayId();
      ec2.attachVpnGateway(r -> r.vpnGatewayId(vpnGateway).vpcId(vpcId));
      emulator.cli("ec2", "replace-route", "--route-table-id", id, "--destination-cidr-block", DEFAULT_ROUTE,
          "--gateway-id", vpnGateway).assertOk();

      assertCorrectedByUpdate("routes");
    }

    @Test
    void aDisassociatedSubnetIsADeltaAndUpdateAssociatesItAgain() {
      emulator.cli("ec2", "disassociate-route-table", "--association-id", associationOf(subnetA)).assertOk();

      assertCorrectedByUpdate("subnetIds");
    }

    @Test
    void aSubnetMovedToAnotherTableIsMovedBack() {
      var other = ec2.createRouteTable(r -> r.vpcId(vpcId)).routeTable().routeTableId();
      emulator.cli("ec2", "replace-route-table-association", "--association-id", associationOf(subnetB),
          "--route-table-id", other).assertOk();

      assertCorrectedByUpdate("subnetIds");
      assertThat(associatedSubnets(describe(other))).isEmpty();
    }

    @Test
    void anExtraAssociationIsADeltaAndUpdateRemovesIt() {
      var subnetC = ec2.createSubnet(r -> r.vpcId(vpcId).cidrBlock("10.20.2.0/24").availabilityZone("us-east-1a"))
          .subnet().subnetId();
      emulator.cli("ec2", "associate-route-table", "--route-table-id", id, "--subnet-id", subnetC).assertOk();

      assertCorrectedByUpdate("subnetIds");
      assertThat(associatedSubnets(describe(id))).containsExactlyInAnyOrder(subnetA, subnetB);
    }

    @Test
    void theS3GatewayEndpointsPrefixListRouteIsNeitherObservedNorTouched() {
      ec2.createVpcEndpoint(r -> r.vpcId(vpcId).serviceName("com.amazonaws.us-east-1.s3").vpcEndpointType("Gateway")
          .routeTableIds(id));
      emulator.cli("ec2", "delete-route", "--route-table-id", id, "--destination-cidr-block", DEFAULT_ROUTE).assertOk();

      assertCorrectedByUpdate("routes");
      var prefixRoutes = new ArrayList<String>();
      describe(id).path("Routes").forEach(route -> {
        if (route.hasNonNull("DestinationPrefixListId")) {
          prefixRoutes.add(route.path("GatewayId").asString());
        }
      });
      assertThat(prefixRoutes).hasSize(1).allMatch(gateway -> gateway.startsWith("vpce-"));
    }

    private void assertCorrectedByUpdate(String path) {
      var actual = kind.observe(STACK).get(KEY);
      var deltas = Delta.between(desired, actual.state());
      assertThat(deltas).extracting(Delta::path).containsExactly(path);

      assertThat(kind.update(STACK, KEY, actual, desired, deltas).state()).isEqualTo(desired);
      assertThat(kind.observe(STACK).get(KEY).state()).isEqualTo(desired);
    }

    private String associationOf(String subnet) {
      for (var association : describe(id).path("Associations")) {
        if (subnet.equals(association.path("SubnetId").asString(null))) {
          return association.path("RouteTableAssociationId").asString();
        }
      }
      throw new AssertionError(subnet + " is not associated with " + id);
    }
  }

  @Test
  void deleteDisassociatesAndRemovesTheTableAndASecondDeleteIsANoOp() {
    var created = kind.create(STACK, KEY, desired);

    kind.delete(STACK, KEY, created);
    kind.delete(STACK, KEY, created);

    assertThat(kind.observe(STACK)).isEmpty();
    var tables = emulator.cli("ec2", "describe-route-tables", "--filters", "Name=route-table-id,Values=" + created.id())
        .assertOk().json();
    assertThat(tables.path("RouteTables").size()).isZero();
  }

  @Test
  void aForeignTableOfTheSameNameIsNeitherObservedNorDeleted() {
    var foreign = emulator.cli("ec2", "create-route-table", "--vpc-id", vpcId, "--tag-specifications",
        "ResourceType=route-table,Tags=[{Key=Name,Value=t1-public}]").assertOk().json()
        .path("RouteTable").path("RouteTableId").asString();
    var mine = kind.create(STACK, KEY, desired);

    assertThat(kind.observe(STACK)).containsOnlyKeys(KEY);
    kind.delete(STACK, KEY, mine);

    assertThat(kind.observe(STACK)).isEmpty();
    assertThat(describe(foreign).path("RouteTableId").asString()).isEqualTo(foreign);
  }

  private JsonNode describe(String id) {
    return emulator.cli("ec2", "describe-route-tables", "--route-table-ids", id).assertOk().json()
        .path("RouteTables").get(0);
  }

  private static List<String> associatedSubnets(JsonNode table) {
    var subnets = new ArrayList<String>();
    table.path("Associations").forEach(association -> {
      if (association.hasNonNull("SubnetId")) {
        subnets.add(association.path("SubnetId").asString());
      }
    });
    return subnets;
  }

  static Map<String, String> tags(JsonNode resource) {
    var tags = new HashMap<String, String>();
    resource.path("Tags").forEach(tag -> tags.put(tag.path("Key").asString(), tag.path("Value").asString()));
    return tags;
  }
}
