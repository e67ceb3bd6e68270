package io.ecsreconciler.resource.vpcendpoint;

import io.ecsreconciler.engine.AbstractKind;
import io.ecsreconciler.engine.Creator;
import io.ecsreconciler.engine.Deleter;
import io.ecsreconciler.engine.Delta;
import io.ecsreconciler.engine.Found;
import io.ecsreconciler.engine.Observed;
import io.ecsreconciler.engine.ResourceKey;
import io.ecsreconciler.engine.Stack;
import io.ecsreconciler.engine.Updater;
import io.ecsreconciler.resource.Ec2Errors;
import io.ecsreconciler.resource.Ec2Tags;
import io.ecsreconciler.resource.StackReads;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.CreateVpcEndpointRequest;
import software.amazon.awssdk.services.ec2.model.ModifyVpcEndpointRequest;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.SecurityGroupIdentifier;
import software.amazon.awssdk.services.ec2.model.State;
import software.amazon.awssdk.services.ec2.model.VpcEndpoint;

/** The private tasks' only way to ECR, S3 and CloudWatch Logs. */
public final class VpcEndpointKind extends AbstractKind<VpcEndpointState>
    implements Creator<VpcEndpointState>, Updater<VpcEndpointState>, Deleter<VpcEndpointState> {

  public static final String KIND = "vpc-endpoint";
  private static final String INTERFACE = "Interface";
  private static final Set<String> NOT_FOUND = Set.of("InvalidVpcEndpointId.NotFound", "InvalidVpcEndpoint.NotFound");

  private final Ec2Client ec2;
  private final StackReads reads;

  public VpcEndpointKind(Ec2Client ec2, StackReads reads) {
    super(KIND, VpcEndpointState.class, Set.of("vpcId", "serviceName", "type"));
    this.ec2 = ec2;
    this.reads = reads;
  }

  @Override
  public Map<ResourceKey, Observed<VpcEndpointState>> observe(Stack stack) {
    var found = new Found<VpcEndpointState>();
    for (var endpoint : reads.look().vpcEndpoints(stack)) {
      if (gone(endpoint)) {
        continue; // deleted endpoints stay listed for a while (in moto, for good)
      }
      Ec2Tags.ownedKey(stack, endpoint.tags()).ifPresent(key -> found.add(key, observed(endpoint)));
    }
    return found.toMap();
  }

  /** With a client token from the stack, key and desired state: a create retried after a crash makes no twin. */
  @Override
  public Observed<VpcEndpointState> create(Stack stack, ResourceKey key, VpcEndpointState desired) {
    var request = CreateVpcEndpointRequest.builder().vpcId(desired.vpcId()).serviceName(desired.serviceName())
        .vpcEndpointType(desired.type()).clientToken(clientToken(stack, key, desired))
        .tagSpecifications(Ec2Tags.specification(stack, key, ResourceType.VPC_ENDPOINT));
    if (INTERFACE.equals(desired.type())) {
      request.subnetIds(desired.subnetIds()).securityGroupIds(desired.securityGroupIds())
          .privateDnsEnabled(desired.privateDns());
    } else {
      request.routeTableIds(desired.routeTableIds());
    }
    return observed(ec2.createVpcEndpoint(request.build()).vpcEndpoint());
  }

  /** Every differing field in one ModifyVpcEndpoint call: the API takes adds and removes of each list at once. */
  @Override
  public Observed<VpcEndpointState> update(Stack stack, ResourceKey key, Observed<VpcEndpointState> actual,
                                           VpcEndpointState desired, List<Delta> deltas) {
    var have = actual.state();
    var request = ModifyVpcEndpointRequest.builder().vpcEndpointId(actual.id());
    for (var delta : deltas) {
      switch (delta.path()) {
        case "subnetIds" -> request.addSubnetIds(minus(desired.subnetIds(), have.subnetIds()))
            .removeSubnetIds(minus(have.subnetIds(), desired.subnetIds()));
        case "securityGroupIds" -> request.addSecurityGroupIds(minus(desired.securityGroupIds(), have.securityGroupIds()))
            .removeSecurityGroupIds(minus(have.securityGroupIds(), desired.securityGroupIds()));
        case "routeTableIds" -> request.addRouteTableIds(minus(desired.routeTableIds(), have.routeTableIds()))
            .removeRouteTableIds(minus(have.routeTableIds(), desired.routeTableIds()));
        case "privateDns" -> request.privateDnsEnabled(desired.privateDns());
        default -> throw new IllegalArgumentException("vpc endpoint cannot change " + delta.path() + " in place");
      }
    }
    ec2.modifyVpcEndpoint(request.build());
    // Re-read: a modified interface endpoint may be pending again, and readiness must say so.
    return ec2.describeVpcEndpoints(r -> r.vpcEndpointIds(actual.id())).vpcEndpoints().stream()
        .map(VpcEndpointKind::observed).findFirst()
        .orElseThrow(() -> new IllegalStateException("vpc endpoint " + actual.id() + " vanished while modified"));
  }

  @Override
  public void delete(Stack stack, ResourceKey key, Observed<VpcEndpointState> actual) {
    // NotFound may come as an exception or as an "unsuccessful" entry: gone either way.
    Ec2Errors.ignoring(NOT_FOUND, () -> {
      var failures = ec2.deleteVpcEndpoints(r -> r.vpcEndpointIds(actual.id())).unsuccessful().stream()
          .filter(item -> item.error() == null || !NOT_FOUND.contains(item.error().code())).toList();
      if (!failures.isEmpty()) {
        var error = failures.getFirst().error();
        throw new IllegalStateException("could not delete vpc endpoint " + actual.id() + ": "
            + (error == null ? "unknown error" : error.code() + " " + error.message()));
      }
    });
  }

  /**
   * By the state's text, ignoring case: the API answers {@code available} and {@code deleted}, the SDK's enum
   * spells them {@code Available} and {@code Deleted}, so {@code state()} is UNKNOWN_TO_SDK_VERSION.
   */
  private static boolean gone(VpcEndpoint endpoint) {
    return isState(endpoint, State.DELETED) || isState(endpoint, State.DELETING);
  }

  private static boolean isState(VpcEndpoint endpoint, State state) {
    return state.toString().equalsIgnoreCase(endpoint.stateAsString());
  }

  /** Normalized for comparing: a gateway has no private DNS, whatever the API says about it. */
  private static Observed<VpcEndpointState> observed(VpcEndpoint endpoint) {
    var type = endpoint.vpcEndpointTypeAsString();
    var privateDns = INTERFACE.equals(type) && Boolean.TRUE.equals(endpoint.privateDnsEnabled());
    var state = new VpcEndpointState(endpoint.vpcId(), endpoint.serviceName(), type, endpoint.subnetIds(),
        endpoint.groups().stream().map(SecurityGroupIdentifier::groupId).toList(), privateDns,
        endpoint.routeTableIds());
    var id = endpoint.vpcEndpointId();
    return new Observed<>(id, state, Map.of("id", id), isState(endpoint, State.AVAILABLE));
  }

  private static List<String> minus(List<String> ids, List<String> others) {
    return ids.stream().filter(id -> !others.contains(id)).toList();
  }

  /** At most 64 ASCII characters; the same for the same stack, key and desired state. */
  static String clientToken(Stack stack, ResourceKey key, VpcEndpointState desired) {
    var seed = stack.name() + "|" + key + "|" + desired;
    return UUID.nameUUIDFromBytes(seed.getBytes(StandardCharsets.UTF_8)).toString();
  }
}
