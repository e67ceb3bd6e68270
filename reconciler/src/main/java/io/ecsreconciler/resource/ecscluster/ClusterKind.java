package io.ecsreconciler.resource.ecscluster;

import io.ecsreconciler.engine.AbstractKind;
import io.ecsreconciler.engine.Observed;
import io.ecsreconciler.engine.ResourceKey;
import io.ecsreconciler.engine.Stack;
import io.ecsreconciler.resource.EcsTags;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ClusterField;

public final class ClusterKind extends AbstractKind<ClusterState> {

  public static final String KIND = "ecs-cluster";

  private final EcsClient ecs;
  private final String clusterName;

  public ClusterKind(EcsClient ecs, String clusterName) {
    super(KIND, ClusterState.class, Set.of("name"));
    this.ecs = ecs;
    this.clusterName = clusterName;
  }

  @Override
  public Map<ResourceKey, Observed<ClusterState>> observe(Stack stack) {
    var found = new HashMap<ResourceKey, Observed<ClusterState>>();
    var clusters = ecs.describeClusters(r -> r.clusters(clusterName).include(ClusterField.TAGS)).clusters();
    for (var cluster : clusters) {
      if (!"ACTIVE".equals(cluster.status())) {
        continue; // deleted clusters stay listed as INACTIVE
      }
      EcsTags.ownedKey(stack, cluster.tags()).ifPresent(key -> found.put(key, Observed.ready(cluster.clusterName(),
          new ClusterState(cluster.clusterName()), Map.of("id", cluster.clusterName(), "arn", cluster.clusterArn()))));
    }
    return found;
  }
}
