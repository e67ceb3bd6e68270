package io.ecsreconciler.resource.listener;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecsreconciler.engine.Delta;
import io.ecsreconciler.engine.ResourceKey;
import io.ecsreconciler.engine.Stack;
import io.ecsreconciler.resource.LoadBalancing;
import io.ecsreconciler.resource.StackReads;
import io.ecsreconciler.resource.loadbalancer.TestNetwork;
import io.ecsreconciler.testing.AwsEmulator;
import io.ecsreconciler.testing.AwsEmulatorTest;
import java.util.HashMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ProtocolEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetTypeEnum;

@AwsEmulatorTest
class ListenerKindTest {

  private static final ResourceKey KEY = ResourceKey.of(ListenerKind.KIND, "http");

  private final Stack stack = new Stack("t1");
  private final AwsEmulator emulator;
  private String loadBalancerArn;
  private String targetGroupArn;
  private String otherTargetGroupArn;
  private ListenerState desired;

  ListenerKindTest(AwsEmulator emulator) {
    this.emulator = emulator;
  }

  /** Load balancer and target groups by raw calls, after the emulator's reset (which follows the constructor). */
  @BeforeEach
  void createLoadBalancerAndTargetGroups() {
    var network = TestNetwork.create(emulator.clients().ec2());
    var elb = emulator.clients().elb();
    loadBalancerArn = elb.createLoadBalancer(r -> r.name("t1-alb").subnets(network.subnetIds())
        .securityGroups(network.groupIds().getFirst())).loadBalancers().getFirst().loadBalancerArn();
    targetGroupArn = targetGroup("t1-tg", network.vpcId());
    otherTargetGroupArn = targetGroup("t1-other", network.vpcId());
    desired = new ListenerState(loadBalancerArn, "HTTP", 80, targetGroupArn);
  }

  private String targetGroup(String name, String vpcId) {
    return emulator.clients().elb().createTargetGroup(r -> r.name(name).protocol(ProtocolEnum.HTTP).port(8888)
        .vpcId(vpcId).targetType(TargetTypeEnum.IP)).targetGroups().getFirst().targetGroupArn();
  }

  /** A fresh kind per pass, as the engine makes them: the shared ELB lookups are remembered for one pass only. */
  private ListenerKind kind() {
    var elb = emulator.clients().elb();
    return new ListenerKind(new LoadBalancing(StackReads.fresh(emulator.clients()), "t1-alb", "t1-tg"), elb);
  }

  @Test
  void createdListenerObservesEqualToDesiredAndCarriesTheOwnershipTags() {
    var created = kind().create(stack, KEY, desired);

    var observed = kind().observe(stack).get(KEY);
    assertThat(observed.state()).isEqualTo(desired);
    assertThat(created.state()).isEqualTo(desired);
    assertThat(created.outputs()).isEqualTo(observed.outputs()).containsKeys("id", "arn");
    var tags = new HashMap<String, String>();
    emulator.cli("elbv2", "describe-tags", "--resource-arns", created.id()).assertOk().json()
        .path("TagDescriptions").get(0).path("Tags")
        .forEach(tag -> tags.put(tag.path("Key").asString(), tag.path("Value").asString()));
    assertThat(stack.ownedKey(tags)).contains(KEY);
  }

  @Test
  void portAndTargetGroupChangedOutOfBandAreSeenAsDeltasAndCorrected() {
    var created = kind().create(stack, KEY, desired);
    emulator.cli("elbv2", "modify-listener", "--listener-arn", created.id(), "--port", "8080",
        "--default-actions", "Type=forward,TargetGroupArn=" + otherTargetGroupArn).assertOk();

    var drifted = kind().observe(stack).get(KEY);
    var deltas = Delta.between(desired, drifted.state());
    assertThat(deltas).containsExactly(new Delta("port", 80, 8080),
        new Delta("targetGroupArn", targetGroupArn, otherTargetGroupArn));

    kind().update(stack, KEY, drifted, desired, deltas);

    assertThat(kind().observe(stack).get(KEY).state()).isEqualTo(desired);
  }

  @Test
  void deleteRemovesTheListenerAndASecondDeleteIsANoOp() {
    var created = kind().create(stack, KEY, desired);

    kind().delete(stack, KEY, created);
    kind().delete(stack, KEY, created);

    var listeners = emulator.cli("elbv2", "describe-listeners", "--load-balancer-arn", loadBalancerArn).assertOk()
        .json().path("Listeners");
    assertThat(listeners.size()).isZero();
    assertThat(kind().observe(stack)).isEmpty();
  }

  @Test
  void foreignUntaggedListenerIsNotObserved() {
    emulator.cli("elbv2", "create-listener", "--load-balancer-arn", loadBalancerArn, "--protocol", "HTTP",
        "--port", "80", "--default-actions", "Type=forward,TargetGroupArn=" + targetGroupArn).assertOk();

    assertThat(kind().observe(stack)).isEmpty();
  }
}
