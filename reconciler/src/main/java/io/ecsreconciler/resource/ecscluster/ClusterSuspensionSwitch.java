package io.ecsreconciler.resource.ecscluster;

import io.ecsreconciler.engine.Stack;
import io.ecsreconciler.resource.EcsTags;
import io.ecsreconciler.suspend.Suspension;
import io.ecsreconciler.suspend.SuspensionSwitch;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Cluster;
import software.amazon.awssdk.services.ecs.model.ClusterField;
import software.amazon.awssdk.services.ecs.model.Tag;

/** The suspension flag as a tag on the stack's own cluster (never on a cluster the stack does not own). */
public final class ClusterSuspensionSwitch implements SuspensionSwitch {

  private final EcsClient ecs;
  private final Stack stack;
  private final String clusterName;

  public ClusterSuspensionSwitch(EcsClient ecs, Stack stack, String clusterName) {
    this.ecs = ecs;
    this.stack = stack;
    this.clusterName = clusterName;
  }

  @Override
  public void suspend(Suspension suspension) {
    var arn = ownedCluster().clusterArn();
    ecs.tagResource(r -> r.resourceArn(arn)
        .tags(Tag.builder().key(Suspension.TAG).value(suspension.tagValue()).build()));
  }

  @Override
  public void resume() {
    var arn = ownedCluster().clusterArn();
    ecs.untagResource(r -> r.resourceArn(arn).tagKeys(Suspension.TAG));
  }

  private Cluster ownedCluster() {
    return ecs.describeClusters(r -> r.clusters(clusterName).include(ClusterField.TAGS)).clusters().stream()
        .filter(cluster -> "ACTIVE".equals(cluster.status()))
        .filter(cluster -> EcsTags.ownedKey(stack, cluster.tags()).isPresent())
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("stack " + stack.name() + " has no ECS cluster yet to keep "
            + "the suspension on: nothing to suspend until its first apply"));
  }
}
