package io.ecsreconciler.resource.ecscluster;

import io.ecsreconciler.engine.AbstractKind;
import io.ecsreconciler.engine.Creator;
import io.ecsreconciler.engine.Deleter;
import io.ecsreconciler.engine.Found;
import io.ecsreconciler.engine.Observed;
import io.ecsreconciler.engine.ResourceKey;
import io.ecsreconciler.engine.Stack;
import io.ecsreconciler.resource.EcsTags;
import io.ecsreconciler.resource.StackReads;
import io.ecsreconciler.suspend.Suspension;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Cluster;
import software.amazon.awssdk.services.ecs.model.ClusterNotFoundException;
import software.amazon.awssdk.services.ecs.model.Tag;

/** A plain Fargate cluster: nothing in it is managed beyond its name, so there is no updater. */
public final class ClusterKind extends AbstractKind<ClusterState>
    implements Creator<ClusterState>, Deleter<ClusterState> {

  public static final String KIND = "ecs-cluster";
  /** The output holding the suspension tag's value, when the stack is suspended. */
  public static final String SUSPENDED_OUTPUT = "suspended";

  private final EcsClient ecs;
  private final String clusterName;
  private final StackReads reads;

  public ClusterKind(EcsClient ecs, StackReads reads, String clusterName) {
    super(KIND, ClusterState.class, Set.of("name"));
    this.ecs = ecs;
    this.clusterName = clusterName;
    this.reads = reads;
  }

  @Override
  public Map<ResourceKey, Observed<ClusterState>> observe(Stack stack) {
    var found = new Found<ClusterState>();
    var clusters = reads.look().clusters(clusterName);
    nameFree();
    for (var cluster : clusters) {
      if (!"ACTIVE".equals(cluster.status())) {
        continue; // deleted clusters stay listed as INACTIVE
      }
      // CreateCluster of a name that exists answers with that cluster: without this, the stack would take it.
      EcsTags.ownedKey(stack, cluster.tags()).ifPresentOrElse(key -> found.add(key, observed(cluster)),
          () -> nameTaken("ECS cluster " + cluster.clusterName() + " (" + cluster.clusterArn() + ")"));
    }
    return found.toMap();
  }

  @Override
  public Observed<ClusterState> create(Stack stack, ResourceKey key, ClusterState desired) {
    var tags = stack.ownershipTags(key).entrySet().stream()
        .map(tag -> Tag.builder().key(tag.getKey()).value(tag.getValue()).build()).toList();
    return observed(ecs.createCluster(r -> r.clusterName(desired.name()).tags(tags)).cluster());
  }

  @Override
  public void delete(Stack stack, ResourceKey key, Observed<ClusterState> actual) {
    try {
      ecs.deleteCluster(r -> r.cluster(actual.id()));
    } catch (ClusterNotFoundException gone) {
      // already deleted: a retried pass
    }
  }

  /** The outputs carry the stack's suspension, if any: the tag comes with the describe the pass makes anyway. */
  private static Observed<ClusterState> observed(Cluster cluster) {
    var outputs = new java.util.HashMap<>(Map.of("id", cluster.clusterName(), "arn", cluster.clusterArn()));
    cluster.tags().stream().filter(tag -> Suspension.TAG.equals(tag.key())).findFirst()
        .ifPresent(tag -> outputs.put(SUSPENDED_OUTPUT, tag.value()));
    return Observed.ready(cluster.clusterName(), new ClusterState(cluster.clusterName()), outputs);
  }
}
