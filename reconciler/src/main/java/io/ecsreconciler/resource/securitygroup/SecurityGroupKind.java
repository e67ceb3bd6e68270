package io.ecsreconciler.resource.securitygroup;

import io.ecsreconciler.engine.AbstractKind;
import io.ecsreconciler.engine.Creator;
import io.ecsreconciler.engine.Deleter;
import io.ecsreconciler.engine.Found;
import io.ecsreconciler.engine.Observed;
import io.ecsreconciler.engine.ResourceKey;
import io.ecsreconciler.engine.Stack;
import io.ecsreconciler.resource.Ec2Errors;
import io.ecsreconciler.resource.Ec2Tags;
import io.ecsreconciler.resource.StackReads;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.ResourceType;

/**
 * The group itself, with no updater: all its fields are immutable. AWS gives a new group an allow-all egress
 * rule; it is left alone here, because the {@code security-group-rules} resource owns every rule and revokes it.
 */
public final class SecurityGroupKind extends AbstractKind<SecurityGroupState>
    implements Creator<SecurityGroupState>, Deleter<SecurityGroupState> {

  public static final String KIND = "security-group";
  private static final Set<String> NOT_FOUND = Set.of("InvalidGroup.NotFound");

  private final Ec2Client ec2;
  private final StackReads reads;

  public SecurityGroupKind(Ec2Client ec2, StackReads reads) {
    super(KIND, SecurityGroupState.class, Set.of("vpcId", "groupName", "description"));
    this.ec2 = ec2;
    this.reads = reads;
  }

  @Override
  public Map<ResourceKey, Observed<SecurityGroupState>> observe(Stack stack) {
    var found = new Found<SecurityGroupState>();
    for (var group : reads.look().securityGroups(stack)) {
      Ec2Tags.ownedKey(stack, group.tags()).filter(key -> key.kind().equals(KIND)).ifPresent(key -> {
        var state = new SecurityGroupState(group.vpcId(), group.groupName(), group.description());
        found.add(key, observed(group.groupId(), state));
      });
    }
    return found.toMap();
  }

  @Override
  public Observed<SecurityGroupState> create(Stack stack, ResourceKey key, SecurityGroupState desired) {
    var id = ec2.createSecurityGroup(r -> r.vpcId(desired.vpcId()).groupName(desired.groupName())
        .description(desired.description()).tagSpecifications(Ec2Tags.specification(stack, key, ResourceType.SECURITY_GROUP))).groupId();
    return observed(id, desired);
  }

  @Override
  public void delete(Stack stack, ResourceKey key, Observed<SecurityGroupState> actual) {
    Ec2Errors.ignoring(NOT_FOUND, () -> ec2.deleteSecurityGroup(r -> r.groupId(actual.id())));
  }

  private static Observed<SecurityGroupState> observed(String id, SecurityGroupState state) {
    return Observed.ready(id, state, Map.of("id", id));
  }
}
