package io.ecsreconciler.pass;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecsreconciler.engine.Applier;
import io.ecsreconciler.engine.Stack;
import io.ecsreconciler.plan.Change;
import io.ecsreconciler.plan.DeltaText;
import io.ecsreconciler.testing.AwsEmulator;
import io.ecsreconciler.testing.AwsEmulatorTest;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Drift made with the AWS CLI behind the reconciler's back: the plan names exactly that drift, apply puts it
 * right, and the pass after that finds nothing to do.
 */
@AwsEmulatorTest
class DriftTest {

  private final AwsEmulator emulator;

  DriftTest(AwsEmulator emulator) {
    this.emulator = emulator;
  }

  @BeforeEach
  void helloIsConverged() {
    HelloStack.pushImage(emulator, "1.0.0");
    var result = pass(StackPass.Goal.APPLY);
    assertThat(result.succeeded()).as(result.outcomes().toString()).isTrue();
  }

  private StackPass.Result pass(StackPass.Goal goal) {
    return StackPass.run(HelloStack.spec(), emulator.clients(),
        new StackPass.Options(goal, false, false, StackLifecycleTest.QUICK), StackPass.Progress.SILENT);
  }

  /** The plan's changing lines as "key action: delta; delta". */
  private List<String> drift() {
    return pass(StackPass.Goal.PLAN).plan().changes().stream().filter(c -> c.action().changes())
        .map(DriftTest::describe).toList();
  }

  private static String describe(Change change) {
    var deltas = change.deltas().stream().map(DeltaText::describe).toList();
    return change.key() + " " + change.action().verb() + (deltas.isEmpty() ? "" : ": " + String.join("; ", deltas));
  }

  private void assertCorrectedByApply() {
    var result = pass(StackPass.Goal.APPLY);
    assertThat(result.succeeded()).as(result.outcomes().toString()).isTrue();
    assertThat(drift()).isEmpty();
  }

  private String id(String describe, String listField, String idField, String... filters) {
    var args = new java.util.ArrayList<>(List.of("ec2", describe, "--filters", "Name=tag:" + Stack.STACK_TAG + ",Values=hello"));
    args.addAll(List.of(filters));
    return emulator.cli(args.toArray(String[]::new)).assertOk().json().path(listField).get(0).path(idField).asString();
  }

  private String resourceFilter(String key) {
    return "Name=tag:" + Stack.RESOURCE_TAG + ",Values=" + key;
  }

  @Test
  void aDeletedRouteIsRestored() {
    var table = id("describe-route-tables", "RouteTables", "RouteTableId", resourceFilter("route-table/public"));
    emulator.cli("ec2", "delete-route", "--route-table-id", table, "--destination-cidr-block", "0.0.0.0/0").assertOk();

    assertThat(drift()).singleElement().asString().startsWith("route-table/public update: routes: +0.0.0.0/0=igw-")
        .doesNotContain("-0.0.0.0/0");
    assertCorrectedByApply();
  }

  @Test
  void anExtraAndARemovedSecurityGroupRuleAreBothPutRight() {
    var group = id("describe-security-groups", "SecurityGroups", "GroupId", resourceFilter("security-group/alb"));
    emulator.cli("ec2", "authorize-security-group-ingress", "--group-id", group, "--protocol", "tcp", "--port", "22",
        "--cidr", "0.0.0.0/0").assertOk();
    emulator.cli("ec2", "revoke-security-group-ingress", "--group-id", group, "--protocol", "tcp", "--port", "80",
        "--cidr", "0.0.0.0/0").assertOk();

    assertThat(drift()).containsExactly(
        "security-group-rules/alb update: ingress: +80/tcp 0.0.0.0/0, -22/tcp 0.0.0.0/0");
    assertCorrectedByApply();
  }

  @Test
  void aChangedDesiredCountIsSetBack() {
    emulator.cli("ecs", "update-service", "--cluster", "hello", "--service", "hello", "--desired-count", "5").assertOk();

    assertThat(drift()).containsExactly("ecs-service update: desiredCount: 5 -> 2");
    assertCorrectedByApply();
  }

  @Test
  void aChangedLogRetentionIsSetBack() {
    emulator.cli("logs", "put-retention-policy", "--log-group-name", "/ecs/hello", "--retention-in-days", "30")
        .assertOk();

    assertThat(drift()).containsExactly("log-group update: retentionDays: 30 -> 14");
    assertCorrectedByApply();
  }

  @Test
  void aDeletedVpcEndpointIsCreatedAgain() {
    var endpoint = id("describe-vpc-endpoints", "VpcEndpoints", "VpcEndpointId", resourceFilter("vpc-endpoint/logs"));
    emulator.cli("ec2", "delete-vpc-endpoints", "--vpc-endpoint-ids", endpoint).assertOk();

    assertThat(drift()).containsExactly("vpc-endpoint/logs create");
    assertCorrectedByApply();
  }

  @Test
  void aChangedHealthCheckPathIsSetBack() {
    var group = emulator.cli("elbv2", "describe-target-groups", "--names", "hello-tg").assertOk().json()
        .path("TargetGroups").get(0).path("TargetGroupArn").asString();
    emulator.cli("elbv2", "modify-target-group", "--target-group-arn", group, "--health-check-path", "/").assertOk();

    assertThat(drift()).containsExactly("target-group update: healthCheckPath: / -> /hello");
    assertCorrectedByApply();
  }

  @Test
  void aDeletedListenerIsCreatedAgain() {
    var lb = emulator.cli("elbv2", "describe-load-balancers", "--names", "hello-alb").assertOk().json()
        .path("LoadBalancers").get(0).path("LoadBalancerArn").asString();
    JsonNode listeners = emulator.cli("elbv2", "describe-listeners", "--load-balancer-arn", lb).assertOk().json();
    emulator.cli("elbv2", "delete-listener", "--listener-arn",
        listeners.path("Listeners").get(0).path("ListenerArn").asString()).assertOk();

    assertThat(drift()).containsExactly("listener/http create");
    assertCorrectedByApply();
  }

  @Test
  void aDeletedSubnetIsCreatedAgainAndReferencedAnew() {
    var subnet = id("describe-subnets", "Subnets", "SubnetId", resourceFilter("subnet/private-a"));
    emulator.cli("ec2", "delete-subnet", "--subnet-id", subnet).assertOk();

    assertThat(drift()).first().isEqualTo("subnet/private-a create");
    assertCorrectedByApply();
    var fresh = id("describe-subnets", "Subnets", "SubnetId", resourceFilter("subnet/private-a"));
    var service = emulator.cli("ecs", "describe-services", "--cluster", "hello", "--services", "hello").assertOk()
        .json().path("services").get(0).path("networkConfiguration").path("awsvpcConfiguration").path("subnets");
    assertThat(service.toString()).contains(fresh).doesNotContain(subnet);
  }
}
