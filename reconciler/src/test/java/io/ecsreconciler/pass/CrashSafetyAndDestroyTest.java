package io.ecsreconciler.pass;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecsreconciler.engine.Applier;
import io.ecsreconciler.engine.Stack;
import io.ecsreconciler.testing.AwsEmulator;
import io.ecsreconciler.testing.AwsEmulatorTest;
import io.ecsreconciler.testing.faults.ChaosReport;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

@AwsEmulatorTest
class CrashSafetyAndDestroyTest {

  private final AwsEmulator emulator;

  CrashSafetyAndDestroyTest(AwsEmulator emulator) {
    this.emulator = emulator;
  }

  @BeforeEach
  void imageIsPushed() {
    HelloStack.pushImage(emulator, "1.0.0");
  }

  private StackPass.Result pass(StackPass.Goal goal) {
    // Destroy is the explicit command here: it lifts the delete guard, as the CLI's destroy does.
    var allowMassDelete = goal == StackPass.Goal.DESTROY;
    return StackPass.run(HelloStack.spec(), emulator.clients(),
        new StackPass.Options(goal, allowMassDelete, false, StackLifecycleTest.QUICK), StackPass.Progress.SILENT);
  }

  private int count(String... describe) {
    JsonNode json = emulator.cli(describe).assertOk().json();
    var lists = json.propertyNames().stream().map(json::path).filter(JsonNode::isArray).toList();
    return lists.isEmpty() ? 0 : lists.getFirst().size();
  }

  /** ECS keeps deleted clusters and services listed as INACTIVE: count the ACTIVE ones. */
  private long active(String... describe) {
    var result = emulator.cli(describe);
    if (result.exitCode() != 0) {
      return 0; // ClusterNotFoundException: nothing active
    }
    var json = result.json();
    var list = json.has("clusters") ? json.path("clusters") : json.path("services");
    return list.valueStream().filter(item -> item.path("status").asString().equals("ACTIVE")).count();
  }

  private String owned() {
    return "Name=tag:" + Stack.STACK_TAG + ",Values=hello";
  }

  /** Every owned resource of every kind, counted with the AWS CLI. */
  private String inventory() {
    return "vpcs=" + count("ec2", "describe-vpcs", "--filters", owned())
        + " igws=" + count("ec2", "describe-internet-gateways", "--filters", owned())
        + " subnets=" + count("ec2", "describe-subnets", "--filters", owned())
        + " tables=" + count("ec2", "describe-route-tables", "--filters", owned())
        + " groups=" + count("ec2", "describe-security-groups", "--filters", owned())
        + " endpoints=" + count("ec2", "describe-vpc-endpoints", "--filters", owned(),
            "Name=vpc-endpoint-state,Values=available,pending")
        + " balancers=" + count("elbv2", "describe-load-balancers")
        + " targetGroups=" + count("elbv2", "describe-target-groups")
        + " clusters=" + active("ecs", "describe-clusters", "--clusters", "hello")
        + " services=" + active("ecs", "describe-services", "--cluster", "hello", "--services", "hello")
        + " logGroups=" + count("logs", "describe-log-groups", "--log-group-name-prefix", "/ecs/hello")
        + " roles=" + emulator.cli("iam", "list-roles").assertOk().json().path("Roles").valueStream()
            .filter(r -> r.path("RoleName").asString().equals("hello-execution")).count();
  }

  static final String CONVERGED = "vpcs=1 igws=1 subnets=4 tables=2 groups=3 endpoints=4 balancers=1 targetGroups=1 "
      + "clusters=1 services=1 logGroups=1 roles=1";

  /**
   * In-process aborts after k mutating calls; KillAtEveryMutationTest kills a real process at every k. CI takes two
   * of these points, bin/chaos (-Dreconciler.chaos.full-sweep=true) all six.
   */
  static IntStream crashPoints() {
    return ChaosReport.full() ? IntStream.of(1, 3, 8, 15, 25, 40) : IntStream.of(3, 25);
  }

  @Nested
  class WhenApplyCrashes {

    @ParameterizedTest(name = "after {0} mutating calls")
    @MethodSource("io.ecsreconciler.pass.CrashSafetyAndDestroyTest#crashPoints")
    void theNextPassConvergesWithoutDuplicates(int k) {
      var mutations = new AtomicInteger();
      emulator.clients().counter().beforeMutation(call -> {
        if (mutations.incrementAndGet() > k) {
          throw new IllegalStateException("simulated crash before " + call);
        }
      });
      pass(StackPass.Goal.APPLY);
      emulator.clients().counter().beforeMutation(null);

      var rerun = pass(StackPass.Goal.APPLY);

      assertThat(rerun.succeeded()).as(rerun.outcomes().toString()).isTrue();
      assertThat(inventory()).isEqualTo(CONVERGED);
      assertThat(pass(StackPass.Goal.PLAN).plan().hasChanges()).isFalse();
    }
  }

  @Nested
  class Destroy {

    @Test
    void leavesNothingOfTheStackAndTwiceIsANoOp() {
      pass(StackPass.Goal.APPLY);
      assertThat(inventory()).isEqualTo(CONVERGED);

      var destroyed = pass(StackPass.Goal.DESTROY);

      assertThat(destroyed.succeeded()).as(destroyed.outcomes().toString()).isTrue();
      assertThat(inventory()).isEqualTo("vpcs=0 igws=0 subnets=0 tables=0 groups=0 endpoints=0 balancers=0 "
          + "targetGroups=0 clusters=0 services=0 logGroups=0 roles=0");
      var again = pass(StackPass.Goal.DESTROY);
      assertThat(again.plan().hasChanges()).isFalse();
      assertThat(again.outcomes()).isEmpty();
    }

    @Test
    void keepsTheAdoptedRepositoryAndItsImages() {
      pass(StackPass.Goal.APPLY);
      pass(StackPass.Goal.DESTROY);

      assertThat(count("ecr", "list-images", "--repository-name", "hello")).isEqualTo(1);
    }

    @Test
    void foreignResourcesSurviveApplyAndDestroy() {
      var vpc = emulator.cli("ec2", "create-vpc", "--cidr-block", "10.20.0.0/16").assertOk().json()
          .path("Vpc").path("VpcId").asString();
      var group = emulator.cli("ec2", "create-security-group", "--group-name", "hello-alb", "--description", "mine",
          "--vpc-id", vpc).assertOk().json().path("GroupId").asString();
      emulator.cli("logs", "create-log-group", "--log-group-name", "/ecs/hello-mine").assertOk();
      emulator.cli("ecs", "create-cluster", "--cluster-name", "mine").assertOk();

      pass(StackPass.Goal.APPLY);
      pass(StackPass.Goal.DESTROY);

      assertThat(count("ec2", "describe-vpcs", "--vpc-ids", vpc)).isEqualTo(1);
      assertThat(count("ec2", "describe-security-groups", "--group-ids", group)).isEqualTo(1);
      assertThat(count("logs", "describe-log-groups", "--log-group-name-prefix", "/ecs/hello-mine")).isEqualTo(1);
      assertThat(emulator.cli("ecs", "describe-clusters", "--clusters", "mine").assertOk().json()
          .path("clusters").get(0).path("status").asString()).isEqualTo("ACTIVE");
    }
  }

  @Test
  void observeModeNeverMutates() {
    var observing = HelloStack.edited(yaml -> yaml.replace("mode: enforce", "mode: observe"));
    var counter = emulator.clients().counter();

    var result = StackPass.run(observing, emulator.clients(),
        new StackPass.Options(StackPass.Goal.APPLY, false, false, StackLifecycleTest.QUICK), StackPass.Progress.SILENT);

    assertThat(result.plan().hasChanges()).isTrue();
    assertThat(result.skippedWhy()).contains("observe mode");
    assertThat(counter.mutations()).isZero();
    assertThat(inventory()).startsWith("vpcs=0 igws=0 subnets=0");
  }
}
