package io.ecsreconciler.resource.vpc;

import io.ecsreconciler.engine.AbstractKind;
import io.ecsreconciler.engine.Observed;
import io.ecsreconciler.engine.ResourceKey;
import io.ecsreconciler.engine.Stack;
import io.ecsreconciler.resource.Ec2Tags;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.VpcAttributeName;

public final class VpcKind extends AbstractKind<VpcState> {

  public static final String KIND = "vpc";

  private final Ec2Client ec2;

  public VpcKind(Ec2Client ec2) {
    super(KIND, VpcState.class, Set.of("cidr"));
    this.ec2 = ec2;
  }

  @Override
  public Map<ResourceKey, Observed<VpcState>> observe(Stack stack) {
    var found = new HashMap<ResourceKey, Observed<VpcState>>();
    for (var vpc : ec2.describeVpcs(r -> r.filters(Ec2Tags.ownedBy(stack))).vpcs()) {
      Ec2Tags.ownedKey(stack, vpc.tags()).ifPresent(key -> {
        // DescribeVpcs does not return the DNS attributes: one DescribeVpcAttribute each.
        var support = ec2.describeVpcAttribute(r -> r.vpcId(vpc.vpcId()).attribute(VpcAttributeName.ENABLE_DNS_SUPPORT))
            .enableDnsSupport().value();
        var hostnames = ec2.describeVpcAttribute(r -> r.vpcId(vpc.vpcId()).attribute(VpcAttributeName.ENABLE_DNS_HOSTNAMES))
            .enableDnsHostnames().value();
        var state = new VpcState(vpc.cidrBlock(), Boolean.TRUE.equals(support), Boolean.TRUE.equals(hostnames));
        found.put(key, Observed.ready(vpc.vpcId(), state, Map.of("id", vpc.vpcId())));
      });
    }
    return found;
  }
}
