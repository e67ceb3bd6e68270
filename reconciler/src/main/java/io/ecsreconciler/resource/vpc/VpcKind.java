package io.ecsreconciler.resource.vpc;

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
import software.amazon.awssdk.services.ec2.model.VpcAttributeName;

public final class VpcKind extends AbstractKind<VpcState>
    implements Creator<VpcState>, Updater<VpcState>, Deleter<VpcState> {

  public static final String KIND = "vpc";
  private static final String NOT_FOUND = "InvalidVpcID.NotFound";
  /** What AWS gives a new VPC: DNS resolution on, DNS hostnames off. */
  private static final boolean DEFAULT_DNS_SUPPORT = true;
  private static final boolean DEFAULT_DNS_HOSTNAMES = false;

  private final Ec2Client ec2;
  private final StackReads reads;

  public VpcKind(Ec2Client ec2, StackReads reads) {
    super(KIND, VpcState.class, Set.of("cidr"));
    this.ec2 = ec2;
    this.reads = reads;
  }

  @Override
  public Map<ResourceKey, Observed<VpcState>> observe(Stack stack) {
    var found = new Found<VpcState>();
    for (var vpc : reads.look().vpcs(stack)) {
      Ec2Tags.ownedKey(stack, vpc.tags()).ifPresent(key -> {
        // DescribeVpcs does not return the DNS attributes: one DescribeVpcAttribute each.
        var support = ec2.describeVpcAttribute(r -> r.vpcId(vpc.vpcId()).attribute(VpcAttributeName.ENABLE_DNS_SUPPORT))
            .enableDnsSupport().value();
        var hostnames = ec2.describeVpcAttribute(r -> r.vpcId(vpc.vpcId()).attribute(VpcAttributeName.ENABLE_DNS_HOSTNAMES))
            .enableDnsHostnames().value();
        var state = new VpcState(vpc.cidrBlock(), Boolean.TRUE.equals(support), Boolean.TRUE.equals(hostnames));
        found.add(key, observed(vpc.vpcId(), state));
      });
    }
    return found.toMap();
  }

  @Override
  public Observed<VpcState> create(Stack stack, ResourceKey key, VpcState desired) {
    var vpc = ec2.createVpc(r -> r.cidrBlock(desired.cidr()).tagSpecifications(Ec2Tags.specification(stack, key, ResourceType.VPC))).vpc();
    var id = vpc.vpcId();
    // Only what differs from a new VPC's defaults costs a call; support before hostnames, which need it.
    if (desired.dnsSupport() != DEFAULT_DNS_SUPPORT) {
      setDnsSupport(id, desired.dnsSupport());
    }
    if (desired.dnsHostnames() != DEFAULT_DNS_HOSTNAMES) {
      setDnsHostnames(id, desired.dnsHostnames());
    }
    return observed(id, new VpcState(vpc.cidrBlock(), desired.dnsSupport(), desired.dnsHostnames()));
  }

  @Override
  public Observed<VpcState> update(Stack stack, ResourceKey key, Observed<VpcState> actual, VpcState desired,
                                   List<Delta> deltas) {
    var id = actual.id();
    var support = actual.state().dnsSupport();
    var hostnames = actual.state().dnsHostnames();
    for (var delta : deltas) {
      switch (delta.path()) {
        case "dnsSupport" -> support = desired.dnsSupport();
        case "dnsHostnames" -> hostnames = desired.dnsHostnames();
        default -> throw new IllegalArgumentException("vpc cannot change " + delta.path() + " in place");
      }
    }
    // AWS refuses hostnames without DNS support: switch support on first, and off last.
    if (support != actual.state().dnsSupport() && support) {
      setDnsSupport(id, true);
    }
    if (hostnames != actual.state().dnsHostnames()) {
      setDnsHostnames(id, hostnames);
    }
    if (support != actual.state().dnsSupport() && !support) {
      setDnsSupport(id, false);
    }
    return observed(id, new VpcState(actual.state().cidr(), support, hostnames));
  }

  @Override
  public void delete(Stack stack, ResourceKey key, Observed<VpcState> actual) {
    try {
      ec2.deleteVpc(r -> r.vpcId(actual.id()));
    } catch (Ec2Exception e) {
      if (!notFound(e)) {
        throw e;
      }
    }
  }

  private void setDnsSupport(String id, boolean on) {
    ec2.modifyVpcAttribute(r -> r.vpcId(id).enableDnsSupport(v -> v.value(on)));
  }

  private void setDnsHostnames(String id, boolean on) {
    ec2.modifyVpcAttribute(r -> r.vpcId(id).enableDnsHostnames(v -> v.value(on)));
  }

  private static Observed<VpcState> observed(String id, VpcState state) {
    return Observed.ready(id, state, Map.of("id", id));
  }

  private static boolean notFound(Ec2Exception e) {
    return e.awsErrorDetails() != null && NOT_FOUND.equals(e.awsErrorDetails().errorCode());
  }
}
