package io.ecsreconciler.pass;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecsreconciler.plan.Change;
import io.ecsreconciler.testing.AwsEmulator;
import io.ecsreconciler.testing.AwsEmulatorTest;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Someone else's resources already hold the names the stack wants (made with the AWS CLI, untagged): the plan
 * says so, and neither apply nor destroy modifies, adopts or deletes them. AWS's CreateCluster and
 * CreateTargetGroup answer with the existing resource for a name that is taken, so only observing first keeps the
 * stack from taking them over.
 */
@AwsEmulatorTest
class NameCollisionTest {

  private final AwsEmulator emulator;
  private String foreignLoadBalancer;
  private String foreignTargetGroup;

  NameCollisionTest(AwsEmulator emulator) {
    this.emulator = emulator;
  }

  @BeforeEach
  void someoneElseHoldsTheNames() {
    HelloStack.pushImage(emulator, "1.0.0");
    var subnets = emulator.cli("ec2", "describe-subnets", "--filters", "Name=default-for-az,Values=true").assertOk()
        .json().path("Subnets");
    foreignLoadBalancer = emulator.cli("elbv2", "create-load-balancer", "--name", "hello-alb", "--subnets",
        subnets.get(0).path("SubnetId").asString(), subnets.get(1).path("SubnetId").asString()).assertOk().json()
        .path("LoadBalancers").get(0).path("LoadBalancerArn").asString();
    foreignTargetGroup = emulator.cli("elbv2", "create-target-group", "--name", "hello-tg", "--protocol", "HTTP",
        "--port", "80", "--vpc-id", subnets.get(0).path("VpcId").asString()).assertOk().json()
        .path("TargetGroups").get(0).path("TargetGroupArn").asString();
    emulator.cli("ecs", "create-cluster", "--cluster-name", "hello").assertOk();
    emulator.cli("logs", "create-log-group", "--log-group-name", "/ecs/hello").assertOk();
    emulator.cli("iam", "create-role", "--role-name", "hello-execution", "--assume-role-policy-document",
        "{\"Version\":\"2012-10-17\",\"Statement\":[]}").assertOk();
  }

  private StackPass.Result pass(StackPass.Goal goal) {
    return StackPass.run(HelloStack.spec(), emulator.clients(),
        new StackPass.Options(goal, true, false, StackLifecycleTest.QUICK), StackPass.Progress.SILENT);
  }

  @Test
  void thePlanSaysTheNamesAreTakenAndNeitherApplyNorDestroyTouchesTheirHolders() {
    var plan = pass(StackPass.Goal.PLAN).plan();
    Map<String, String> blocked = plan.changes().stream().filter(Change::blocked)
        .collect(Collectors.toMap(c -> c.key().toString(), Change::error));

    assertThat(blocked.get("load-balancer")).startsWith("load balancer hello-alb (" + foreignLoadBalancer
        + ") already holds the name and is not the stack's");
    assertThat(blocked.get("target-group")).startsWith("target group hello-tg (" + foreignTargetGroup + ")");
    assertThat(blocked.get("ecs-cluster")).startsWith("ECS cluster hello (");
    assertThat(blocked.get("log-group")).startsWith("log group /ecs/hello already holds the name");
    assertThat(blocked.get("iam-role/execution")).startsWith("IAM role hello-execution (");
    assertThat(blocked.get("load-balancer")).contains("never modified, adopted or deleted");

    var apply = pass(StackPass.Goal.APPLY);
    assertThat(apply.succeeded()).isFalse();
    var destroy = pass(StackPass.Goal.DESTROY);
    assertThat(destroy.succeeded()).as(destroy.outcomes().toString()).isTrue();

    assertThat(emulator.cli("elbv2", "describe-tags", "--resource-arns", foreignLoadBalancer, foreignTargetGroup)
        .assertOk().json().path("TagDescriptions").valueStream().mapToInt(d -> d.path("Tags").size()).sum())
        .as("never tagged as the stack's").isZero();
    assertThat(emulator.cli("elbv2", "describe-listeners", "--load-balancer-arn", foreignLoadBalancer).assertOk()
        .json().path("Listeners")).as("no listener added to someone else's balancer").isEmpty();
    var cluster = emulator.cli("ecs", "describe-clusters", "--clusters", "hello", "--include", "TAGS").assertOk()
        .json().path("clusters").get(0);
    assertThat(cluster.path("status").asString()).isEqualTo("ACTIVE");
    assertThat(cluster.path("tags")).isEmpty();
    assertThat(emulator.cli("ecs", "list-services", "--cluster", "hello").assertOk().json().path("serviceArns"))
        .as("no service put into someone else's cluster").isEmpty();
    assertThat(emulator.cli("logs", "list-tags-log-group", "--log-group-name", "/ecs/hello").assertOk().json()
        .path("tags")).isEmpty();
    assertThat(emulator.cli("iam", "get-role", "--role-name", "hello-execution").assertOk().json().path("Role")
        .path("Tags")).isEmpty();
    assertThat(emulator.cli("iam", "list-attached-role-policies", "--role-name", "hello-execution").assertOk().json()
        .path("AttachedPolicies")).isEmpty();
  }
}
