package io.ecsreconciler.resource;

import io.ecsreconciler.engine.Stack;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalableTarget;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogGroup;
import software.amazon.awssdk.services.ec2.model.InternetGateway;
import software.amazon.awssdk.services.ec2.model.PrefixList;
import software.amazon.awssdk.services.ec2.model.RouteTable;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.ec2.model.Subnet;
import software.amazon.awssdk.services.ec2.model.Vpc;
import software.amazon.awssdk.services.ec2.model.VpcEndpoint;
import software.amazon.awssdk.services.ecr.model.Repository;
import software.amazon.awssdk.services.ecs.model.Cluster;
import software.amazon.awssdk.services.ecs.model.DescribeTaskDefinitionResponse;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Listener;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;

/**
 * The describe calls kinds observe through, answered either from one look at the whole region shared by the
 * stacks of a pass ({@link RegionLook}) or by calls scoped to one stack ({@link StackLook}). Each answer is a
 * stack's share: what carries its ownership tag, or what has the name it would use (so that a foreign holder of
 * the name is seen). Reads only; what AWS has no batch for (DNS attributes of a VPC, a cluster's services, a log
 * group's tags) the kinds still read themselves.
 */
public interface Look {

  List<Vpc> vpcs(Stack stack);

  List<Subnet> subnets(Stack stack);

  List<InternetGateway> internetGateways(Stack stack);

  List<RouteTable> routeTables(Stack stack);

  /** Read once for both the groups and their rule sets. */
  List<SecurityGroup> securityGroups(Stack stack);

  List<VpcEndpoint> vpcEndpoints(Stack stack);

  /** AWS-managed prefix lists by name (read only, the same for every stack of the region). */
  List<PrefixList> prefixLists(Collection<String> names);

  /** The log groups named exactly {@code name}, whoever owns them. */
  List<LogGroup> logGroups(String name);

  /** The IAM role of that name, whoever owns it. */
  Optional<RoleFound> role(String name);

  /** The ECR repositories of that name (one at most), whoever owns them. */
  List<Repository> repositories(String name);

  /** The ECS clusters of that name with their tags, inactive ones included. */
  List<Cluster> clusters(String name);

  /** The newest ACTIVE revision of a task definition family, with its tags; empty when it has none. */
  Optional<DescribeTaskDefinitionResponse> newestTaskDefinition(String family);

  List<LoadBalancer> loadBalancers(String name);

  List<TargetGroup> targetGroups(String name);

  List<Listener> listeners(String loadBalancerArn);

  /** ELBv2 tags by ARN (load balancers, target groups, listeners: ELBv2 returns them only this way). */
  Map<String, Map<String, String>> elbTags(Collection<String> arns);

  /** The ECS scalable targets of that resource id ({@code service/<cluster>/<service>}). */
  List<ScalableTarget> scalableTargets(String resourceId);
}
