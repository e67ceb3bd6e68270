package io.ecsreconciler.resource.taskdefinition;

import io.ecsreconciler.engine.AbstractKind;
import io.ecsreconciler.engine.Observed;
import io.ecsreconciler.engine.ResourceKey;
import io.ecsreconciler.engine.Stack;
import io.ecsreconciler.resource.EcsTags;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ClientException;
import software.amazon.awssdk.services.ecs.model.TaskDefinitionField;

/** The latest active revision of the stack's task family is the observed one. */
public final class TaskDefinitionKind extends AbstractKind<TaskDefinitionState> {

  public static final String KIND = "task-definition";

  private final EcsClient ecs;
  private final String family;

  public TaskDefinitionKind(EcsClient ecs, String family) {
    super(KIND, TaskDefinitionState.class, Set.of());
    this.ecs = ecs;
    this.family = family;
  }

  @Override
  public Map<ResourceKey, Observed<TaskDefinitionState>> observe(Stack stack) {
    var found = new HashMap<ResourceKey, Observed<TaskDefinitionState>>();
    try {
      var response = ecs.describeTaskDefinition(r -> r.taskDefinition(family).include(TaskDefinitionField.TAGS));
      var definition = response.taskDefinition();
      EcsTags.ownedKey(stack, response.tags()).ifPresent(key -> {
        var container = definition.containerDefinitions().getFirst();
        var port = container.portMappings().isEmpty() ? 0 : container.portMappings().getFirst().containerPort();
        var logOptions = container.logConfiguration() == null ? Map.<String, String>of()
            : container.logConfiguration().options();
        var state = new TaskDefinitionState(definition.family(), container.image(), Integer.parseInt(definition.cpu()),
            Integer.parseInt(definition.memory()), port, definition.executionRoleArn(),
            logOptions.getOrDefault("awslogs-group", ""), logOptions.getOrDefault("awslogs-region", ""));
        var arn = definition.taskDefinitionArn();
        found.put(key, Observed.ready(arn, state, Map.of("id", arn, "arn", arn)));
      });
    } catch (ClientException absent) {
      // "Unable to describe task definition": the family has no active revision
    }
    return found;
  }
}
