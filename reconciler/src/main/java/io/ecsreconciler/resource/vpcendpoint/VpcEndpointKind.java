package io.ecsreconciler.resource.vpcendpoint;

import io.ecsreconciler.engine.AbstractKind;
import io.ecsreconciler.engine.Observed;
import io.ecsreconciler.engine.ResourceKey;
import io.ecsreconciler.engine.Stack;
import io.ecsreconciler.resource.Ec2Tags;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.SecurityGroupIdentifier;
import software.amazon.awssdk.services.ec2.model.State;

/** The private tasks' only way to ECR, S3 and CloudWatch Logs. */
public final class VpcEndpointKind extends AbstractKind<VpcEndpointState> {

  public static final String KIND = "vpc-endpoint";

  private final Ec2Client ec2;

  public VpcEndpointKind(Ec2Client ec2) {
    super(KIND, VpcEndpointState.class, Set.of("vpcId", "serviceName", "type"));
    this.ec2 = ec2;
  }

  @Override
  public Map<ResourceKey, Observed<VpcEndpointState>> observe(Stack stack) {
    var found = new HashMap<ResourceKey, Observed<VpcEndpointState>>();
    for (var endpoint : ec2.describeVpcEndpoints(r -> r.filters(Ec2Tags.ownedBy(stack))).vpcEndpoints()) {
      var gone = endpoint.state() == State.DELETED || endpoint.state() == State.DELETING;
      if (gone) {
        continue; // deleted endpoints stay listed for a while (in moto, for good)
      }
      Ec2Tags.ownedKey(stack, endpoint.tags()).ifPresent(key -> {
        var state = new VpcEndpointState(endpoint.vpcId(), endpoint.serviceName(), endpoint.vpcEndpointTypeAsString(),
            endpoint.subnetIds(), endpoint.groups().stream().map(SecurityGroupIdentifier::groupId).toList(),
            Boolean.TRUE.equals(endpoint.privateDnsEnabled()), endpoint.routeTableIds());
        var ready = endpoint.state() == State.AVAILABLE;
        var id = endpoint.vpcEndpointId();
        found.put(key, new Observed<>(id, state, Map.of("id", id), ready));
      });
    }
    return found;
  }
}
