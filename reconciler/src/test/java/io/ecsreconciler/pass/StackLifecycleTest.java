package io.ecsreconciler.pass;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.ecsreconciler.aws.ApiCallCounter;
import io.ecsreconciler.desired.StackSpec;
import io.ecsreconciler.engine.Applier;
import io.ecsreconciler.engine.Stack;
import io.ecsreconciler.plan.Action;
import io.ecsreconciler.plan.Change;
import io.ecsreconciler.rollout.Deployment;
import io.ecsreconciler.rollout.PostDeployCheck;
import io.ecsreconciler.rollout.RolloutStatus;
import io.ecsreconciler.testing.AwsEmulator;
import io.ecsreconciler.testing.AwsEmulatorTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The hello stack's whole life against the emulator: apply on an empty account, steady state, drift made with
 * the AWS CLI behind the reconciler's back, image rollouts, crashes in the middle of an apply, and destroy.
 * End states are checked with the AWS CLI, a client independent of the code under test.
 */
@AwsEmulatorTest
class StackLifecycleTest {

  static final Applier.Options QUICK = new Applier.Options(Duration.ofSeconds(5), Duration.ofMillis(100));

  private final AwsEmulator emulator;

  StackLifecycleTest(AwsEmulator emulator) {
    this.emulator = emulator;
  }

  private StackPass.Result pass(StackSpec spec, StackPass.Goal goal) {
    return StackPass.run(spec, emulator.clients(), new StackPass.Options(goal, false, false, QUICK),
        StackPass.Progress.SILENT);
  }

  private StackPass.Result apply(StackSpec spec) {
    return pass(spec, StackPass.Goal.APPLY);
  }

  private List<Change> pending(StackSpec spec) {
    return pass(spec, StackPass.Goal.PLAN).plan().changes().stream().filter(c -> c.action().changes()).toList();
  }

  private JsonNode cli(String... args) {
    return emulator.cli(args).assertOk().json();
  }

  private static List<JsonNode> list(JsonNode array) {
    return StreamSupport.stream(array.spliterator(), false).toList();
  }

  private String tagFilter() {
    return "Name=tag:" + Stack.STACK_TAG + ",Values=hello";
  }

  @Nested
  class OnAnEmptyAccount {

    @BeforeEach
    void imageIsPushed() {
      HelloStack.pushImage(emulator, "1.0.0");
    }

    @Test
    void applyBuildsTheWholeStackAsTheOriginalSetupHadIt() {
      var result = apply(HelloStack.spec());

      assertThat(result.plan().hasErrors()).as(result.plan().toString()).isFalse();
      assertThat(result.outcomes()).extracting(Applier.Outcome::status)
          .as(result.outcomes().toString()).doesNotContain(Applier.Status.FAILED, Applier.Status.SKIPPED);

      var vpc = list(cli("ec2", "describe-vpcs", "--filters", tagFilter()).path("Vpcs"));
      assertThat(vpc).hasSize(1);
      var vpcId = vpc.getFirst().path("VpcId").asString();

      var subnets = list(cli("ec2", "describe-subnets", "--filters", tagFilter()).path("Subnets"));
      assertThat(subnets).hasSize(4).allSatisfy(s -> assertThat(s.path("MapPublicIpOnLaunch").asBoolean()).isFalse());
      var privateCidrs = java.util.Set.of("10.20.10.0/24", "10.20.11.0/24");
      var privateIds = subnets.stream().filter(s -> privateCidrs.contains(s.path("CidrBlock").asString()))
          .map(s -> s.path("SubnetId").asString()).sorted().toList();
      var publicIds = subnets.stream().map(s -> s.path("SubnetId").asString()).filter(id -> !privateIds.contains(id))
          .sorted().toList();
      assertThat(privateIds).hasSize(2);

      // Private subnets: no route to the internet gateway; only local and the S3 gateway's prefix list.
      var tables = list(cli("ec2", "describe-route-tables", "--filters", tagFilter()).path("RouteTables"));
      var privateTable = tables.stream().filter(t -> list(t.path("Associations")).stream()
          .anyMatch(a -> privateIds.contains(a.path("SubnetId").asString()))).findFirst().orElseThrow();
      assertThat(list(privateTable.path("Routes"))).allSatisfy(route ->
          assertThat(route.path("GatewayId").asString("")).doesNotStartWith("igw-"));
      assertThat(list(privateTable.path("Routes"))).anySatisfy(route ->
          assertThat(route.path("DestinationPrefixListId").asString("")).startsWith("pl-"));
      var publicTable = tables.stream().filter(t -> t != privateTable).findFirst().orElseThrow();
      assertThat(list(publicTable.path("Routes"))).anySatisfy(route -> {
        assertThat(route.path("DestinationCidrBlock").asString("")).isEqualTo("0.0.0.0/0");
        assertThat(route.path("GatewayId").asString()).startsWith("igw-");
      });

      var balancers = list(cli("elbv2", "describe-load-balancers", "--names", "hello-alb").path("LoadBalancers"));
      assertThat(balancers).singleElement().satisfies(lb -> {
        assertThat(lb.path("Scheme").asString()).isEqualTo("internet-facing");
        assertThat(list(lb.path("AvailabilityZones")).stream().map(z -> z.path("SubnetId").asString()).sorted())
            .containsExactlyElementsOf(publicIds);
      });
      var lbArn = balancers.getFirst().path("LoadBalancerArn").asString();

      var group = list(cli("elbv2", "describe-target-groups", "--names", "hello-tg").path("TargetGroups")).getFirst();
      assertThat(group.path("Port").asInt()).isEqualTo(8888);
      assertThat(group.path("TargetType").asString()).isEqualTo("ip");
      assertThat(group.path("HealthCheckPath").asString()).isEqualTo("/hello");
      assertThat(group.path("VpcId").asString()).isEqualTo(vpcId);

      var listener = list(cli("elbv2", "describe-listeners", "--load-balancer-arn", lbArn).path("Listeners"));
      assertThat(listener).singleElement().satisfies(l -> {
        assertThat(l.path("Port").asInt()).isEqualTo(80);
        assertThat(l.path("DefaultActions").get(0).path("TargetGroupArn").asString())
            .isEqualTo(group.path("TargetGroupArn").asString());
      });

      var endpoints = list(cli("ec2", "describe-vpc-endpoints", "--filters", tagFilter()).path("VpcEndpoints"));
      assertThat(endpoints.stream().map(e -> e.path("ServiceName").asString()).sorted()).containsExactly(
          "com.amazonaws.us-east-1.ecr.api", "com.amazonaws.us-east-1.ecr.dkr", "com.amazonaws.us-east-1.logs",
          "com.amazonaws.us-east-1.s3");
      assertThat(endpoints).allSatisfy(e -> {
        if (e.path("VpcEndpointType").asString().equals("Interface")) {
          assertThat(list(e.path("SubnetIds")).stream().map(JsonNode::asString).sorted())
              .containsExactlyElementsOf(privateIds);
          assertThat(e.path("PrivateDnsEnabled").asBoolean()).isTrue();
        } else {
          assertThat(list(e.path("RouteTableIds")).stream().map(JsonNode::asString))
              .containsExactly(privateTable.path("RouteTableId").asString());
        }
      });

      var service = cli("ecs", "describe-services", "--cluster", "hello", "--services", "hello")
          .path("services").get(0);
      var network = service.path("networkConfiguration").path("awsvpcConfiguration");
      assertThat(network.path("assignPublicIp").asString()).isEqualTo("DISABLED");
      assertThat(list(network.path("subnets")).stream().map(JsonNode::asString).sorted())
          .containsExactlyElementsOf(privateIds);
      assertThat(service.path("loadBalancers").get(0).path("targetGroupArn").asString())
          .isEqualTo(group.path("TargetGroupArn").asString());
      assertThat(service.path("launchType").asString()).isEqualTo("FARGATE");
      assertThat(service.path("desiredCount").asInt()).isEqualTo(2);
    }

    @Test
    void aSteadyPassOfAHealthyStackMakesNoMutatingCallAndAtMostTwentyReads() {
      var first = healthy(HelloStack.spec());
      var healthyBefore = first.rollout().flatMap(RolloutStatus::deployment).map(Deployment::id);
      ApiCallCounter counter = emulator.clients().counter();
      counter.reset();

      var steady = StackPass.run(HelloStack.spec(), emulator.clients(), new StackPass.Options(StackPass.Goal.APPLY,
              false, false, QUICK, new StackPass.Rollout(false, "local", PostDeployCheck.direct(), false, healthyBefore)),
          StackPass.Progress.SILENT);

      assertThat(steady.plan().changes()).filteredOn(c -> c.action().changes())
          .as("a converged stack has nothing to do").isEmpty();
      assertThat(steady.rollout()).hasValueSatisfying(r -> assertThat(r.phase()).isEqualTo(RolloutStatus.Phase.HEALTHY));
      assertThat(counter.mutations()).as(counter.snapshot().toString()).isZero();
      assertThat(counter.reads()).as(counter.snapshot().toString()).isLessThanOrEqualTo(20);
      assertThat(counter.count("ElasticLoadBalancingV2", "DescribeTargetHealth"))
          .as("the deployment was found healthy before: its targets are not read again").isZero();
    }

    @Test
    void withoutAnEarlierPassToGoByTheTargetHealthIsReadOnceMore() {
      healthy(HelloStack.spec());
      ApiCallCounter counter = emulator.clients().counter();
      counter.reset();

      var steady = apply(HelloStack.spec());

      assertThat(steady.rollout()).hasValueSatisfying(r -> assertThat(r.phase()).isEqualTo(RolloutStatus.Phase.HEALTHY));
      assertThat(counter.mutations()).as(counter.snapshot().toString()).isZero();
      assertThat(counter.reads()).as(counter.snapshot().toString()).isLessThanOrEqualTo(21);
      assertThat(counter.count("ElasticLoadBalancingV2", "DescribeTargetHealth")).as(counter.snapshot().toString())
          .isEqualTo(1);
    }

    /** Applied, then looked at until its rollout is done and every target healthy (as apply --wait would). */
    private StackPass.Result healthy(StackSpec spec) {
      assumeThat(emulator.runsTasks()).as("needs the emulator's ECS runtime model").isTrue();
      var waiting = new StackPass.Options(StackPass.Goal.APPLY, false, false,
          new Applier.Options(Duration.ofSeconds(30), Duration.ofMillis(200)),
          new StackPass.Rollout(false, "local", PostDeployCheck.direct(), true));
      var result = StackPass.run(spec, emulator.clients(), waiting, StackPass.Progress.SILENT);
      assertThat(result.rollout()).hasValueSatisfying(r -> assertThat(r.phase()).isEqualTo(RolloutStatus.Phase.HEALTHY));
      return result;
    }
  }

  @Nested
  class Images {

    @Test
    void aMissingTagIsAnErrorAndChangesNothingOfTheRollout() {
      HelloStack.pushImage(emulator, "1.0.0");
      apply(HelloStack.spec());
      var before = cli("ecs", "describe-services", "--cluster", "hello", "--services", "hello")
          .path("services").get(0).path("taskDefinition").asString();

      var result = apply(HelloStack.edited(yaml -> yaml.replace("tag: \"1.0.0\"", "tag: \"9.9.9\"")));

      assertThat(result.succeeded()).isFalse();
      assertThat(result.plan().changes()).filteredOn(Change::blocked).extracting(c -> c.key().toString())
          .containsExactly("task-definition");
      assertThat(result.plan().changes()).filteredOn(c -> c.action().changes())
          .as("the service does not follow a revision that will not be registered")
          .extracting(c -> c.key().toString()).containsExactly("task-definition");
      assertThat(cli("ecs", "describe-services", "--cluster", "hello", "--services", "hello")
          .path("services").get(0).path("taskDefinition").asString()).isEqualTo(before);
    }

    @Test
    void aNewTagRegistersANewRevisionAndRollsTheServiceToIt() {
      HelloStack.pushImage(emulator, "1.0.0");
      HelloStack.pushImage(emulator, "1.1.0");
      apply(HelloStack.spec());

      var result = apply(HelloStack.edited(yaml -> yaml.replace("tag: \"1.0.0\"", "tag: \"1.1.0\"")));

      assertThat(result.succeeded()).as(result.outcomes().toString()).isTrue();
      var service = cli("ecs", "describe-services", "--cluster", "hello", "--services", "hello").path("services").get(0);
      var definition = cli("ecs", "describe-task-definition", "--task-definition",
          service.path("taskDefinition").asString()).path("taskDefinition");
      assertThat(definition.path("containerDefinitions").get(0).path("image").asString()).endsWith("hello:1.1.0");
      assertThat(definition.path("revision").asInt()).isEqualTo(2);
    }
  }
}
