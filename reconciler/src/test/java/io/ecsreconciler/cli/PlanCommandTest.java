package io.ecsreconciler.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecsreconciler.desired.StackLoader;
import io.ecsreconciler.engine.Planner;
import io.ecsreconciler.engine.Stack;
import io.ecsreconciler.resource.EcsStackResources;
import io.ecsreconciler.testing.AwsEmulator;
import io.ecsreconciler.testing.AwsEmulatorTest;
import io.ecsreconciler.testing.CountingEndpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

@AwsEmulatorTest
class PlanCommandTest {

  static final Path HELLO = Path.of("../desired-state/hello.yaml");

  /** Every resource of DESIGN §4 for the two-AZ hello stack. */
  static final List<String> HELLO_RESOURCES = List.of(
      "vpc", "internet-gateway", "subnet/public-a", "subnet/public-b", "subnet/private-a", "subnet/private-b",
      "route-table/public", "route-table/private", "security-group/alb", "security-group/tasks",
      "security-group/endpoints", "security-group-rules/alb", "security-group-rules/tasks",
      "security-group-rules/endpoints", "vpc-endpoint/ecr.dkr", "vpc-endpoint/ecr.api", "vpc-endpoint/logs",
      "vpc-endpoint/s3", "log-group", "iam-role/execution", "ecr-repository", "ecs-cluster", "task-definition",
      "load-balancer", "target-group", "listener/http", "ecs-service");

  private final AwsEmulator emulator;

  PlanCommandTest(AwsEmulator emulator) {
    this.emulator = emulator;
  }

  private CommandRun plan(Path... files) {
    var args = new java.util.ArrayList<>(List.of("plan", "--endpoint-url", emulator.endpoint().toString()));
    for (var file : files) {
      args.add(file.toString());
    }
    return CommandRun.of(args.toArray(String[]::new));
  }

  @Nested
  class OnAnEmptyAccount {

    @Test
    void listsEveryResourceOfTheStackToCreateAndExitsTwo() {
      var run = plan(HELLO);

      assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
      for (var key : HELLO_RESOURCES) {
        if (!key.equals("task-definition")) {
          assertThat(run.out()).containsPattern("(?m)^  \\+\\s+" + java.util.regex.Pattern.quote(key) + "\\s+to create$");
        }
      }
      // No image has been pushed: the rollout waits for it, and the plan says so.
      assertThat(run.out()).containsPattern("(?m)^  !\\s+task-definition\\s+to create BLOCKED: image tag 1.0.0 is not "
          + "in ECR repository hello");
      assertThat(run.out()).contains("Plan: 27 to create, 0 to update, 0 to replace, 0 to delete, 1 unchanged. 1 blocked.");
      assertThat(run.err()).contains("stack hello: some changes are blocked");
    }

    @Test
    void observesWithReadCallsOnlyAndCreatesNothing() throws IOException {
      var stack = new StackLoader().load(HELLO).stack().orElseThrow();
      var clients = emulator.clients();

      new Planner().plan(EcsStackResources.model(stack, clients), stack.region());

      assertThat(clients.counter().mutations()).isZero();
      assertThat(clients.counter().reads()).isBetween(1L, 25L);
      var tagged = emulator.cli("resourcegroupstaggingapi", "get-resources",
          "--tag-filters", "Key=" + Stack.STACK_TAG + ",Values=hello").assertOk().json();
      assertThat(tagged.path("ResourceTagMappingList").size()).isZero();
      assertThat(emulator.cli("ec2", "describe-vpcs", "--filters", "Name=tag:" + Stack.STACK_TAG + ",Values=hello")
          .assertOk().json().path("Vpcs").size()).isZero();
    }
  }

  @Nested
  class WithExistingResources {

    @Test
    void foreignResourcesWithTheStacksNamesAreNotTakenAsItsOwn() {
      emulator.cli("ec2", "create-vpc", "--cidr-block", "10.20.0.0/16").assertOk();
      emulator.cli("logs", "create-log-group", "--log-group-name", "/ecs/hello").assertOk();
      emulator.cli("ecs", "create-cluster", "--cluster-name", "hello").assertOk();

      var run = plan(HELLO);

      assertThat(run.exitCode()).isEqualTo(2);
      // The untagged VPC is simply not the stack's; the log group and cluster hold names the stack would create.
      assertThat(run.out()).containsPattern("(?m)^  \\+\\s+vpc\\s+to create$")
          .containsPattern("(?m)^  !\\s+log-group\\s+to create BLOCKED: log group /ecs/hello already holds the name")
          .containsPattern("(?m)^  !\\s+ecs-cluster\\s+to create BLOCKED: ECS cluster hello .* already holds the name");
    }

    @Test
    void anOwnedVpcIsComparedFieldByField() {
      var vpcId = emulator.clients().ec2().createVpc(r -> r.cidrBlock("10.20.0.0/16").tagSpecifications(
          TagSpecification.builder().resourceType(ResourceType.VPC).tags(
              Tag.builder().key("managed-by").value("ecs-reconciler").build(),
              Tag.builder().key(Stack.STACK_TAG).value("hello").build(),
              Tag.builder().key(Stack.RESOURCE_TAG).value("vpc").build()).build())).vpc().vpcId();
      emulator.cli("ec2", "modify-vpc-attribute", "--vpc-id", vpcId, "--no-enable-dns-hostnames").assertOk();

      var run = plan(HELLO);

      assertThat(run.out()).containsPattern("(?m)^  ~\\s+vpc\\s+update$")
          .contains("        dnsHostnames: false -> true")
          .contains("Plan: 26 to create, 1 to update");
    }

    @Test
    void anExistingRepositoryIsAdopted() {
      emulator.cli("ecr", "create-repository", "--repository-name", "hello").assertOk();

      var run = plan(HELLO);

      assertThat(run.out()).containsPattern("(?m)^\\s+ecr-repository\\s+no change$");
    }
  }

  @Nested
  class WithInvalidInput {

    @Test
    void anInvalidFileMakesNoAwsCallAtAll(@TempDir Path dir) throws IOException {
      var bad = dir.resolve("bad.yaml");
      var text = Files.readString(HELLO).replace("cpu: 256", "cpu: 300");
      Files.writeString(bad, text);
      int cpuLine = text.lines().toList().indexOf("    cpu: 300") + 1;
      try (var endpoint = CountingEndpoint.start()) {
        var run = CommandRun.of("plan", "--endpoint-url", endpoint.uri().toString(), bad.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("bad.yaml:" + cpuLine + ":10: spec.service.cpu: value 300 is not allowed");
        assertThat(endpoint.requests()).isZero();
      }
    }

    @Test
    void aValidStackBesideAnInvalidOneIsStillPlanned(@TempDir Path dir) throws IOException {
      Files.copy(HELLO, dir.resolve("hello.yaml"));
      Files.writeString(dir.resolve("other.yaml"), Files.readString(HELLO).replace("name: hello", "name: Other"));

      var run = plan(dir);

      assertThat(run.exitCode()).isEqualTo(1);
      assertThat(run.err()).contains("other.yaml:7:9: metadata.name");
      assertThat(run.out()).contains("Stack hello (us-east-1):").contains("27 to create");
    }
  }

  @Test
  void anUnreachableEndpointIsAnErrorNamingTheStack() {
    var run = CommandRun.of("plan", "--endpoint-url", "http://127.0.0.1:9", HELLO.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("cannot reach AWS for stack hello");
  }
}
