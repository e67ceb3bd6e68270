package io.ecsreconciler.resource.subnet;

import io.ecsreconciler.engine.AbstractKind;
import io.ecsreconciler.engine.Observed;
import io.ecsreconciler.engine.ResourceKey;
import io.ecsreconciler.engine.Stack;
import io.ecsreconciler.resource.Ec2Tags;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.ec2.Ec2Client;

public final class SubnetKind extends AbstractKind<SubnetState> {

  public static final String KIND = "subnet";

  private final Ec2Client ec2;

  public SubnetKind(Ec2Client ec2) {
    super(KIND, SubnetState.class, Set.of("vpcId", "cidr", "availabilityZone"));
    this.ec2 = ec2;
  }

  @Override
  public Map<ResourceKey, Observed<SubnetState>> observe(Stack stack) {
    var found = new HashMap<ResourceKey, Observed<SubnetState>>();
    for (var subnet : ec2.describeSubnets(r -> r.filters(Ec2Tags.ownedBy(stack))).subnets()) {
      Ec2Tags.ownedKey(stack, subnet.tags()).ifPresent(key -> {
        var state = new SubnetState(subnet.vpcId(), subnet.cidrBlock(), subnet.availabilityZone(),
            Boolean.TRUE.equals(subnet.mapPublicIpOnLaunch()));
        found.put(key, Observed.ready(subnet.subnetId(), state, Map.of("id", subnet.subnetId())));
      });
    }
    return found;
  }
}
