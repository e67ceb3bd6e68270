package io.ecsreconciler.resource.ecsservice;

import io.ecsreconciler.engine.AbstractKind;
import io.ecsreconciler.engine.Creator;
import io.ecsreconciler.engine.Deleter;
import io.ecsreconciler.engine.Delta;
import io.ecsreconciler.engine.Found;
import io.ecsreconciler.engine.Hold;
import io.ecsreconciler.engine.Observed;
import io.ecsreconciler.engine.ResourceKey;
import io.ecsreconciler.engine.Stack;
import io.ecsreconciler.engine.Updater;
import io.ecsreconciler.resource.EcsTags;
import io.ecsreconciler.rollout.RolloutStatus;
import io.ecsreconciler.rollout.Rollouts;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.AssignPublicIp;
import software.amazon.awssdk.services.ecs.model.ClusterNotFoundException;
import software.amazon.awssdk.services.ecs.model.DescribeServicesResponse;
import software.amazon.awssdk.services.ecs.model.LoadBalancer;
import software.amazon.awssdk.services.ecs.model.NetworkConfiguration;
import software.amazon.awssdk.services.ecs.model.PropagateTags;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.ServiceField;
import software.amazon.awssdk.services.ecs.model.ServiceNotActiveException;
import software.amazon.awssdk.services.ecs.model.ServiceNotFoundException;
import software.amazon.awssdk.services.ecs.model.Tag;
import software.amazon.awssdk.services.ecs.model.UpdateServiceRequest;

/**
 * Ready means steady: one deployment, all desired tasks running. Nothing waits for that here: a rollout is the
 * rollout watcher's to follow ({@link ServiceRuntime}). A task definition whose rollout failed is held: the
 * service is not rolled to it again until the desired state names another one, or a retry is asked for.
 */
public final class ServiceKind extends AbstractKind<ServiceState>
    implements Creator<ServiceState>, Updater<ServiceState>, Deleter<ServiceState> {

  public static final String KIND = "ecs-service";

  private final EcsClient ecs;
  private final String clusterName;
  private final String serviceName;
  private final String containerName;
  private final ServiceRuntime runtime;
  private final boolean retryFailed;

  /**
   * @param runtime     where the service's deployments and the watcher's marks are read and written
   * @param retryFailed roll out a task definition even though its rollout failed before (a user's retry)
   */
  public ServiceKind(EcsClient ecs, String clusterName, String serviceName, String containerName,
                     ServiceRuntime runtime, boolean retryFailed) {
    super(KIND, ServiceState.class, Set.of("name", "cluster", "launchType"));
    this.ecs = ecs;
    this.clusterName = clusterName;
    this.serviceName = serviceName;
    this.containerName = containerName;
    this.runtime = runtime;
    this.retryFailed = retryFailed;
  }

  @Override
  public Map<ResourceKey, Observed<ServiceState>> observe(Stack stack) {
    var found = new Found<ServiceState>();
    DescribeServicesResponse response;
    try {
      response = ecs.describeServices(r -> r.cluster(clusterName).services(serviceName).include(ServiceField.TAGS));
    } catch (ClusterNotFoundException absent) {
      return found.toMap(); // no cluster, no service
    }
    runtime.saw(null);
    for (var service : response.services()) {
      if (!"ACTIVE".equals(service.status())) {
        continue; // DRAINING and INACTIVE services are on their way out
      }
      EcsTags.ownedKey(stack, service.tags()).ifPresent(key -> {
        runtime.saw(service);
        found.add(key, observed(service));
      });
    }
    return found.toMap();
  }

  /** The desired task definition is held while its rollout is recorded (or seen) as failed. */
  @Override
  public Hold hold(Observed<ServiceState> actual, ServiceState desired) {
    runtime.wants(desired.taskDefinitionArn());
    if (retryFailed || desired.taskDefinitionArn().equals(actual.state().taskDefinitionArn())) {
      return Hold.NONE;
    }
    return runtime.observed().flatMap(seen -> Rollouts.failureOf(seen, desired.taskDefinitionArn()))
        .map(failure -> new Hold(Set.of("taskDefinitionArn"), "rollout of "
            + RolloutStatus.shortName(failure.taskDefinition()) + " failed"
            + (failure.revision().isEmpty() ? "" : " (desired state " + abbreviate(failure.revision()) + ")") + ": "
            + failure.reason().replaceFirst("\\.$", "") + "; not started again until the desired state changes "
            + "the task definition or a retry is asked for (apply --retry-failed, or the API's sync?retry=true)"))
        .orElse(Hold.NONE);
  }

  private static String abbreviate(String revision) {
    return revision.length() > 12 ? revision.substring(0, 12) : revision;
  }

  /**
   * Only ever called after observing the service absent: moto silently replaces an existing service of the same
   * name, AWS refuses it. The client token, derived from what is asked for, makes a retried create idempotent.
   */
  @Override
  public Observed<ServiceState> create(Stack stack, ResourceKey key, ServiceState desired) {
    var tags = stack.ownershipTags(key).entrySet().stream()
        .map(tag -> Tag.builder().key(tag.getKey()).value(tag.getValue()).build()).toList();
    var service = ecs.createService(r -> r.cluster(desired.cluster()).serviceName(desired.name())
        .taskDefinition(desired.taskDefinitionArn())
        .desiredCount(desired.desiredCount())
        .launchType(desired.launchType())
        .networkConfiguration(network(desired))
        .loadBalancers(loadBalancer(desired))
        .deploymentConfiguration(deployment -> deployment
            .deploymentCircuitBreaker(breaker -> breaker.enable(true).rollback(true))
            .maximumPercent(200).minimumHealthyPercent(100))
        .propagateTags(PropagateTags.SERVICE)
        .enableECSManagedTags(true)
        .tags(tags)
        .clientToken(clientToken(stack, key, desired))).service();
    runtime.wants(desired.taskDefinitionArn());
    runtime.startedRollout(service, desired.taskDefinitionArn());
    return observed(service);
  }

  /** One UpdateService carries every changed part; no forced deployment, a new task definition rolls anyway. */
  @Override
  public Observed<ServiceState> update(Stack stack, ResourceKey key, Observed<ServiceState> actual,
                                       ServiceState desired, List<Delta> deltas) {
    var request = UpdateServiceRequest.builder().cluster(clusterName).service(actual.state().name())
        .forceNewDeployment(false);
    for (var delta : deltas) {
      switch (delta.path()) {
        case "taskDefinitionArn" -> {
          runtime.wants(desired.taskDefinitionArn());
          runtime.rollingTo(desired.taskDefinitionArn());
          request.taskDefinition(desired.taskDefinitionArn());
        }
        case "desiredCount" -> request.desiredCount(desired.desiredCount());
        case "subnetIds", "securityGroupIds", "assignPublicIp" -> request.networkConfiguration(network(desired));
        case "targetGroupArn", "containerPort" -> request.loadBalancers(loadBalancer(desired));
        default -> throw new IllegalArgumentException("service cannot update " + delta.path() + " in place");
      }
    }
    if (deltas.isEmpty()) {
      return actual;
    }
    var updated = ecs.updateService(request.build()).service();
    if (deltas.stream().anyMatch(delta -> delta.path().equals("taskDefinitionArn"))) {
      runtime.startedRollout(updated, desired.taskDefinitionArn());
    } else {
      runtime.saw(updated);
    }
    return observed(updated);
  }

  /** Scaled to zero first, so that tasks drain from the target group before the service goes. */
  @Override
  public void delete(Stack stack, ResourceKey key, Observed<ServiceState> actual) {
    var name = actual.state().name();
    try {
      ecs.updateService(r -> r.cluster(clusterName).service(name).desiredCount(0));
      ecs.deleteService(r -> r.cluster(clusterName).service(name).force(true));
    } catch (ServiceNotFoundException | ServiceNotActiveException | ClusterNotFoundException gone) {
      // already deleted (or on its way out): a retried pass
    }
  }

  private static NetworkConfiguration network(ServiceState desired) {
    return NetworkConfiguration.builder().awsvpcConfiguration(vpc -> vpc.subnets(desired.subnetIds())
        .securityGroups(desired.securityGroupIds())
        .assignPublicIp(desired.assignPublicIp() ? AssignPublicIp.ENABLED : AssignPublicIp.DISABLED)).build();
  }

  private LoadBalancer loadBalancer(ServiceState desired) {
    return LoadBalancer.builder().targetGroupArn(desired.targetGroupArn()).containerName(containerName)
        .containerPort(desired.containerPort()).build();
  }

  /** ECS takes up to 36 characters: a name-based UUID of what the create asks for. */
  private static String clientToken(Stack stack, ResourceKey key, ServiceState desired) {
    var seed = stack.name() + "|" + key + "|" + desired;
    return UUID.nameUUIDFromBytes(seed.getBytes(StandardCharsets.UTF_8)).toString();
  }

  private Observed<ServiceState> observed(Service service) {
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
    return new Observed<>(arn, state, Map.of("id", arn, "arn", arn), steady);
  }
}
