package io.ecsreconciler.resource.ecsservice;

import io.ecsreconciler.rollout.Deployment;
import io.ecsreconciler.rollout.FailedRollout;
import io.ecsreconciler.rollout.RolloutProbe;
import io.ecsreconciler.rollout.ServiceEvent;
import io.ecsreconciler.rollout.ServiceRollout;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.ServiceField;
import software.amazon.awssdk.services.ecs.model.Tag;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthStateEnum;

/**
 * The run-time side of the stack's ECS service for the rollout watcher: the deployments and events that come with
 * the describe call the kind makes anyway, target health on request, and the marks the watcher leaves as tags on
 * the service (a failed rollout, a verified deployment, the task definition to roll back to).
 */
public final class ServiceRuntime implements RolloutProbe {

  static final String FAILED_TASK_DEFINITION_TAG = "ecs-reconciler/failed-task-definition";
  static final String FAILED_REVISION_TAG = "ecs-reconciler/failed-revision";
  static final String FAILED_REASON_TAG = "ecs-reconciler/failed-reason";
  static final String VERIFIED_TAG = "ecs-reconciler/verified-deployment";
  static final String PREVIOUS_TAG = "ecs-reconciler/previous-task-definition";
  static final String ROLLOUT_TAG = "ecs-reconciler/rollout";
  static final List<String> FAILURE_TAGS = List.of(FAILED_TASK_DEFINITION_TAG, FAILED_REVISION_TAG, FAILED_REASON_TAG);

  /** ECS tag values: at most 256 characters of letters, digits, spaces and {@code _ . : / = + - @}. */
  private static final int TAG_VALUE_MAX = 256;

  private final EcsClient ecs;
  private final ElasticLoadBalancingV2Client elb;
  private final String clusterName;
  private final String serviceName;
  private volatile Service service;
  private volatile String desiredTaskDefinition;

  public ServiceRuntime(EcsClient ecs, ElasticLoadBalancingV2Client elb, String clusterName, String serviceName) {
    this.ecs = ecs;
    this.elb = elb;
    this.clusterName = clusterName;
    this.serviceName = serviceName;
  }

  /** The kind's observation (or create, or update) saw the service so; absent is null. */
  void saw(Service observed) {
    service = observed;
  }

  /** The kind planned or applied this task definition for the service. */
  void wants(String taskDefinitionArn) {
    desiredTaskDefinition = taskDefinitionArn;
  }

  Optional<Service> service() {
    return Optional.ofNullable(service);
  }

  @Override
  public Optional<ServiceRollout> observed() {
    return service().map(ServiceRuntime::rollout);
  }

  @Override
  public Optional<ServiceRollout> refresh() {
    var services = ecs.describeServices(r -> r.cluster(clusterName).services(serviceName).include(ServiceField.TAGS))
        .services().stream().filter(s -> "ACTIVE".equals(s.status())).toList();
    service = services.isEmpty() ? null : services.getFirst();
    return observed();
  }

  @Override
  public Optional<ServiceRollout.Targets> targets() {
    var targetGroup = service().flatMap(s -> s.loadBalancers().stream().findFirst()).map(lb -> lb.targetGroupArn());
    return targetGroup.map(arn -> {
      var health = elb.describeTargetHealth(r -> r.targetGroupArn(arn)).targetHealthDescriptions();
      int healthy = (int) health.stream()
          .filter(d -> d.targetHealth() != null && d.targetHealth().state() == TargetHealthStateEnum.HEALTHY).count();
      return new ServiceRollout.Targets(healthy, health.size());
    });
  }

  @Override
  public String desiredTaskDefinition() {
    var desired = desiredTaskDefinition;
    return desired != null ? desired : service().map(Service::taskDefinition).orElse("");
  }

  @Override
  public void recordFailure(FailedRollout failure) {
    tag(Map.of(FAILED_TASK_DEFINITION_TAG, failure.taskDefinition(), FAILED_REVISION_TAG, failure.revision(),
        FAILED_REASON_TAG, failure.reason()));
  }

  @Override
  public void recordVerified(String deploymentId) {
    tag(Map.of(VERIFIED_TAG, deploymentId));
  }

  @Override
  public void rollBack(String toTaskDefinition, FailedRollout failure) {
    recordFailure(failure);
    saw(ecs.updateService(r -> r.cluster(clusterName).service(serviceName).taskDefinition(toTaskDefinition))
        .service());
  }

  /** Before the service rolls to a new task definition: what to roll back to, and no failure record any more. */
  void rollingTo(String taskDefinitionArn) {
    var current = service();
    if (current.isEmpty()) {
      return;
    }
    var tags = tags(current.get());
    if (!current.get().taskDefinition().equals(tags.get(PREVIOUS_TAG))) {
      tag(Map.of(PREVIOUS_TAG, current.get().taskDefinition()));
    }
    var stale = FAILURE_TAGS.stream().filter(tags::containsKey).toList();
    if (!stale.isEmpty()) {
      ecs.untagResource(r -> r.resourceArn(current.get().serviceArn()).tagKeys(stale));
    }
  }

  /**
   * The service was just created or rolled to a new task definition: which deployment that is, so that ECS's
   * events still tell its failure once the failed deployment and the rollback are gone from the service.
   */
  void startedRollout(Service updated, String taskDefinitionArn) {
    saw(updated);
    updated.deployments().stream().filter(d -> "PRIMARY".equals(d.status())).findFirst()
        .ifPresent(primary -> tag(Map.of(ROLLOUT_TAG, primary.id() + " " + taskDefinitionArn)));
  }

  private void tag(Map<String, String> values) {
    var arn = service().map(Service::serviceArn).orElseThrow(() -> new IllegalStateException(
        "service " + serviceName + " does not exist: nothing to mark"));
    var tags = values.entrySet().stream()
        .map(e -> Tag.builder().key(e.getKey()).value(tagValue(e.getValue())).build()).toList();
    ecs.tagResource(r -> r.resourceArn(arn).tags(tags));
  }

  /** What ECS accepts in a tag value: other characters become spaces, and it is cut at 256. */
  static String tagValue(String text) {
    var clean = text.replaceAll("[^\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]", " ").replaceAll(" +", " ").strip();
    return clean.length() <= TAG_VALUE_MAX ? clean : clean.substring(0, TAG_VALUE_MAX);
  }

  private static Map<String, String> tags(Service service) {
    var map = new HashMap<String, String>();
    service.tags().forEach(tag -> map.put(tag.key(), tag.value()));
    return map;
  }

  static ServiceRollout rollout(Service service) {
    var tags = tags(service);
    var deployments = service.deployments().stream().map(d -> new Deployment(d.id(), d.status(), d.taskDefinition(),
        d.rolloutStateAsString() == null ? "" : d.rolloutStateAsString(),
        d.rolloutStateReason() == null ? "" : d.rolloutStateReason(),
        orZero(d.desiredCount()), orZero(d.runningCount()), orZero(d.pendingCount()), orZero(d.failedTasks()),
        d.createdAt() == null ? Instant.EPOCH : d.createdAt())).toList();
    var events = service.events().stream()
        .map(e -> new ServiceEvent(e.id(), e.createdAt() == null ? Instant.EPOCH : e.createdAt(), e.message()))
        .toList();
    var failure = Optional.ofNullable(tags.get(FAILED_TASK_DEFINITION_TAG)).map(taskDefinition ->
        new FailedRollout(taskDefinition, tags.getOrDefault(FAILED_REVISION_TAG, ""),
            tags.getOrDefault(FAILED_REASON_TAG, "")));
    var started = Optional.ofNullable(tags.get(ROLLOUT_TAG)).map(value -> value.split(" ", 2))
        .filter(parts -> parts.length == 2).map(parts -> new ServiceRollout.Started(parts[0], parts[1]));
    return new ServiceRollout(service.serviceArn(), service.taskDefinition(), orZero(service.desiredCount()),
        orZero(service.runningCount()), orZero(service.pendingCount()), deployments, events, Optional.empty(), failure,
        Optional.ofNullable(tags.get(VERIFIED_TAG)), Optional.ofNullable(tags.get(PREVIOUS_TAG)), started);
  }

  private static int orZero(Integer value) {
    return value == null ? 0 : value;
  }
}
