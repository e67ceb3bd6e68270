package io.ecsreconciler.resource.securitygroup;

import io.ecsreconciler.engine.AbstractKind;
import io.ecsreconciler.engine.Observed;
import io.ecsreconciler.engine.ResourceKey;
import io.ecsreconciler.engine.Stack;
import io.ecsreconciler.resource.Ec2Tags;
import io.ecsreconciler.resource.PassMemo;
import io.ecsreconciler.resource.SecurityGroups;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.ec2.Ec2Client;

public final class SecurityGroupKind extends AbstractKind<SecurityGroupState> {

  public static final String KIND = "security-group";

  private final Ec2Client ec2;
  private final PassMemo memo;

  public SecurityGroupKind(Ec2Client ec2, PassMemo memo) {
    super(KIND, SecurityGroupState.class, Set.of("vpcId", "groupName", "description"));
    this.ec2 = ec2;
    this.memo = memo;
  }

  @Override
  public Map<ResourceKey, Observed<SecurityGroupState>> observe(Stack stack) {
    var found = new HashMap<ResourceKey, Observed<SecurityGroupState>>();
    for (var group : SecurityGroups.owned(ec2, memo, stack)) {
      Ec2Tags.ownedKey(stack, group.tags()).filter(key -> key.kind().equals(KIND)).ifPresent(key -> {
        var state = new SecurityGroupState(group.vpcId(), group.groupName(), group.description());
        found.put(key, Observed.ready(group.groupId(), state, Map.of("id", group.groupId())));
      });
    }
    return found;
  }
}
