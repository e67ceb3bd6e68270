package io.ecsreconciler.resource.ecscluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecsreconciler.engine.ResourceKey;
import io.ecsreconciler.engine.Stack;
import io.ecsreconciler.resource.StackReads;
import io.ecsreconciler.testing.AwsEmulator;
import io.ecsreconciler.testing.AwsEmulatorTest;
import java.util.HashMap;
import org.junit.jupiter.api.Test;

@AwsEmulatorTest
class ClusterKindTest {

  private static final String NAME = "t1";
  private static final ResourceKey KEY = ResourceKey.single(ClusterKind.KIND);

  private final Stack stack = new Stack("t1");
  private final AwsEmulator emulator;
  private final ClusterKind kind;
  private final ClusterState desired = new ClusterState(NAME);

  ClusterKindTest(AwsEmulator emulator) {
    this.emulator = emulator;
    this.kind = new ClusterKind(emulator.clients().ecs(), StackReads.fresh(emulator.clients()), NAME);
  }

  @Test
  void createdClusterObservesEqualToDesiredAndCarriesTheOwnershipTags() {
    var created = kind.create(stack, KEY, desired);

    var observed = kind.observe(stack).get(KEY);
    assertThat(observed.state()).isEqualTo(desired);
    assertThat(created.state()).isEqualTo(desired);
    assertThat(created.outputs()).isEqualTo(observed.outputs()).containsKeys("id", "arn");
    var tags = new HashMap<String, String>();
    emulator.cli("ecs", "list-tags-for-resource", "--resource-arn", created.outputs().get("arn")).assertOk().json()
        .path("tags").forEach(tag -> tags.put(tag.path("key").asString(), tag.path("value").asString()));
    assertThat(stack.ownedKey(tags)).contains(KEY);
  }

  @Test
  void deleteRemovesTheClusterAndASecondDeleteIsANoOp() {
    var created = kind.create(stack, KEY, desired);

    kind.delete(stack, KEY, created);
    kind.delete(stack, KEY, created);

    var clusters = emulator.cli("ecs", "describe-clusters", "--clusters", NAME).assertOk().json().path("clusters");
    clusters.forEach(cluster -> assertThat(cluster.path("status").asString()).isEqualTo("INACTIVE"));
    assertThat(kind.observe(stack)).isEmpty();
  }

  @Test
  void foreignUntaggedClusterOfTheSameNameIsNotObserved() {
    emulator.cli("ecs", "create-cluster", "--cluster-name", NAME).assertOk();

    assertThat(kind.observe(stack)).isEmpty();
  }
}
