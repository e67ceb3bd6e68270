package io.ecsreconciler.resource.securitygrouprules;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecsreconciler.engine.Delta;
import io.ecsreconciler.engine.Observed;
import io.ecsreconciler.engine.ResourceKey;
import io.ecsreconciler.engine.Stack;
import io.ecsreconciler.resource.StackReads;
import io.ecsreconciler.testing.AwsEmulator;
import io.ecsreconciler.testing.AwsEmulatorTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

/**
 * An authorize whose answer was lost (a timeout after AWS had added the rule) is retried by the SDK, and AWS
 * refuses the retry as a duplicate: found under load by the bench. The rules still converge in that same call.
 */
@AwsEmulatorTest
class RetriedAuthorizeTest {

  @Test
  void aRuleThatAlreadyExistsDoesNotStopTheOthersFromBeingAdded(AwsEmulator emulator) {
    var ec2 = emulator.clients().ec2();
    var stack = new Stack("t1");
    var vpc = ec2.createVpc(r -> r.cidrBlock("10.9.0.0/16")).vpc().vpcId();
    var groupKey = ResourceKey.of("security-group", "alb");
    var tags = stack.ownershipTags(groupKey).entrySet().stream()
        .map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList();
    var group = ec2.createSecurityGroup(r -> r.groupName("t1-alb").description("alb").vpcId(vpc).tagSpecifications(
        TagSpecification.builder().resourceType(ResourceType.SECURITY_GROUP).tags(tags).build())).groupId();
    var http = new Rule("tcp", 80, 80, "0.0.0.0/0");
    var https = new Rule("tcp", 443, 443, "0.0.0.0/0");
    ec2.authorizeSecurityGroupIngress(r -> r.groupId(group).ipPermissions(Permissions.of(List.of(http))));
    var kind = new SecurityGroupRulesKind(ec2, StackReads.fresh(emulator.clients()));
    var key = ResourceKey.of(SecurityGroupRulesKind.KIND, "alb");
    // What the pass believed before the lost answer: no ingress yet, only AWS's default egress.
    var stale = new SecurityGroupRulesState(List.of(), List.of(new Rule("-1", 0, 0, "0.0.0.0/0")));
    var desired = new SecurityGroupRulesState(List.of(http, https), List.of());

    kind.update(stack, key, new Observed<>(group, stale, Map.of("id", group), true), desired,
        Delta.between(desired, stale));

    var now = new SecurityGroupRulesKind(ec2, StackReads.fresh(emulator.clients())).observe(stack).get(key);
    assertThat(now.state()).isEqualTo(desired);
  }
}
