package io.ecsreconciler.resource;

import io.ecsreconciler.engine.Stack;
import java.util.List;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;

/** The stack's security groups, read once per pass for both the groups and their rule sets. */
public final class SecurityGroups {

  private SecurityGroups() {
  }

  public static List<SecurityGroup> owned(Ec2Client ec2, PassMemo memo, Stack stack) {
    return memo.get("ec2:DescribeSecurityGroups",
        () -> ec2.describeSecurityGroups(r -> r.filters(Ec2Tags.ownedBy(stack))).securityGroups());
  }
}
