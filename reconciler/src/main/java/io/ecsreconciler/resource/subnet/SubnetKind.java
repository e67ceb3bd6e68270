package io.ecsreconciler.resource.subnet;

import io.ecsreconciler.engine.AbstractKind;
import io.ecsreconciler.engine.Creator;
import io.ecsreconciler.engine.Deleter;
import io.ecsreconciler.engine.Delta;
import io.ecsreconciler.engine.Found;
import io.ecsreconciler.engine.Observed;
import io.ecsreconciler.engine.ResourceKey;
import io.ecsreconciler.engine.Stack;
import io.ecsreconciler.engine.Updater;
import io.ecsreconciler.resource.Ec2Tags;
import io.ecsreconciler.resource.StackReads;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.ResourceType;

public final class SubnetKind extends AbstractKind<SubnetState>
    implements Creator<SubnetState>, Updater<SubnetState>, Deleter<SubnetState> {

  public static final String KIND = "subnet";
  private static final String NOT_FOUND = "InvalidSubnetID.NotFound";

  private final Ec2Client ec2;
  private final StackReads reads;

  public SubnetKind(Ec2Client ec2, StackReads reads) {
    super(KIND, SubnetState.class, Set.of("vpcId", "cidr", "availabilityZone"));
    this.ec2 = ec2;
    this.reads = reads;
  }

  @Override
  public Map<ResourceKey, Observed<SubnetState>> observe(Stack stack) {
    var found = new Found<SubnetState>();
    for (var subnet : reads.look().subnets(stack)) {
      Ec2Tags.ownedKey(stack, subnet.tags()).ifPresent(key -> {
        var state = new SubnetState(subnet.vpcId(), subnet.cidrBlock(), subnet.availabilityZone(),
            Boolean.TRUE.equals(subnet.mapPublicIpOnLaunch()));
        found.add(key, observed(subnet.subnetId(), state));
      });
    }
    return found.toMap();
  }

  @Override
  public Observed<SubnetState> create(Stack stack, ResourceKey key, SubnetState desired) {
    var subnet = ec2.createSubnet(r -> r.vpcId(desired.vpcId()).cidrBlock(desired.cidr())
        .availabilityZone(desired.availabilityZone()).tagSpecifications(Ec2Tags.specification(stack, key, ResourceType.SUBNET))).subnet();
    // A new subnet hands out no public IPs: only the opposite wish costs a call.
    if (desired.mapPublicIpOnLaunch()) {
      setMapPublicIp(subnet.subnetId(), true);
    }
    var state = new SubnetState(subnet.vpcId(), subnet.cidrBlock(), subnet.availabilityZone(),
        desired.mapPublicIpOnLaunch());
    return observed(subnet.subnetId(), state);
  }

  @Override
  public Observed<SubnetState> update(Stack stack, ResourceKey key, Observed<SubnetState> actual, SubnetState desired,
                                      List<Delta> deltas) {
    var state = actual.state();
    for (var delta : deltas) {
      switch (delta.path()) {
        case "mapPublicIpOnLaunch" -> {
          setMapPublicIp(actual.id(), desired.mapPublicIpOnLaunch());
          state = new SubnetState(state.vpcId(), state.cidr(), state.availabilityZone(), desired.mapPublicIpOnLaunch());
        }
        default -> throw new IllegalArgumentException("subnet cannot change " + delta.path() + " in place");
      }
    }
    return observed(actual.id(), state);
  }

  @Override
  public void delete(Stack stack, ResourceKey key, Observed<SubnetState> actual) {
    try {
      ec2.deleteSubnet(r -> r.subnetId(actual.id()));
    } catch (Ec2Exception e) {
      if (!notFound(e)) {
        throw e;
      }
    }
  }

  private void setMapPublicIp(String id, boolean on) {
    ec2.modifySubnetAttribute(r -> r.subnetId(id).mapPublicIpOnLaunch(v -> v.value(on)));
  }

  private static Observed<SubnetState> observed(String id, SubnetState state) {
    return Observed.ready(id, state, Map.of("id", id));
  }

  private static boolean notFound(Ec2Exception e) {
    return e.awsErrorDetails() != null && NOT_FOUND.equals(e.awsErrorDetails().errorCode());
  }
}
