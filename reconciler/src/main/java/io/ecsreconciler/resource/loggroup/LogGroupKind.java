package io.ecsreconciler.resource.loggroup;

import io.ecsreconciler.engine.AbstractKind;
import io.ecsreconciler.engine.Creator;
import io.ecsreconciler.engine.Deleter;
import io.ecsreconciler.engine.Delta;
import io.ecsreconciler.engine.Found;
import io.ecsreconciler.engine.Observed;
import io.ecsreconciler.engine.ResourceKey;
import io.ecsreconciler.engine.Stack;
import io.ecsreconciler.engine.Updater;
import io.ecsreconciler.resource.StackReads;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceNotFoundException;

/**
 * The task's awslogs destination, found by its name; owned only when it carries the stack's tags. CloudWatch Logs
 * has no tag filter and no batch of tags: one ListTagsForResource per group, made by the stack itself.
 */
public final class LogGroupKind extends AbstractKind<LogGroupState>
    implements Creator<LogGroupState>, Updater<LogGroupState>, Deleter<LogGroupState> {

  public static final String KIND = "log-group";

  private final CloudWatchLogsClient logs;
  private final String groupName;
  private final StackReads reads;

  public LogGroupKind(CloudWatchLogsClient logs, StackReads reads, String groupName) {
    super(KIND, LogGroupState.class, Set.of("name"));
    this.logs = logs;
    this.groupName = groupName;
    this.reads = reads;
  }

  @Override
  public Map<ResourceKey, Observed<LogGroupState>> observe(Stack stack) {
    var found = new Found<LogGroupState>();
    var groups = reads.look().logGroups(groupName);
    nameFree();
    for (var group : groups) {
      var arn = withoutWildcard(group.arn());
      var tags = logs.listTagsForResource(r -> r.resourceArn(arn)).tags();
      if (stack.owns(tags)) {
        var retention = group.retentionInDays() == null ? 0 : group.retentionInDays();
        var state = new LogGroupState(group.logGroupName(), retention);
        found.add(ResourceKey.parse(tags.get(Stack.RESOURCE_TAG)), observed(state, arn));
      } else {
        nameTaken("log group " + group.logGroupName());
      }
    }
    return found.toMap();
  }

  @Override
  public Observed<LogGroupState> create(Stack stack, ResourceKey key, LogGroupState desired) {
    logs.createLogGroup(r -> r.logGroupName(desired.name()).tags(stack.ownershipTags(key)));
    putRetention(desired);
    // CreateLogGroup returns nothing: one describe for the ARN dependents may need.
    var group = logs.describeLogGroups(r -> r.logGroupNamePrefix(desired.name())).logGroups().stream()
        .filter(g -> g.logGroupName().equals(desired.name())).findFirst()
        .orElseThrow(() -> new IllegalStateException("log group " + desired.name() + " vanished right after create"));
    return observed(desired, withoutWildcard(group.arn()));
  }

  @Override
  public Observed<LogGroupState> update(Stack stack, ResourceKey key, Observed<LogGroupState> actual,
                                        LogGroupState desired, List<Delta> deltas) {
    for (var delta : deltas) {
      switch (delta.path()) {
        case "retentionDays" -> putRetention(desired);
        default -> throw new IllegalArgumentException("log group cannot update " + delta.path() + " in place");
      }
    }
    return observed(desired, actual.outputs().get("arn"));
  }

  @Override
  public void delete(Stack stack, ResourceKey key, Observed<LogGroupState> actual) {
    try {
      logs.deleteLogGroup(r -> r.logGroupName(actual.id()));
    } catch (ResourceNotFoundException gone) {
      // already deleted: a retried pass
    }
  }

  /** Zero means "never expire", which is expressed by removing the policy. */
  private void putRetention(LogGroupState desired) {
    if (desired.retentionDays() == 0) {
      logs.deleteRetentionPolicy(r -> r.logGroupName(desired.name()));
    } else {
      logs.putRetentionPolicy(r -> r.logGroupName(desired.name()).retentionInDays(desired.retentionDays()));
    }
  }

  private static Observed<LogGroupState> observed(LogGroupState state, String arn) {
    return Observed.ready(state.name(), state, Map.of("id", state.name(), "arn", arn));
  }

  /** DescribeLogGroups returns {@code …:log-group:name:*}; the tagging API wants the ARN without {@code :*}. */
  static String withoutWildcard(String arn) {
    return arn.endsWith(":*") ? arn.substring(0, arn.length() - 2) : arn;
  }
}
