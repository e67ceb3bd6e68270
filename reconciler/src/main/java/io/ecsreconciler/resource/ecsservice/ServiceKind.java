package io.ecsreconciler.resource.ecsservice;

import io.ecsreconciler.engine.AbstractKind;
import io.ecsreconciler.engine.Observed;
import io.ecsreconciler.engine.ResourceKey;
import io.ecsreconciler.engine.Stack;
import io.ecsreconciler.resource.EcsTags;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.AssignPublicIp;
import software.amazon.awssdk.services.ecs.model.ClusterNotFoundException;
import software.amazon.awssdk.services.ecs.model.DescribeServicesResponse;
import software.amazon.awssdk.services.ecs.model.ServiceField;

/**
 * Ready means steady: one deployment, all desired tasks running. In moto tasks never start, so readiness is
 * reported (Progressing) rather than waited for without bound.
 */
public final class ServiceKind extends AbstractKind<ServiceState> {

  public static final String KIND = "ecs-service";

  private final EcsClient ecs;
  private final String clusterName;
  private final String serviceName;

  public ServiceKind(EcsClient ecs, String clusterName, String serviceName) {
    super(KIND, ServiceState.class, Set.of("name", "cluster", "launchType"));
    this.ecs = ecs;
    this.clusterName = clusterName;
    this.serviceName = serviceName;
  }

  @Override
  public Map<ResourceKey, Observed<ServiceState>> observe(Stack stack) {
    var found = new HashMap<ResourceKey, Observed<ServiceState>>();
    DescribeServicesResponse response;
    try {
      response = ecs.describeServices(r -> r.cluster(clusterName).services(serviceName).include(ServiceField.TAGS));
    } catch (ClusterNotFoundException absent) {
      return found; // no cluster, no service
    }
    for (var service : response.services()) {
      if (!"ACTIVE".equals(service.status())) {
        continue; // DRAINING and INACTIVE services are on their way out
      }
      EcsTags.ownedKey(stack, service.tags()).ifPresent(key -> {
        var network = service.networkConfiguration() == null ? null : service.networkConfiguration().awsvpcConfiguration();
        var balancer = service.loadBalancers().isEmpty() ? null : service.loadBalancers().getFirst();
        var state = new ServiceState(service.serviceName(), clusterName, service.taskDefinition(),
            service.desiredCount(), service.launchTypeAsString(),
            network == null ? List.of() : network.subnets(),
            network == null ? List.of() : network.securityGroups(),
            network != null && network.assignPublicIp() == AssignPublicIp.ENABLED,
            balancer == null ? "" : balancer.targetGroupArn(),
            balancer == null || balancer.containerPort() == null ? 0 : balancer.containerPort());
        var steady = service.deployments().size() == 1 && service.runningCount() == service.desiredCount();
        var arn = service.serviceArn();
        found.put(key, new Observed<>(arn, state, Map.of("id", arn, "arn", arn), steady));
      });
    }
    return found;
  }
}
