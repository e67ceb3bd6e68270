package io.ecsreconciler.resource.taskdefinition;

import io.ecsreconciler.engine.AbstractKind;
import io.ecsreconciler.engine.Creator;
import io.ecsreconciler.engine.Deleter;
import io.ecsreconciler.engine.Delta;
import io.ecsreconciler.engine.Found;
import io.ecsreconciler.engine.Observed;
import io.ecsreconciler.engine.ResourceKey;
import io.ecsreconciler.engine.Stack;
import io.ecsreconciler.engine.Updater;
import io.ecsreconciler.resource.EcsTags;
import io.ecsreconciler.resource.StackReads;
import io.ecsreconciler.resource.TaskDefinitionArns;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ClientException;
import software.amazon.awssdk.services.ecs.model.Compatibility;
import software.amazon.awssdk.services.ecs.model.DescribeTaskDefinitionResponse;
import software.amazon.awssdk.services.ecs.model.LogDriver;
import software.amazon.awssdk.services.ecs.model.NetworkMode;
import software.amazon.awssdk.services.ecs.model.Tag;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;
import software.amazon.awssdk.services.ecs.model.TaskDefinitionField;
import software.amazon.awssdk.services.ecs.model.TaskDefinitionStatus;
import software.amazon.awssdk.services.ecs.model.TransportProtocol;

/**
 * The latest active revision of the stack's task family is the observed one. Revisions are immutable, so every
 * change registers a new one (the service then rolls to it) and old ones beyond the newest
 * {@code keepRevisions} are deregistered, leaving a few to roll back to.
 */
public final class TaskDefinitionKind extends AbstractKind<TaskDefinitionState>
    implements Creator<TaskDefinitionState>, Updater<TaskDefinitionState>, Deleter<TaskDefinitionState> {

  private static final Logger log = LoggerFactory.getLogger(TaskDefinitionKind.class);

  public static final String KIND = "task-definition";

  private final EcsClient ecs;
  private final int keepRevisions;
  private final String family;
  private final StackReads reads;

  /** @param keepRevisions how many active revisions stay registered, the newest included (spec.policy.keepRevisions) */
  public TaskDefinitionKind(EcsClient ecs, StackReads reads, String family, int keepRevisions) {
    super(KIND, TaskDefinitionState.class, Set.of());
    this.ecs = ecs;
    this.keepRevisions = keepRevisions;
    this.family = family;
    this.reads = reads;
  }

  /** Every update registers a new revision, with a new ARN the service must roll to. */
  @Override
  public boolean updateChangesIdentity() {
    return true;
  }

  @Override
  public Map<ResourceKey, Observed<TaskDefinitionState>> observe(Stack stack) {
    var found = new Found<TaskDefinitionState>();
    reads.look().newestTaskDefinition(family).ifPresent(response -> EcsTags.ownedKey(stack, response.tags())
        .ifPresent(key -> found.add(key, observed(response.taskDefinition()))));
    return found.toMap();
  }

  @Override
  public Observed<TaskDefinitionState> create(Stack stack, ResourceKey key, TaskDefinitionState desired) {
    return observed(register(stack, key, desired));
  }

  /** Any difference is a new revision; then the oldest active ones beyond the newest keepRevisions go. */
  @Override
  public Observed<TaskDefinitionState> update(Stack stack, ResourceKey key, Observed<TaskDefinitionState> actual,
                                              TaskDefinitionState desired, List<Delta> deltas) {
    var registered = register(stack, key, desired);
    var active = activeRevisions();
    for (var old : active.subList(Math.min(keepRevisions, active.size()), active.size())) {
      if (ownedBy(stack, old)) {
        deregister(old);
      }
    }
    return observed(registered);
  }

  /** Deregisters every active revision of the family the stack owns (AWS keeps them, INACTIVE, for history). */
  @Override
  public void delete(Stack stack, ResourceKey key, Observed<TaskDefinitionState> actual) {
    for (var arn : activeRevisions()) {
      if (ownedBy(stack, arn)) {
        deregister(arn);
      }
    }
  }

  /**
   * Registers the desired revision. A register whose answer was lost after ECS acted, and that the SDK sent again,
   * registers the same revision twice; only the newest is ever observed, so the one before it would stay
   * registered for good. The revisions just before the new one that are active, the stack's and identical to it
   * are such twins (the engine registers only what differs from the newest) and are deregistered here: one describe
   * per register, none in a steady pass. Were every attempt's answer lost, the register fails, the next pass
   * observes the newest as desired, and older identical twins wait for keepRevisions to prune them.
   */
  private TaskDefinition register(Stack stack, ResourceKey key, TaskDefinitionState desired) {
    var tags = stack.ownershipTags(key).entrySet().stream()
        .map(tag -> Tag.builder().key(tag.getKey()).value(tag.getValue()).build()).toList();
    var registered = ecs.registerTaskDefinition(r -> r.family(desired.family())
        .requiresCompatibilities(Compatibility.FARGATE)
        .networkMode(NetworkMode.AWSVPC)
        .cpu(String.valueOf(desired.cpu()))
        .memory(String.valueOf(desired.memory()))
        .executionRoleArn(desired.executionRoleArn())
        .containerDefinitions(container -> container.name(desired.family())
            .image(desired.image())
            .essential(true)
            .portMappings(port -> port.containerPort(desired.containerPort()).protocol(TransportProtocol.TCP))
            .logConfiguration(log -> log.logDriver(LogDriver.AWSLOGS).options(Map.of(
                "awslogs-group", desired.logGroup(),
                "awslogs-region", desired.logRegion(),
                "awslogs-stream-prefix", desired.family()))))
        .tags(tags)).taskDefinition();
    deregisterTwinsBefore(stack, registered);
    return registered;
  }

  private void deregisterTwinsBefore(Stack stack, TaskDefinition registered) {
    var state = observed(registered).state();
    for (int revision = registered.revision() - 1; revision >= 1; revision--) {
      var name = family + ":" + revision;
      DescribeTaskDefinitionResponse response;
      try {
        response = ecs.describeTaskDefinition(r -> r.taskDefinition(name).include(TaskDefinitionField.TAGS));
      } catch (ClientException absent) {
        return;
      }
      var definition = response.taskDefinition();
      if (definition.status() != TaskDefinitionStatus.ACTIVE || EcsTags.ownedKey(stack, response.tags()).isEmpty()
          || !observed(definition).state().equals(state)) {
        return;
      }
      deregister(definition.taskDefinitionArn());
      log.info("stack {}: deregistered {}, identical to {}: a register sent again after its answer was lost",
          stack.name(), definition.taskDefinitionArn(), registered.taskDefinitionArn());
    }
  }

  /** The family's active revision ARNs, newest first (moto lists them unordered). */
  private List<String> activeRevisions() {
    return ecs.listTaskDefinitionsPaginator(r -> r.familyPrefix(family).status(TaskDefinitionStatus.ACTIVE))
        .taskDefinitionArns().stream()
        .filter(arn -> TaskDefinitionArns.family(arn).equals(family)) // a prefix match elsewhere must not reach another family
        .sorted(Comparator.comparingInt(TaskDefinitionArns::revision).reversed())
        .toList();
  }

  /** ListTaskDefinitions has no tags: one describe per revision, for the few revisions a family keeps. */
  private boolean ownedBy(Stack stack, String arn) {
    var tags = ecs.describeTaskDefinition(r -> r.taskDefinition(arn).include(TaskDefinitionField.TAGS)).tags();
    return EcsTags.ownedKey(stack, tags).isPresent();
  }

  private void deregister(String arn) {
    ecs.deregisterTaskDefinition(r -> r.taskDefinition(arn));
  }

  private static Observed<TaskDefinitionState> observed(TaskDefinition definition) {
    var container = definition.containerDefinitions().getFirst();
    var port = container.portMappings().isEmpty() ? 0 : container.portMappings().getFirst().containerPort();
    var logOptions = container.logConfiguration() == null ? Map.<String, String>of()
        : container.logConfiguration().options();
    var state = new TaskDefinitionState(definition.family(), container.image(), Integer.parseInt(definition.cpu()),
        Integer.parseInt(definition.memory()), port, definition.executionRoleArn(),
        logOptions.getOrDefault("awslogs-group", ""), logOptions.getOrDefault("awslogs-region", ""));
    var arn = definition.taskDefinitionArn();
    return Observed.ready(arn, state, Map.of("id", arn, "arn", arn));
  }

}
