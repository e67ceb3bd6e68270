package io.ecsreconciler.resource.loggroup;

import io.ecsreconciler.engine.AbstractKind;
import io.ecsreconciler.engine.Observed;
import io.ecsreconciler.engine.ResourceKey;
import io.ecsreconciler.engine.Stack;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;

/** The task's awslogs destination, found by its name; owned only when it carries the stack's tags. */
public final class LogGroupKind extends AbstractKind<LogGroupState> {

  public static final String KIND = "log-group";

  private final CloudWatchLogsClient logs;
  private final String groupName;

  public LogGroupKind(CloudWatchLogsClient logs, String groupName) {
    super(KIND, LogGroupState.class, Set.of("name"));
    this.logs = logs;
    this.groupName = groupName;
  }

  @Override
  public Map<ResourceKey, Observed<LogGroupState>> observe(Stack stack) {
    var found = new HashMap<ResourceKey, Observed<LogGroupState>>();
    var groups = logs.describeLogGroups(r -> r.logGroupNamePrefix(groupName)).logGroups();
    for (var group : groups) {
      if (!group.logGroupName().equals(groupName)) {
        continue; // the prefix also matches /ecs/hello-other
      }
      var arn = withoutWildcard(group.arn());
      var tags = logs.listTagsForResource(r -> r.resourceArn(arn)).tags();
      if (stack.owns(tags)) {
        var retention = group.retentionInDays() == null ? 0 : group.retentionInDays();
        var state = new LogGroupState(group.logGroupName(), retention);
        found.put(ResourceKey.parse(tags.get(Stack.RESOURCE_TAG)),
            Observed.ready(group.logGroupName(), state, Map.of("id", group.logGroupName(), "arn", arn)));
      }
    }
    return found;
  }

  /** DescribeLogGroups returns {@code …:log-group:name:*}; the tagging API wants the ARN without {@code :*}. */
  static String withoutWildcard(String arn) {
    return arn.endsWith(":*") ? arn.substring(0, arn.length() - 2) : arn;
  }
}
