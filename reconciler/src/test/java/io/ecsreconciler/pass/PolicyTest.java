package io.ecsreconciler.pass;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecsreconciler.desired.StackSpec;
import io.ecsreconciler.engine.Applier;
import io.ecsreconciler.engine.Stack;
import io.ecsreconciler.plan.Action;
import io.ecsreconciler.plan.Change;
import io.ecsreconciler.testing.AwsEmulator;
import io.ecsreconciler.testing.AwsEmulatorTest;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** What the stack's policy lets a pass delete and replace, against the emulator. */
@AwsEmulatorTest
class PolicyTest {

  private static final String WITH_SECRETS = "endpoints: [ecr.dkr, ecr.api, logs, s3, secretsmanager]";
  private static final String WITHOUT_SECRETS = "endpoints: [ecr.dkr, ecr.api, logs, s3]";

  private final AwsEmulator emulator;

  PolicyTest(AwsEmulator emulator) {
    this.emulator = emulator;
  }

  @BeforeEach
  void imageIsPushed() {
    HelloStack.pushImage(emulator, "1.0.0");
  }

  private StackPass.Result apply(StackSpec spec, boolean allowMassDelete, boolean allowReplace) {
    return StackPass.run(spec, emulator.clients(), new StackPass.Options(StackPass.Goal.APPLY, allowMassDelete,
        allowReplace, StackLifecycleTest.QUICK), StackPass.Progress.SILENT);
  }

  private StackPass.Result apply(StackSpec spec) {
    return apply(spec, false, false);
  }

  private static StackSpec hello(String policy, String endpoints) {
    return HelloStack.edited(yaml -> yaml.replace(WITHOUT_SECRETS, endpoints)
        .replace("    maxDeletesPerPass: 5", policy));
  }

  private List<String> endpointServices() {
    return emulator.cli("ec2", "describe-vpc-endpoints", "--filters", "Name=tag:" + Stack.STACK_TAG + ",Values=hello",
            "Name=vpc-endpoint-state,Values=available,pending").assertOk().json().path("VpcEndpoints").valueStream()
        .map(e -> e.path("ServiceName").asString().replace("com.amazonaws.us-east-1.", "")).sorted().toList();
  }

  @Nested
  class Pruning {

    @Test
    void aResourceRemovedFromTheYamlIsDeleted() {
      apply(hello("    maxDeletesPerPass: 5", WITH_SECRETS));
      assertThat(endpointServices()).contains("secretsmanager");

      var result = apply(hello("    maxDeletesPerPass: 5", WITHOUT_SECRETS));

      assertThat(result.plan().changes()).filteredOn(c -> c.action().changes()).extracting(Change::key, Change::action)
          .containsExactly(org.assertj.core.groups.Tuple.tuple(
              io.ecsreconciler.engine.ResourceKey.of("vpc-endpoint", "secretsmanager"), Action.DELETE));
      assertThat(result.succeeded()).isTrue();
      assertThat(endpointServices()).containsExactly("ecr.api", "ecr.dkr", "logs", "s3");
    }

    @Test
    void withPruneOffItStays() {
      apply(hello("    maxDeletesPerPass: 5", WITH_SECRETS));

      var result = apply(HelloStack.edited(yaml -> yaml.replace("prune: true", "prune: false")));

      assertThat(result.plan().hasChanges()).isFalse();
      assertThat(endpointServices()).contains("secretsmanager");
    }

    @Test
    void moreDeletesThanTheGuardAllowsAreRefusedUntilExplicitlyAllowed() {
      apply(hello("    maxDeletesPerPass: 0", WITH_SECRETS));

      var refused = apply(hello("    maxDeletesPerPass: 0", WITHOUT_SECRETS));

      assertThat(refused.succeeded()).isFalse();
      assertThat(refused.outcomes()).singleElement().satisfies(o ->
          assertThat(o.detail()).contains("1 deletes exceed maxDeletesPerPass 0", "--allow-mass-delete"));
      assertThat(endpointServices()).contains("secretsmanager");

      var allowed = apply(hello("    maxDeletesPerPass: 0", WITHOUT_SECRETS), true, false);

      assertThat(allowed.succeeded()).isTrue();
      assertThat(endpointServices()).doesNotContain("secretsmanager");
    }
  }

  @Nested
  class Replacing {

    private final StackSpec moved = HelloStack.edited(yaml -> yaml.replace(
        "privateSubnets: [10.20.10.0/24, 10.20.11.0/24]", "privateSubnets: [10.20.12.0/24, 10.20.11.0/24]"));

    @Test
    void aChangedSubnetCidrIsAReplaceThatSaysWhyAndWaitsForPermission() {
      apply(HelloStack.spec());

      var result = apply(moved);

      var change = result.plan().changes().stream().filter(c -> c.key().toString().equals("subnet/private-a"))
          .findFirst().orElseThrow();
      assertThat(change.action()).isEqualTo(Action.REPLACE);
      assertThat(change.reason()).isEqualTo("cidr cannot change in place");
      assertThat(change.error()).contains("--allow-replace");
      assertThat(result.succeeded()).isFalse();
      assertThat(subnetCidrs()).contains("10.20.10.0/24").doesNotContain("10.20.12.0/24");
    }

    @Test
    void allowedItReplacesTheSubnetAndEverythingThatUsedItFollows() {
      apply(HelloStack.spec());

      var result = apply(moved, false, true);

      assertThat(result.succeeded()).as(result.outcomes().toString()).isTrue();
      assertThat(subnetCidrs()).contains("10.20.12.0/24").doesNotContain("10.20.10.0/24");
      var fresh = emulator.cli("ec2", "describe-subnets", "--filters", "Name=cidr-block,Values=10.20.12.0/24")
          .assertOk().json().path("Subnets").get(0).path("SubnetId").asString();
      var service = emulator.cli("ecs", "describe-services", "--cluster", "hello", "--services", "hello").assertOk()
          .json().path("services").get(0).path("networkConfiguration").toString();
      assertThat(service).contains(fresh);
      assertThat(apply(moved).plan().hasChanges()).isFalse();
    }

    private List<String> subnetCidrs() {
      return emulator.cli("ec2", "describe-subnets", "--filters", "Name=tag:" + Stack.STACK_TAG + ",Values=hello")
          .assertOk().json().path("Subnets").valueStream().map(s -> s.path("CidrBlock").asString()).toList();
    }
  }
}
