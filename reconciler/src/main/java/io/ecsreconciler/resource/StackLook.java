package io.ecsreconciler.resource;

import io.ecsreconciler.aws.AwsClients;
import io.ecsreconciler.engine.Stack;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalableTarget;
import software.amazon.awssdk.services.applicationautoscaling.model.ServiceNamespace;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogGroup;
import software.amazon.awssdk.services.ec2.model.InternetGateway;
import software.amazon.awssdk.services.ec2.model.PrefixList;
import software.amazon.awssdk.services.ec2.model.RouteTable;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.ec2.model.Subnet;
import software.amazon.awssdk.services.ec2.model.Vpc;
import software.amazon.awssdk.services.ec2.model.VpcEndpoint;
import software.amazon.awssdk.services.ecr.model.Repository;
import software.amazon.awssdk.services.ecr.model.RepositoryNotFoundException;
import software.amazon.awssdk.services.ecs.model.ClientException;
import software.amazon.awssdk.services.ecs.model.Cluster;
import software.amazon.awssdk.services.ecs.model.ClusterField;
import software.amazon.awssdk.services.ecs.model.DescribeTaskDefinitionResponse;
import software.amazon.awssdk.services.ecs.model.TaskDefinitionField;
import software.amazon.awssdk.services.ecs.model.TaskDefinitionStatus;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Listener;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerNotFoundException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupNotFoundException;
import software.amazon.awssdk.services.iam.model.AttachedPolicy;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;

/**
 * Reads scoped to one stack: EC2 describes filtered on its stack tag, the rest by the names it uses. What a stack
 * reads after it changed something (readiness waits), and where the region's look sends what it did not cover.
 * Each answer is kept for the life of this look, so kinds reading the same response share one call.
 */
public final class StackLook implements Look {

  /** ELBv2 DescribeTags takes up to 20 ARNs. */
  static final int TAGS_PER_CALL = 20;

  private final AwsClients aws;
  private final PassMemo memo = new PassMemo();

  public StackLook(AwsClients aws) {
    this.aws = aws;
  }

  @Override
  public List<Vpc> vpcs(Stack stack) {
    return memo.get("vpcs " + stack.name(), () -> aws.ec2()
        .describeVpcsPaginator(r -> r.filters(Ec2Tags.ownedBy(stack))).vpcs().stream().toList());
  }

  @Override
  public List<Subnet> subnets(Stack stack) {
    return memo.get("subnets " + stack.name(), () -> aws.ec2()
        .describeSubnetsPaginator(r -> r.filters(Ec2Tags.ownedBy(stack))).subnets().stream().toList());
  }

  @Override
  public List<InternetGateway> internetGateways(Stack stack) {
    return memo.get("igws " + stack.name(), () -> aws.ec2()
        .describeInternetGatewaysPaginator(r -> r.filters(Ec2Tags.ownedBy(stack))).internetGateways().stream()
        .toList());
  }

  @Override
  public List<RouteTable> routeTables(Stack stack) {
    return memo.get("route tables " + stack.name(), () -> aws.ec2()
        .describeRouteTablesPaginator(r -> r.filters(Ec2Tags.ownedBy(stack))).routeTables().stream().toList());
  }

  @Override
  public List<SecurityGroup> securityGroups(Stack stack) {
    return memo.get("security groups " + stack.name(), () -> aws.ec2()
        .describeSecurityGroupsPaginator(r -> r.filters(Ec2Tags.ownedBy(stack))).securityGroups().stream().toList());
  }

  @Override
  public List<VpcEndpoint> vpcEndpoints(Stack stack) {
    return memo.get("vpc endpoints " + stack.name(), () -> aws.ec2()
        .describeVpcEndpointsPaginator(r -> r.filters(Ec2Tags.ownedBy(stack))).vpcEndpoints().stream().toList());
  }

  @Override
  public List<PrefixList> prefixLists(Collection<String> names) {
    return RegionCache.of(aws).prefixLists(aws.ec2(), names);
  }

  @Override
  public List<LogGroup> logGroups(String name) {
    return memo.get("log groups " + name, () -> aws.logs().describeLogGroupsPaginator(r -> r.logGroupNamePrefix(name))
        .logGroups().stream().filter(group -> group.logGroupName().equals(name)).toList());
  }

  @Override
  public Optional<RoleFound> role(String name) {
    return memo.get("role " + name, () -> {
      try {
        var role = aws.iam().getRole(r -> r.roleName(name)).role();
        var tags = new HashMap<String, String>();
        role.tags().forEach(tag -> tags.put(tag.key(), tag.value()));
        var attached = aws.iam().listAttachedRolePoliciesPaginator(r -> r.roleName(name)).attachedPolicies().stream()
            .map(AttachedPolicy::policyArn).toList();
        return Optional.of(new RoleFound(role.roleName(), role.arn(), role.assumeRolePolicyDocument(), tags, attached));
      } catch (NoSuchEntityException absent) {
        return Optional.empty();
      }
    });
  }

  @Override
  public List<Repository> repositories(String name) {
    return memo.get("repositories " + name, () -> {
      try {
        return aws.ecr().describeRepositories(r -> r.repositoryNames(name)).repositories();
      } catch (RepositoryNotFoundException absent) {
        return List.of();
      }
    });
  }

  @Override
  public List<Cluster> clusters(String name) {
    return memo.get("clusters " + name, () ->
        aws.ecs().describeClusters(r -> r.clusters(name).include(ClusterField.TAGS)).clusters());
  }

  /** AWS describes a family's newest ACTIVE revision; moto the newest of all, so the status is checked. */
  @Override
  public Optional<DescribeTaskDefinitionResponse> newestTaskDefinition(String family) {
    return memo.get("task definition " + family, () -> {
      try {
        var response = aws.ecs().describeTaskDefinition(r -> r.taskDefinition(family)
            .include(TaskDefinitionField.TAGS));
        if (response.taskDefinition().status() != TaskDefinitionStatus.ACTIVE) {
          return Optional.empty();
        }
        RegionCache.of(aws).described(response);
        return Optional.of(response);
      } catch (ClientException absent) {
        return Optional.empty(); // "Unable to describe task definition": the family has no active revision
      }
    });
  }

  @Override
  public List<LoadBalancer> loadBalancers(String name) {
    return memo.get("load balancers " + name, () -> {
      try {
        return aws.elb().describeLoadBalancers(r -> r.names(name)).loadBalancers();
      } catch (LoadBalancerNotFoundException absent) {
        return List.of();
      }
    });
  }

  @Override
  public List<TargetGroup> targetGroups(String name) {
    return memo.get("target groups " + name, () -> {
      try {
        return aws.elb().describeTargetGroups(r -> r.names(name)).targetGroups();
      } catch (TargetGroupNotFoundException absent) {
        return List.of();
      }
    });
  }

  @Override
  public List<Listener> listeners(String loadBalancerArn) {
    return memo.get("listeners " + loadBalancerArn, () -> aws.elb()
        .describeListenersPaginator(r -> r.loadBalancerArn(loadBalancerArn)).listeners().stream().toList());
  }

  @Override
  public Map<String, Map<String, String>> elbTags(Collection<String> arns) {
    return memo.get("elb tags " + arns.stream().sorted().toList(), () -> describeTags(aws, arns));
  }

  @Override
  public List<ScalableTarget> scalableTargets(String resourceId) {
    return memo.get("scalable targets " + resourceId, () -> aws.autoScaling().describeScalableTargets(r -> r
            .serviceNamespace(ServiceNamespace.ECS).resourceIds(resourceId).scalableDimension(AutoScaling.DESIRED_COUNT))
        .scalableTargets().stream().filter(target -> resourceId.equals(target.resourceId())).toList());
  }

  /** Tags of these ARNs, {@value #TAGS_PER_CALL} to a call. */
  static Map<String, Map<String, String>> describeTags(AwsClients aws, Collection<String> arns) {
    var tags = new HashMap<String, Map<String, String>>();
    var all = new ArrayList<>(arns);
    for (int from = 0; from < all.size(); from += TAGS_PER_CALL) {
      var chunk = all.subList(from, Math.min(all.size(), from + TAGS_PER_CALL));
      for (var description : aws.elb().describeTags(r -> r.resourceArns(chunk)).tagDescriptions()) {
        var map = new HashMap<String, String>();
        description.tags().forEach(tag -> map.put(tag.key(), tag.value()));
        tags.put(description.resourceArn(), map);
      }
    }
    return tags;
  }
}
