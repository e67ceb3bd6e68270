package io.ecsreconciler.pass;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecsreconciler.desired.StackSpec;
import io.ecsreconciler.plan.Change;
import io.ecsreconciler.plan.DeltaText;
import io.ecsreconciler.testing.AwsEmulator;
import io.ecsreconciler.testing.AwsEmulatorTest;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * An autoscaled service: the scalable target and its target-tracking policy are resources of the stack (read back
 * with the AWS CLI); a desired count the scaler set inside [minCount, maxCount] is not drift, one outside is
 * brought back to the nearest bound. And spec.policy.ignoreDrift leaves the fields it names to AWS.
 */
@AwsEmulatorTest
class AutoscalingTest {

  private static final UnaryOperator<String> AUTOSCALED = yaml -> yaml.replace("    logRetentionDays: 14\n",
      "    logRetentionDays: 14\n    autoscaling: {minCount: 1, maxCount: 4, cpuTargetPercent: 50}\n");

  private final AwsEmulator emulator;

  AutoscalingTest(AwsEmulator emulator) {
    this.emulator = emulator;
  }

  @BeforeEach
  void image() {
    HelloStack.pushImage(emulator, "1.0.0");
  }

  private StackPass.Result pass(StackSpec spec, StackPass.Goal goal) {
    return StackPass.run(spec, emulator.clients(),
        new StackPass.Options(goal, false, false, StackLifecycleTest.QUICK), StackPass.Progress.SILENT);
  }

  private StackPass.Result apply(StackSpec spec) {
    var result = pass(spec, StackPass.Goal.APPLY);
    assertThat(result.succeeded()).as(result.outcomes().toString()).isTrue();
    return result;
  }

  private List<String> drift(StackSpec spec) {
    return pass(spec, StackPass.Goal.PLAN).plan().changes().stream().filter(c -> c.action().changes())
        .map(AutoscalingTest::describe).toList();
  }

  private static String describe(Change change) {
    var deltas = change.deltas().stream().map(DeltaText::describe).toList();
    return change.key() + " " + change.action().verb() + (deltas.isEmpty() ? "" : ": " + String.join("; ", deltas));
  }

  private int desiredCount() {
    return emulator.cli("ecs", "describe-services", "--cluster", "hello", "--services", "hello").assertOk().json()
        .path("services").get(0).path("desiredCount").asInt();
  }

  private void scaleTo(int count) {
    emulator.cli("ecs", "update-service", "--cluster", "hello", "--service", "hello", "--desired-count",
        String.valueOf(count)).assertOk();
  }

  private JsonNode targets() {
    return emulator.cli("application-autoscaling", "describe-scalable-targets", "--service-namespace", "ecs")
        .assertOk().json().path("ScalableTargets");
  }

  private JsonNode policies() {
    return emulator.cli("application-autoscaling", "describe-scaling-policies", "--service-namespace", "ecs")
        .assertOk().json().path("ScalingPolicies");
  }

  @Test
  void theScalerOwnsTheCountInsideItsRangeAndTheRangeIsEnforced() {
    var autoscaled = HelloStack.edited(AUTOSCALED);
    apply(autoscaled);

    assertThat(targets()).singleElement().satisfies(target -> {
      assertThat(target.path("ResourceId").asString()).isEqualTo("service/hello/hello");
      assertThat(target.path("ScalableDimension").asString()).isEqualTo("ecs:service:DesiredCount");
      assertThat(target.path("MinCapacity").asInt()).isEqualTo(1);
      assertThat(target.path("MaxCapacity").asInt()).isEqualTo(4);
    });
    assertThat(policies()).singleElement().satisfies(policy -> {
      assertThat(policy.path("PolicyName").asString()).isEqualTo("hello-cpu");
      assertThat(policy.path("PolicyType").asString()).isEqualTo("TargetTrackingScaling");
      var tracking = policy.path("TargetTrackingScalingPolicyConfiguration");
      assertThat(tracking.path("TargetValue").asDouble()).isEqualTo(50.0);
      assertThat(tracking.path("PredefinedMetricSpecification").path("PredefinedMetricType").asString())
          .isEqualTo("ECSServiceAverageCPUUtilization");
    });
    assertThat(drift(autoscaled)).isEmpty();

    scaleTo(3); // what the scaler would do under load
    assertThat(drift(autoscaled)).as("inside the range the count is the scaler's").isEmpty();
    apply(autoscaled);
    assertThat(desiredCount()).isEqualTo(3);

    scaleTo(9);
    assertThat(drift(autoscaled)).containsExactly("ecs-service update: desiredCount: 9 -> 4");
    apply(autoscaled);
    assertThat(desiredCount()).isEqualTo(4);

    var retargeted = HelloStack.edited(yaml -> AUTOSCALED.apply(yaml).replace("maxCount: 4, cpuTargetPercent: 50",
        "maxCount: 6, cpuTargetPercent: 70"));
    assertThat(drift(retargeted)).containsExactlyInAnyOrder(
        "scalable-target update: maxCapacity: 4 -> 6", "scaling-policy/cpu update: targetValue: 50.0 -> 70.0");
    apply(retargeted);
    assertThat(targets().get(0).path("MaxCapacity").asInt()).isEqualTo(6);
    assertThat(policies().get(0).path("TargetTrackingScalingPolicyConfiguration").path("TargetValue").asDouble())
        .isEqualTo(70.0);

    // Without autoscaling in the YAML, the target and its policy are pruned and the YAML's count is back.
    var plain = HelloStack.spec();
    assertThat(drift(plain)).containsExactlyInAnyOrder("scaling-policy/cpu delete", "scalable-target delete",
        "ecs-service update: desiredCount: 4 -> 2");
    apply(plain);
    assertThat(targets()).isEmpty();
    assertThat(policies()).isEmpty();
    assertThat(desiredCount()).isEqualTo(2);
  }

  @Test
  void ignoredDriftIsLeftAsAwsHasItAndTheRestIsStillPutRight() {
    var ignoring = HelloStack.edited(yaml -> yaml.replace("    maxDeletesPerPass: 5\n",
        "    maxDeletesPerPass: 5\n    ignoreDrift: [log-group.retentionDays, ecs-service.desiredCount]\n"));
    apply(ignoring);

    emulator.cli("logs", "put-retention-policy", "--log-group-name", "/ecs/hello", "--retention-in-days", "30")
        .assertOk();
    scaleTo(5);
    emulator.cli("elbv2", "modify-target-group", "--target-group-arn", targetGroupArn(), "--health-check-path",
        "/other").assertOk();

    assertThat(drift(ignoring)).containsExactly("target-group update: healthCheckPath: /other -> /hello");
    apply(ignoring);
    assertThat(desiredCount()).isEqualTo(5);
    assertThat(emulator.cli("logs", "describe-log-groups", "--log-group-name-prefix", "/ecs/hello").assertOk().json()
        .path("logGroups").get(0).path("retentionInDays").asInt()).isEqualTo(30);
    assertThat(drift(ignoring)).isEmpty();
  }

  private String targetGroupArn() {
    return emulator.cli("elbv2", "describe-target-groups", "--names", "hello-tg").assertOk().json()
        .path("TargetGroups").get(0).path("TargetGroupArn").asString();
  }
}
