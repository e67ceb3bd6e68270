package io.ecsreconciler.resource.ecsservice;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecsreconciler.engine.Delta;
import io.ecsreconciler.engine.ResourceKey;
import io.ecsreconciler.engine.Stack;
import io.ecsreconciler.resource.loadbalancer.TestNetwork;
import io.ecsreconciler.testing.AwsEmulator;
import io.ecsreconciler.testing.AwsEmulatorTest;
import java.util.HashMap;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.Compatibility;
import software.amazon.awssdk.services.ecs.model.NetworkMode;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ActionTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ProtocolEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetTypeEnum;
import tools.jackson.databind.JsonNode;

@AwsEmulatorTest
class ServiceKindTest {

  private static final String NAME = "t1";
  private static final ResourceKey KEY = ResourceKey.single(ServiceKind.KIND);

  private final Stack stack = new Stack("t1");
  private final AwsEmulator emulator;
  private final ServiceKind kind;
  private TestNetwork network;
  private String firstRevision;
  private String secondRevision;
  private ServiceState desired;

  ServiceKindTest(AwsEmulator emulator) {
    this.emulator = emulator;
    var clients = emulator.clients();
    this.kind = new ServiceKind(clients.ecs(), NAME, NAME, NAME, new ServiceRuntime(clients.ecs(), clients.elb(), NAME,
        NAME), false);
  }

  /** Cluster, two task definition revisions, load balancer, listener and target group by raw calls. */
  @BeforeEach
  void createWhatTheServiceRunsOn() {
    network = TestNetwork.create(emulator.clients().ec2());
    var ecs = emulator.clients().ecs();
    ecs.createCluster(r -> r.clusterName(NAME));
    firstRevision = register("nginx:1");
    secondRevision = register("nginx:2");
    var elb = emulator.clients().elb();
    var lbArn = elb.createLoadBalancer(r -> r.name("t1-alb").subnets(network.subnetIds())
        .securityGroups(network.groupIds().getFirst())).loadBalancers().getFirst().loadBalancerArn();
    var tgArn = elb.createTargetGroup(r -> r.name("t1-tg").protocol(ProtocolEnum.HTTP).port(8888)
        .vpcId(network.vpcId()).targetType(TargetTypeEnum.IP)).targetGroups().getFirst().targetGroupArn();
    elb.createListener(r -> r.loadBalancerArn(lbArn).protocol(ProtocolEnum.HTTP).port(80)
        .defaultActions(a -> a.type(ActionTypeEnum.FORWARD).targetGroupArn(tgArn)));
    desired = new ServiceState(NAME, NAME, firstRevision, 2, "FARGATE", network.subnetIds(),
        List.of(network.groupIds().getFirst()), false, tgArn, 8888);
  }

  private String register(String image) {
    return emulator.clients().ecs().registerTaskDefinition(r -> r.family(NAME)
        .requiresCompatibilities(Compatibility.FARGATE).networkMode(NetworkMode.AWSVPC).cpu("256").memory("512")
        .containerDefinitions(c -> c.name(NAME).image(image).essential(true)
            .portMappings(p -> p.containerPort(8888)))).taskDefinition().taskDefinitionArn();
  }

  @Test
  void createdServiceObservesEqualToDesiredAndCarriesTheOwnershipTags() {
    var created = kind.create(stack, KEY, desired);

    var observed = kind.observe(stack).get(KEY);
    assertThat(observed.state()).isEqualTo(desired);
    assertThat(created.state()).isEqualTo(desired);
    assertThat(created.outputs()).isEqualTo(observed.outputs()).containsKeys("id", "arn");
    var service = describe();
    var tags = new HashMap<String, String>();
    service.path("tags").forEach(tag -> tags.put(tag.path("key").asString(), tag.path("value").asString()));
    assertThat(stack.ownedKey(tags)).contains(KEY);
    assertThat(service.path("networkConfiguration").path("awsvpcConfiguration").path("assignPublicIp").asString())
        .isEqualTo("DISABLED");
    assertThat(service.path("loadBalancers").get(0).path("containerName").asString()).isEqualTo(NAME);
  }

  @Test
  void desiredCountAndTaskDefinitionChangedOutOfBandAreSeenAsDeltasAndCorrected() {
    kind.create(stack, KEY, desired);
    emulator.cli("ecs", "update-service", "--cluster", NAME, "--service", NAME, "--desired-count", "5",
        "--task-definition", secondRevision).assertOk();

    var drifted = kind.observe(stack).get(KEY);
    var deltas = Delta.between(desired, drifted.state());
    assertThat(deltas).containsExactly(new Delta("taskDefinitionArn", firstRevision, secondRevision),
        new Delta("desiredCount", 2, 5));

    var updated = kind.update(stack, KEY, drifted, desired, deltas);

    assertThat(updated.state()).isEqualTo(desired);
    assertThat(kind.observe(stack).get(KEY).state()).isEqualTo(desired);
  }

  @Test
  void networkChangedOutOfBandIsSeenAsDeltasAndCorrected() {
    kind.create(stack, KEY, desired);
    var other = network.groupIds().get(1);
    emulator.cli("ecs", "update-service", "--cluster", NAME, "--service", NAME, "--network-configuration",
        "awsvpcConfiguration={subnets=[" + network.subnetIds().getFirst() + "],securityGroups=[" + other
            + "],assignPublicIp=ENABLED}").assertOk();

    var drifted = kind.observe(stack).get(KEY);
    var deltas = Delta.between(desired, drifted.state());
    assertThat(deltas).extracting(Delta::path).containsExactly("subnetIds", "securityGroupIds", "assignPublicIp");

    kind.update(stack, KEY, drifted, desired, deltas);

    assertThat(kind.observe(stack).get(KEY).state()).isEqualTo(desired);
  }

  @Test
  void deleteRemovesTheServiceAndASecondDeleteIsANoOp() {
    var created = kind.create(stack, KEY, desired);

    kind.delete(stack, KEY, created);
    kind.delete(stack, KEY, created);

    assertThat(describe().path("status").asString()).isNotEqualTo("ACTIVE");
    assertThat(kind.observe(stack)).isEmpty();
  }

  @Test
  void foreignUntaggedServiceOfTheSameNameIsNotObserved() {
    emulator.cli("ecs", "create-service", "--cluster", NAME, "--service-name", NAME, "--task-definition",
        firstRevision, "--desired-count", "1").assertOk();

    assertThat(kind.observe(stack)).isEmpty();
  }

  private JsonNode describe() {
    var services = emulator.cli("ecs", "describe-services", "--cluster", NAME, "--services", NAME,
        "--include", "TAGS").assertOk().json().path("services");
    return services.get(0);
  }
}
