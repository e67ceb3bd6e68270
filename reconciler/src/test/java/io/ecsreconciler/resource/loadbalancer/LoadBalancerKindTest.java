package io.ecsreconciler.resource.loadbalancer;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecsreconciler.engine.Delta;
import io.ecsreconciler.engine.ResourceKey;
import io.ecsreconciler.engine.Stack;
import io.ecsreconciler.resource.LoadBalancing;
import io.ecsreconciler.resource.StackReads;
import io.ecsreconciler.testing.AwsEmulator;
import io.ecsreconciler.testing.AwsEmulatorTest;
import java.util.HashMap;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@AwsEmulatorTest
class LoadBalancerKindTest {

  private static final String NAME = "t1-alb";
  private static final ResourceKey KEY = ResourceKey.single(LoadBalancerKind.KIND);

  private final Stack stack = new Stack("t1");
  private final AwsEmulator emulator;
  private TestNetwork network;
  private LoadBalancerState desired;

  LoadBalancerKindTest(AwsEmulator emulator) {
    this.emulator = emulator;
  }

  /** After the emulator's reset, which comes after the constructor. */
  @BeforeEach
  void createNetwork() {
    network = TestNetwork.create(emulator.clients().ec2());
    desired = new LoadBalancerState(NAME, "internet-facing", "application", network.subnetIds(),
        List.of(network.groupIds().getFirst()));
  }

  /** A fresh kind per pass, as the engine makes them: the shared ELB lookups are remembered for one pass only. */
  private LoadBalancerKind kind() {
    var elb = emulator.clients().elb();
    return new LoadBalancerKind(new LoadBalancing(StackReads.fresh(emulator.clients()), NAME, "t1-tg"), elb);
  }

  @Test
  void createdLoadBalancerObservesEqualToDesiredAndCarriesTheOwnershipTags() {
    var created = kind().create(stack, KEY, desired);

    var observed = kind().observe(stack).get(KEY);
    assertThat(observed.state()).isEqualTo(desired);
    assertThat(created.state()).isEqualTo(desired);
    assertThat(created.outputs()).isEqualTo(observed.outputs()).containsKeys("id", "arn", "dnsName");
    var tags = new HashMap<String, String>();
    emulator.cli("elbv2", "describe-tags", "--resource-arns", created.id()).assertOk().json()
        .path("TagDescriptions").get(0).path("Tags")
        .forEach(tag -> tags.put(tag.path("Key").asString(), tag.path("Value").asString()));
    assertThat(stack.ownedKey(tags)).contains(KEY);
  }

  @Test
  void securityGroupsChangedOutOfBandAreSeenAsDeltaAndCorrected() {
    var created = kind().create(stack, KEY, desired);
    var other = network.groupIds().get(1);
    emulator.cli("elbv2", "set-security-groups", "--load-balancer-arn", created.id(), "--security-groups", other)
        .assertOk();

    var drifted = kind().observe(stack).get(KEY);
    var deltas = Delta.between(desired, drifted.state());
    assertThat(deltas).containsExactly(new Delta("securityGroupIds", desired.securityGroupIds(), List.of(other)));

    kind().update(stack, KEY, drifted, desired, deltas);

    assertThat(kind().observe(stack).get(KEY).state()).isEqualTo(desired);
  }

  @Test
  void subnetsChangedOutOfBandAreSeenAsDeltaAndCorrected() {
    var created = kind().create(stack, KEY, desired);
    var ec2 = emulator.clients().ec2();
    var third = ec2.createSubnet(r -> r.vpcId(network.vpcId()).cidrBlock("10.9.2.0/24")
        .availabilityZone("us-east-1c")).subnet().subnetId();
    var changed = List.of(network.subnetIds().getFirst(), third);
    emulator.cli("elbv2", "set-subnets", "--load-balancer-arn", created.id(), "--subnets", changed.get(0),
        changed.get(1)).assertOk();

    var drifted = kind().observe(stack).get(KEY);
    var deltas = Delta.between(desired, drifted.state());
    assertThat(deltas).extracting(Delta::path).containsExactly("subnetIds");

    kind().update(stack, KEY, drifted, desired, deltas);

    assertThat(kind().observe(stack).get(KEY).state()).isEqualTo(desired);
  }

  @Test
  void deleteRemovesTheLoadBalancerAndASecondDeleteIsANoOp() {
    var created = kind().create(stack, KEY, desired);

    kind().delete(stack, KEY, created);
    kind().delete(stack, KEY, created);

    assertThat(emulator.cli("elbv2", "describe-load-balancers", "--names", NAME).exitCode()).isNotZero();
    assertThat(kind().observe(stack)).isEmpty();
  }

  @Test
  void foreignUntaggedLoadBalancerOfTheSameNameIsNotObserved() {
    emulator.cli("elbv2", "create-load-balancer", "--name", NAME, "--subnets", network.subnetIds().get(0),
        network.subnetIds().get(1)).assertOk();

    assertThat(kind().observe(stack)).isEmpty();
  }
}
