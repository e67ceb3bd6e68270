package io.ecsreconciler.resource.iamrole;

import java.util.List;

/**
 * @param trustedService the service principal allowed to assume the role ({@code ecs-tasks.amazonaws.com})
 * @param managedPolicyArns attached managed policies, sorted
 */
public record RoleState(String name, String trustedService, List<String> managedPolicyArns) {

  public RoleState {
    managedPolicyArns = managedPolicyArns.stream().sorted().toList();
  }
}
