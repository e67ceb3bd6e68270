package io.ecsreconciler.resource;

import io.ecsreconciler.aws.AwsClients;
import io.ecsreconciler.engine.Stack;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalableTarget;
import software.amazon.awssdk.services.applicationautoscaling.model.ServiceNamespace;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogGroup;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.InternetGateway;
import software.amazon.awssdk.services.ec2.model.PrefixList;
import software.amazon.awssdk.services.ec2.model.RouteTable;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.ec2.model.Subnet;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.Vpc;
import software.amazon.awssdk.services.ec2.model.VpcEndpoint;
import software.amazon.awssdk.services.ecr.model.Repository;
import software.amazon.awssdk.services.ecs.model.Cluster;
import software.amazon.awssdk.services.ecs.model.ClusterField;
import software.amazon.awssdk.services.ecs.model.DescribeTaskDefinitionResponse;
import software.amazon.awssdk.services.ecs.model.TaskDefinitionField;
import software.amazon.awssdk.services.ecs.model.TaskDefinitionStatus;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Listener;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;
import software.amazon.awssdk.services.iam.model.AttachedPolicy;
import software.amazon.awssdk.services.iam.model.EntityType;
import software.amazon.awssdk.services.iam.model.IamException;

/**
 * One look at a region shared by the stacks of one pass (DESIGN §10: observation scales by kind, not by stack):
 * one describe per kind for all of them, filtered on the ownership tags or listing what the stacks' names could
 * hold, and batches by name or ARN where AWS takes many at once. Each stack takes its share. Calls by name or ARN
 * cover only the stacks the look was made for (those whose lease this replica holds), so another replica's
 * stacks cost no call of their own; a stack outside them is read on its own ({@link StackLook}).
 *
 * <p>Made at the start of a pass, after the leases: a stack's share is never older than its lease, so no other
 * replica changed it since. A stack that changes something reads itself afresh afterwards ({@link StackReads}).
 */
public final class RegionLook implements Look {

  private static final Logger log = LoggerFactory.getLogger(RegionLook.class);

  /** DescribeClusters takes up to 100 clusters. */
  private static final int CLUSTERS_PER_CALL = 100;
  /** Per-resource reads of many stacks at once, bounded so that a large region is no burst of throttling. */
  private static final int PARALLEL_READS = 8;
  private static final String LOG_GROUP_PREFIX = "/ecs/";
  private static final Filter ANY_STACK = Filter.builder().name("tag-key").values(Stack.STACK_TAG).build();
  private static final Filter MANAGED = Filter.builder().name("tag:" + Stack.MANAGED_BY_TAG)
      .values(Stack.MANAGED_BY_VALUE).build();

  private final AwsClients aws;
  private final RegionCache cache;
  private final List<StackNames> stacks;
  private final PassMemo memo = new PassMemo();
  private final StackLook alone;

  private RegionLook(AwsClients aws, Collection<String> stacks) {
    this.aws = aws;
    this.cache = RegionCache.of(aws);
    this.stacks = stacks.stream().distinct().sorted().map(StackNames::new).toList();
    this.alone = new StackLook(aws);
  }

  /** A look for these stacks of the region the clients reach. */
  public static RegionLook of(AwsClients aws, Collection<String> stackNames) {
    return new RegionLook(aws, stackNames);
  }

  public AwsClients aws() {
    return aws;
  }

  @Override
  public List<Vpc> vpcs(Stack stack) {
    return share(memo.get("ec2:DescribeVpcs", () -> aws.ec2().describeVpcsPaginator(r -> r.filters(ANY_STACK, MANAGED))
        .vpcs().stream().toList()), Vpc::tags, stack);
  }

  @Override
  public List<Subnet> subnets(Stack stack) {
    return share(memo.get("ec2:DescribeSubnets", () -> aws.ec2()
        .describeSubnetsPaginator(r -> r.filters(ANY_STACK, MANAGED)).subnets().stream().toList()),
        Subnet::tags, stack);
  }

  @Override
  public List<InternetGateway> internetGateways(Stack stack) {
    return share(memo.get("ec2:DescribeInternetGateways", () -> aws.ec2()
        .describeInternetGatewaysPaginator(r -> r.filters(ANY_STACK, MANAGED)).internetGateways().stream().toList()),
        InternetGateway::tags, stack);
  }

  @Override
  public List<RouteTable> routeTables(Stack stack) {
    return share(memo.get("ec2:DescribeRouteTables", () -> aws.ec2()
        .describeRouteTablesPaginator(r -> r.filters(ANY_STACK, MANAGED)).routeTables().stream().toList()),
        RouteTable::tags, stack);
  }

  @Override
  public List<SecurityGroup> securityGroups(Stack stack) {
    return share(memo.get("ec2:DescribeSecurityGroups", () -> aws.ec2()
        .describeSecurityGroupsPaginator(r -> r.filters(ANY_STACK, MANAGED)).securityGroups().stream().toList()),
        SecurityGroup::tags, stack);
  }

  @Override
  public List<VpcEndpoint> vpcEndpoints(Stack stack) {
    return share(memo.get("ec2:DescribeVpcEndpoints", () -> aws.ec2()
        .describeVpcEndpointsPaginator(r -> r.filters(ANY_STACK, MANAGED)).vpcEndpoints().stream().toList()),
        VpcEndpoint::tags, stack);
  }

  @Override
  public List<PrefixList> prefixLists(Collection<String> names) {
    return cache.prefixLists(aws.ec2(), names);
  }

  /** Every stack's log group is {@code /ecs/<stack>}: one listing of the prefix holds them all. */
  @Override
  public List<LogGroup> logGroups(String name) {
    if (!name.startsWith(LOG_GROUP_PREFIX)) {
      return alone.logGroups(name);
    }
    return memo.<List<LogGroup>>get("logs:DescribeLogGroups", () -> aws.logs()
            .describeLogGroupsPaginator(r -> r.logGroupNamePrefix(LOG_GROUP_PREFIX)).logGroups().stream().toList())
        .stream().filter(group -> group.logGroupName().equals(name)).toList();
  }

  /**
   * Every role with its tags, trust policy and attached policies in GetAccountAuthorizationDetails (1,000 to a
   * call); where the credentials may not call it (docs/iam leaves it out: it reads the whole account's IAM), each
   * role is read on its own, and the refusal is remembered for the process ({@link RegionCache}).
   */
  @Override
  public Optional<RoleFound> role(String name) {
    Map<String, RoleFound> roles = memo.get("iam:GetAccountAuthorizationDetails", this::allRoles);
    return roles == null ? alone.role(name) : Optional.ofNullable(roles.get(name));
  }

  private Map<String, RoleFound> allRoles() {
    if (cache.accountAuthorizationDetailsRefused()) {
      return null;
    }
    try {
      var roles = new HashMap<String, RoleFound>();
      aws.iam().getAccountAuthorizationDetailsPaginator(r -> r.filter(EntityType.ROLE).maxItems(1000))
          .forEach(page -> page.roleDetailList().forEach(role -> {
            var tags = new HashMap<String, String>();
            role.tags().forEach(tag -> tags.put(tag.key(), tag.value()));
            roles.put(role.roleName(), new RoleFound(role.roleName(), role.arn(), role.assumeRolePolicyDocument(),
                tags, role.attachedManagedPolicies().stream().map(AttachedPolicy::policyArn).toList()));
          }));
      return roles;
    } catch (IamException e) {
      if (e.statusCode() == 403) {
        cache.accountAuthorizationDetailsWereRefused();
        log.info("iam:GetAccountAuthorizationDetails refused ({}): reading each stack's role on its own from now on",
            e.awsErrorDetails() == null || e.awsErrorDetails().errorCode() == null ? "HTTP " + e.statusCode()
                : e.awsErrorDetails().errorCode());
        return null; // not allowed: GetRole per role instead
      }
      throw e;
    }
  }

  @Override
  public List<Repository> repositories(String name) {
    return memo.<List<Repository>>get("ecr:DescribeRepositories", () -> aws.ecr()
            .describeRepositoriesPaginator(r -> r.maxResults(1000)).repositories().stream().toList())
        .stream().filter(repository -> repository.repositoryName().equals(name)).toList();
  }

  /** The stacks' clusters by name, 100 to a call (a missing one is a failure entry, not an error). */
  @Override
  public List<Cluster> clusters(String name) {
    var names = stacks.stream().map(StackNames::cluster).toList();
    if (!names.contains(name)) {
      return alone.clusters(name);
    }
    Map<String, List<Cluster>> byName = memo.get("ecs:DescribeClusters", () -> {
      var found = new HashMap<String, List<Cluster>>();
      for (int from = 0; from < names.size(); from += CLUSTERS_PER_CALL) {
        var chunk = names.subList(from, Math.min(names.size(), from + CLUSTERS_PER_CALL));
        aws.ecs().describeClusters(r -> r.clusters(chunk).include(ClusterField.TAGS)).clusters().forEach(cluster ->
            found.computeIfAbsent(cluster.clusterName(), n -> new ArrayList<>()).add(cluster));
      }
      return found;
    });
    return byName.getOrDefault(name, List.of());
  }

  /**
   * With several stacks, one listing of the region's active revisions (100 to a call) tells each family's newest,
   * whose content is described once for good ({@link RegionCache}); with one stack, or when the listing took more
   * calls last time than there are families (an account with many other task definitions), one describe per
   * family is cheaper. Both answer the same.
   */
  @Override
  public Optional<DescribeTaskDefinitionResponse> newestTaskDefinition(String family) {
    var families = stacks.stream().map(StackNames::taskFamily).toList();
    boolean listing = memo.get("task definitions: list or describe", () -> families.size() >= 2
        && cache.revisionListingPages() < families.size()); // decided once per look: the listing sets the pages
    if (!families.contains(family) || !listing) {
      return alone.newestTaskDefinition(family);
    }
    Map<String, String> newest = memo.get("ecs:ListTaskDefinitions", this::newestActiveRevisions);
    return Optional.ofNullable(newest.get(family)).map(arn -> cache.revision(arn).orElseGet(() -> {
      var response = aws.ecs().describeTaskDefinition(r -> r.taskDefinition(arn).include(TaskDefinitionField.TAGS));
      cache.described(response);
      return response;
    }));
  }

  private Map<String, String> newestActiveRevisions() {
    var newest = new HashMap<String, String>();
    int pages = 0;
    for (var page : aws.ecs().listTaskDefinitionsPaginator(r -> r.status(TaskDefinitionStatus.ACTIVE))) {
      pages++;
      for (var arn : page.taskDefinitionArns()) {
        newest.merge(TaskDefinitionArns.family(arn), arn,
            (a, b) -> TaskDefinitionArns.revision(a) >= TaskDefinitionArns.revision(b) ? a : b);
      }
    }
    cache.revisionListingTook(pages);
    return newest;
  }

  @Override
  public List<LoadBalancer> loadBalancers(String name) {
    return allLoadBalancers().stream().filter(lb -> lb.loadBalancerName().equals(name)).toList();
  }

  @Override
  public List<TargetGroup> targetGroups(String name) {
    return allTargetGroups().stream().filter(group -> group.targetGroupName().equals(name)).toList();
  }

  private List<LoadBalancer> allLoadBalancers() {
    return memo.get("elb:DescribeLoadBalancers", () -> aws.elb()
        .describeLoadBalancersPaginator(r -> r.pageSize(400)).loadBalancers().stream().toList());
  }

  private List<TargetGroup> allTargetGroups() {
    return memo.get("elb:DescribeTargetGroups", () -> aws.elb()
        .describeTargetGroupsPaginator(r -> r.pageSize(400)).targetGroups().stream().toList());
  }

  /** The listeners of the stacks' load balancers, one call per load balancer (AWS has no other way to find them). */
  @Override
  public List<Listener> listeners(String loadBalancerArn) {
    var ofStacks = stacksListeners();
    return ofStacks.containsKey(loadBalancerArn) ? ofStacks.get(loadBalancerArn) : alone.listeners(loadBalancerArn);
  }

  private Map<String, List<Listener>> stacksListeners() {
    return memo.get("elb:DescribeListeners", () -> {
      var arns = stacksLoadBalancers().stream().map(LoadBalancer::loadBalancerArn).toList();
      return inParallel(arns, arn -> aws.elb().describeListenersPaginator(r -> r.loadBalancerArn(arn)).listeners()
          .stream().toList());
    });
  }

  /**
   * Tags of the stacks' load balancers, target groups and listeners, 20 ARNs to a call, all read at the first
   * ask; an ARN outside them is read on its own.
   */
  @Override
  public Map<String, Map<String, String>> elbTags(Collection<String> arns) {
    Map<String, Map<String, String>> known = memo.get("elb:DescribeTags", () -> {
      var all = new ArrayList<String>();
      stacksLoadBalancers().forEach(lb -> all.add(lb.loadBalancerArn()));
      var groupNames = stacks.stream().map(StackNames::targetGroup).toList();
      allTargetGroups().stream().filter(group -> groupNames.contains(group.targetGroupName()))
          .forEach(group -> all.add(group.targetGroupArn()));
      stacksListeners().values().forEach(listeners -> listeners.forEach(l -> all.add(l.listenerArn())));
      var chunks = new ArrayList<List<String>>();
      for (int from = 0; from < all.size(); from += StackLook.TAGS_PER_CALL) {
        chunks.add(all.subList(from, Math.min(all.size(), from + StackLook.TAGS_PER_CALL)));
      }
      var tags = new HashMap<String, Map<String, String>>();
      inParallel(chunks, chunk -> StackLook.describeTags(aws, chunk)).values().forEach(tags::putAll);
      return tags;
    });
    var missing = arns.stream().filter(arn -> !known.containsKey(arn)).toList();
    var tags = new HashMap<String, Map<String, String>>();
    arns.stream().filter(known::containsKey).forEach(arn -> tags.put(arn, known.get(arn)));
    if (!missing.isEmpty()) {
      tags.putAll(alone.elbTags(missing));
    }
    return tags;
  }

  private List<LoadBalancer> stacksLoadBalancers() {
    var names = stacks.stream().map(StackNames::loadBalancer).toList();
    return allLoadBalancers().stream().filter(lb -> names.contains(lb.loadBalancerName())).toList();
  }

  @Override
  public List<ScalableTarget> scalableTargets(String resourceId) {
    return memo.<List<ScalableTarget>>get("application-autoscaling:DescribeScalableTargets", () -> aws.autoScaling()
            .describeScalableTargetsPaginator(r -> r.serviceNamespace(ServiceNamespace.ECS)).scalableTargets().stream()
            .toList())
        .stream().filter(target -> resourceId.equals(target.resourceId())
            && AutoScaling.DESIRED_COUNT.equals(target.scalableDimensionAsString())).toList();
  }

  /** What carries the stack's tag: every stack takes its share of a region-wide answer. */
  private static <T> List<T> share(List<T> all, Function<T, List<Tag>> tags, Stack stack) {
    return all.stream().filter(item -> tags.apply(item).stream()
        .anyMatch(tag -> Stack.STACK_TAG.equals(tag.key()) && stack.name().equals(tag.value()))).toList();
  }

  private static <K, V> Map<K, V> inParallel(List<K> keys, Function<K, V> read) {
    var results = new HashMap<K, V>();
    var slots = new java.util.concurrent.Semaphore(PARALLEL_READS);
    try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
      var futures = new HashMap<K, Future<V>>();
      for (var key : keys) {
        Callable<V> task = () -> {
          slots.acquireUninterruptibly();
          try {
            return read.apply(key);
          } finally {
            slots.release();
          }
        };
        futures.put(key, executor.submit(task));
      }
      for (var entry : futures.entrySet()) {
        results.put(entry.getKey(), entry.getValue().get());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading the region", e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
    }
    return results;
  }
}
