package io.ecsreconciler.resource;

import io.ecsreconciler.aws.AwsClients;
import io.ecsreconciler.desired.StackSpec;
import io.ecsreconciler.engine.DesiredResource;
import io.ecsreconciler.engine.Inputs;
import io.ecsreconciler.engine.Kind;
import io.ecsreconciler.engine.Policy;
import io.ecsreconciler.engine.Precondition;
import io.ecsreconciler.engine.ResourceKey;
import io.ecsreconciler.engine.Stack;
import io.ecsreconciler.engine.StackModel;
import io.ecsreconciler.resource.ecrrepository.RepositoryKind;
import io.ecsreconciler.resource.ecrrepository.RepositoryState;
import io.ecsreconciler.resource.ecscluster.ClusterKind;
import io.ecsreconciler.resource.ecscluster.ClusterSuspensionSwitch;
import io.ecsreconciler.resource.ecscluster.ClusterState;
import io.ecsreconciler.resource.ecsservice.ServiceKind;
import io.ecsreconciler.resource.ecsservice.ServiceRuntime;
import io.ecsreconciler.resource.ecsservice.ServiceState;
import io.ecsreconciler.resource.iamrole.RoleKind;
import io.ecsreconciler.resource.iamrole.RoleState;
import io.ecsreconciler.resource.internetgateway.InternetGatewayKind;
import io.ecsreconciler.resource.internetgateway.InternetGatewayState;
import io.ecsreconciler.resource.listener.ListenerKind;
import io.ecsreconciler.resource.listener.ListenerState;
import io.ecsreconciler.resource.loadbalancer.LoadBalancerKind;
import io.ecsreconciler.resource.loadbalancer.LoadBalancerState;
import io.ecsreconciler.resource.loggroup.LogGroupKind;
import io.ecsreconciler.resource.loggroup.LogGroupState;
import io.ecsreconciler.resource.prefixlist.PrefixListKind;
import io.ecsreconciler.resource.prefixlist.PrefixListState;
import io.ecsreconciler.resource.routetable.RouteTableKind;
import io.ecsreconciler.resource.routetable.RouteTableState;
import io.ecsreconciler.resource.securitygroup.SecurityGroupKind;
import io.ecsreconciler.resource.securitygroup.SecurityGroupState;
import io.ecsreconciler.resource.securitygrouprules.Rule;
import io.ecsreconciler.resource.securitygrouprules.SecurityGroupRulesKind;
import io.ecsreconciler.resource.securitygrouprules.SecurityGroupRulesState;
import io.ecsreconciler.resource.subnet.SubnetKind;
import io.ecsreconciler.resource.subnet.SubnetState;
import io.ecsreconciler.resource.targetgroup.TargetGroupKind;
import io.ecsreconciler.resource.targetgroup.TargetGroupState;
import io.ecsreconciler.resource.taskdefinition.TaskDefinitionKind;
import io.ecsreconciler.resource.taskdefinition.TaskDefinitionState;
import io.ecsreconciler.resource.vpc.VpcKind;
import io.ecsreconciler.resource.vpc.VpcState;
import io.ecsreconciler.resource.vpcendpoint.VpcEndpointKind;
import io.ecsreconciler.resource.scalabletarget.ScalableTargetKind;
import io.ecsreconciler.resource.scalabletarget.ScalableTargetState;
import io.ecsreconciler.resource.scalingpolicy.ScalingPolicyKind;
import io.ecsreconciler.resource.scalingpolicy.ScalingPolicyState;
import io.ecsreconciler.resource.vpcendpoint.VpcEndpointState;
import io.ecsreconciler.rollout.RolloutProbe;
import io.ecsreconciler.suspend.Suspension;
import io.ecsreconciler.suspend.SuspensionSwitch;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The resource graph of one ECS stack (DESIGN §4): which resources a {@link StackSpec} asks for, what each one's
 * desired state is given its dependencies' outputs, and the kinds that observe them. The only place that knows
 * how the pieces of the hello setup fit together; the engine sees keys, records and dependencies.
 */
public final class EcsStackResources {

  static final ResourceKey VPC = ResourceKey.single(VpcKind.KIND);
  static final ResourceKey IGW = ResourceKey.single(InternetGatewayKind.KIND);
  static final ResourceKey PUBLIC_ROUTES = ResourceKey.of(RouteTableKind.KIND, "public");
  static final ResourceKey PRIVATE_ROUTES = ResourceKey.of(RouteTableKind.KIND, "private");
  static final ResourceKey ALB_SG = ResourceKey.of(SecurityGroupKind.KIND, "alb");
  static final ResourceKey TASKS_SG = ResourceKey.of(SecurityGroupKind.KIND, "tasks");
  static final ResourceKey ENDPOINTS_SG = ResourceKey.of(SecurityGroupKind.KIND, "endpoints");
  static final ResourceKey S3_PREFIX_LIST = ResourceKey.of(PrefixListKind.KIND, "s3");
  static final ResourceKey LOG_GROUP = ResourceKey.single(LogGroupKind.KIND);
  static final ResourceKey EXECUTION_ROLE = ResourceKey.of(RoleKind.KIND, "execution");
  static final ResourceKey REPOSITORY = RepositoryKind.KEY;
  static final ResourceKey CLUSTER = ResourceKey.single(ClusterKind.KIND);
  static final ResourceKey TASK_DEFINITION = ResourceKey.single(TaskDefinitionKind.KIND);
  static final ResourceKey LOAD_BALANCER = ResourceKey.single(LoadBalancerKind.KIND);
  static final ResourceKey TARGET_GROUP = ResourceKey.single(TargetGroupKind.KIND);
  static final ResourceKey LISTENER = ResourceKey.of(ListenerKind.KIND, "http");
  static final ResourceKey SERVICE = ResourceKey.single(ServiceKind.KIND);
  static final ResourceKey SCALABLE_TARGET = ScalableTargetKind.KEY;
  static final ResourceKey SCALING_POLICY = ResourceKey.of(ScalingPolicyKind.KIND, "cpu");
  static final String CPU_METRIC = "ECSServiceAverageCPUUtilization";

  static final String EXECUTION_POLICY = "policy/service-role/AmazonECSTaskExecutionRolePolicy";
  static final String GATEWAY_ENDPOINT = "s3";
  private static final int HTTPS = 443;

  private final StackSpec spec;
  private final StackNames names;
  private final List<DesiredResource<?>> desired = new ArrayList<>();
  private final List<ResourceKey> publicSubnets = new ArrayList<>();
  private final List<ResourceKey> privateSubnets = new ArrayList<>();

  private EcsStackResources(StackSpec spec) {
    this.spec = spec;
    this.names = new StackNames(spec.name());
  }

  /**
   * One pass's model of the stack, and the probe that follows its service's rollouts (sharing the kind's
   * describe call).
   */
  public record Built(StackModel model, RolloutProbe rollout) {

    /** The key of the ECS service, whose changes start rollouts. */
    public ResourceKey service() {
      return SERVICE;
    }

    /** The key of the load balancer, whose DNS name the post-deploy check calls. */
    public ResourceKey loadBalancer() {
      return LOAD_BALANCER;
    }

    /** The stack's suspension, as its cluster's observation carries it. */
    public Optional<Suspension> suspension(Map<ResourceKey, Map<String, String>> observedOutputs) {
      return Suspension.fromTag(Optional.ofNullable(observedOutputs.get(CLUSTER))
          .map(outputs -> outputs.get(ClusterKind.SUSPENDED_OUTPUT)));
    }
  }

  /** Where an operator's suspension of the stack is set and cleared. */
  public static SuspensionSwitch suspensionSwitch(StackSpec spec, AwsClients aws) {
    return new ClusterSuspensionSwitch(aws.ecs(), new Stack(spec.name()), new StackNames(spec.name()).cluster());
  }

  /** The stack's model for one pass on its own (a look at the region for this stack alone). */
  public static StackModel model(StackSpec spec, AwsClients aws) {
    return build(spec, RegionLook.of(aws, List.of(spec.name())), false, false).model();
  }

  /**
   * The stack's model for one pass, its kinds reading their share of {@code region} (shared with the other stacks
   * of the pass) until the pass changes something and they read the stack afresh.
   *
   * @param retryFailed roll out a task definition whose rollout failed before, as a user asked
   * @param destroying  the pass deletes everything the stack owns
   */
  public static Built build(StackSpec spec, RegionLook region, boolean retryFailed, boolean destroying) {
    var aws = region.aws();
    var resources = new EcsStackResources(spec);
    resources.declare();
    var reads = StackReads.sharing(region);
    var repository = new RepositoryKind(aws.ecr(), reads, spec.image().repository(), spec.image().create(),
        destroying);
    var policy = new Policy(spec.policy().prune(), spec.policy().maxDeletesPerPass(), false, false);
    var runtime = new ServiceRuntime(aws.ecs(), aws.elb(), resources.names.cluster(), resources.names.service());
    var model = new StackModel(new Stack(spec.name()), resources.kinds(aws, repository, reads, runtime, retryFailed),
        resources.desired, resources.preconditions(repository), policy, false, reads::forget);
    return new Built(model, runtime);
  }

  /**
   * No rollout without the image: a task definition is registered only for a tag that is in the repository
   * (checked only when the task definition is about to change, so a steady pass spends no call on it).
   */
  private List<Precondition> preconditions(RepositoryKind repository) {
    var image = spec.image();
    return List.of(
        new Precondition(REPOSITORY, () -> image.create() ? Optional.empty() : Optional.of("ECR repository "
            + image.repository() + " does not exist and spec.image.create is false: create it and push the image, "
            + "or set create: true")),
        new Precondition(TASK_DEFINITION, () -> repository.imageTagExists(image.tag()) ? Optional.empty()
            : Optional.of("image tag " + image.tag() + " is not in ECR repository " + image.repository()
                + ": push it first (no rollout until it exists)")));
  }

  private List<Kind<?>> kinds(AwsClients aws, RepositoryKind repository, StackReads reads, ServiceRuntime runtime,
                              boolean retryFailed) {
    var loadBalancing = new LoadBalancing(reads, names.loadBalancer(), names.targetGroup());
    var autoScaling = new AutoScaling(reads, names.scalableResourceId());
    return List.of(
        new VpcKind(aws.ec2(), reads),
        new InternetGatewayKind(aws.ec2(), reads),
        new SubnetKind(aws.ec2(), reads),
        new RouteTableKind(aws.ec2(), reads),
        new SecurityGroupKind(aws.ec2(), reads),
        new SecurityGroupRulesKind(aws.ec2(), reads),
        new PrefixListKind(reads, Map.of(S3_PREFIX_LIST, serviceName(GATEWAY_ENDPOINT))),
        new VpcEndpointKind(aws.ec2(), reads),
        new LogGroupKind(aws.logs(), reads, names.logGroup()),
        new RoleKind(aws.iam(), reads, names.executionRole()),
        repository,
        new ClusterKind(aws.ecs(), reads, names.cluster()),
        new TaskDefinitionKind(aws.ecs(), reads, names.taskFamily(), spec.policy().keepRevisions()),
        new LoadBalancerKind(loadBalancing, aws.elb()),
        new TargetGroupKind(loadBalancing, aws.elb()),
        new ListenerKind(loadBalancing, aws.elb()),
        new ServiceKind(aws.ecs(), names.cluster(), names.service(), names.container(), runtime, retryFailed),
        new ScalableTargetKind(aws.autoScaling(), autoScaling),
        new ScalingPolicyKind(aws.autoScaling(), autoScaling, names.scalingPolicy()));
  }

  private void declare() {
    network();
    securityGroups();
    endpoints();
    runtime();
    loadBalancing();
    service();
    autoscaling();
    leaveIgnoredFieldsToAws();
  }

  private void network() {
    var network = spec.network();
    add(VPC, VpcState.class, Set.of(), in -> new VpcState(network.vpcCidr(), true, true));
    add(IGW, InternetGatewayState.class, Set.of(VPC), in -> new InternetGatewayState(in.id(VPC)));
    for (int i = 0; i < network.availabilityZones().size(); i++) {
      var zone = network.availabilityZones().get(i);
      var suffix = zone.substring(zone.length() - 1);
      publicSubnets.add(subnet("public-" + suffix, network.publicSubnets().get(i), zone));
      privateSubnets.add(subnet("private-" + suffix, network.privateSubnets().get(i), zone));
    }
    var publicDependencies = with(publicSubnets, VPC, IGW);
    add(PUBLIC_ROUTES, RouteTableState.class, publicDependencies, in ->
        new RouteTableState(in.id(VPC), new TreeMap<>(Map.of("0.0.0.0/0", in.id(IGW))), ids(in, publicSubnets)));
    // No default route: the tasks' only way out is the VPC endpoints.
    add(PRIVATE_ROUTES, RouteTableState.class, with(privateSubnets, VPC), in ->
        new RouteTableState(in.id(VPC), new TreeMap<>(), ids(in, privateSubnets)));
  }

  private ResourceKey subnet(String name, String cidr, String zone) {
    var key = ResourceKey.of(SubnetKind.KIND, name);
    add(key, SubnetState.class, Set.of(VPC), in -> new SubnetState(in.id(VPC), cidr, zone, false));
    return key;
  }

  private void securityGroups() {
    for (var group : List.of(ALB_SG, TASKS_SG, ENDPOINTS_SG)) {
      add(group, SecurityGroupState.class, Set.of(VPC), in -> new SecurityGroupState(in.id(VPC),
          names.groupName(group.name()), group.name() + " of ECS stack " + spec.name()));
    }
    int containerPort = spec.service().containerPort();
    int listenerPort = spec.loadBalancer().listenerPort();
    rules(ALB_SG, Set.of(TASKS_SG), in -> new SecurityGroupRulesState(
        spec.loadBalancer().ingressCidrs().stream().map(cidr -> tcp(listenerPort, cidr)).toList(),
        List.of(tcp(containerPort, in.id(TASKS_SG)))));
    rules(TASKS_SG, Set.of(ALB_SG, ENDPOINTS_SG, S3_PREFIX_LIST), in -> new SecurityGroupRulesState(
        List.of(tcp(containerPort, in.id(ALB_SG))),
        List.of(tcp(HTTPS, in.id(ENDPOINTS_SG)), tcp(HTTPS, in.id(S3_PREFIX_LIST)))));
    // Security groups are stateful: the endpoints answer on the connections the tasks open, no egress needed.
    rules(ENDPOINTS_SG, Set.of(TASKS_SG), in -> new SecurityGroupRulesState(
        List.of(tcp(HTTPS, in.id(TASKS_SG))), List.of()));
    add(S3_PREFIX_LIST, PrefixListState.class, Set.of(), in -> new PrefixListState(serviceName(GATEWAY_ENDPOINT)));
  }

  private void rules(ResourceKey group, Set<ResourceKey> peers, Function<Inputs, SecurityGroupRulesState> state) {
    var key = ResourceKey.of(SecurityGroupRulesKind.KIND, group.name());
    var dependencies = new java.util.HashSet<>(peers);
    dependencies.add(group);
    add(key, SecurityGroupRulesState.class, dependencies, state);
  }

  private void endpoints() {
    for (var endpoint : spec.network().endpoints()) {
      var key = ResourceKey.of(VpcEndpointKind.KIND, endpoint);
      if (endpoint.equals(GATEWAY_ENDPOINT)) {
        add(key, VpcEndpointState.class, Set.of(VPC, PRIVATE_ROUTES), in -> new VpcEndpointState(in.id(VPC),
            serviceName(endpoint), "Gateway", List.of(), List.of(), false, List.of(in.id(PRIVATE_ROUTES))));
      } else {
        add(key, VpcEndpointState.class, with(privateSubnets, VPC, ENDPOINTS_SG), in -> new VpcEndpointState(
            in.id(VPC), serviceName(endpoint), "Interface", ids(in, privateSubnets), List.of(in.id(ENDPOINTS_SG)),
            true, List.of()));
      }
    }
  }

  private void runtime() {
    var service = spec.service();
    add(LOG_GROUP, LogGroupState.class, Set.of(), in -> new LogGroupState(names.logGroup(), service.logRetentionDays()));
    add(EXECUTION_ROLE, RoleState.class, Set.of(), in -> new RoleState(names.executionRole(),
        "ecs-tasks.amazonaws.com", List.of("arn:" + partition() + ":iam::aws:" + EXECUTION_POLICY)));
    add(REPOSITORY, RepositoryState.class, Set.of(), in -> new RepositoryState(spec.image().repository()));
    add(CLUSTER, ClusterState.class, Set.of(), in -> new ClusterState(names.cluster()));
    add(TASK_DEFINITION, TaskDefinitionState.class, Set.of(EXECUTION_ROLE, LOG_GROUP, REPOSITORY), in ->
        new TaskDefinitionState(names.taskFamily(), in.get(REPOSITORY, "uri") + ":" + spec.image().tag(),
            service.cpu(), service.memory(), service.containerPort(), in.get(EXECUTION_ROLE, "arn"),
            names.logGroup(), spec.region()));
  }

  private void loadBalancing() {
    var service = spec.service();
    add(LOAD_BALANCER, LoadBalancerState.class, with(publicSubnets, ALB_SG, PUBLIC_ROUTES), in ->
        new LoadBalancerState(names.loadBalancer(), "internet-facing", "application", ids(in, publicSubnets),
            List.of(in.id(ALB_SG))));
    add(TARGET_GROUP, TargetGroupState.class, Set.of(VPC), in -> new TargetGroupState(names.targetGroup(),
        in.id(VPC), "HTTP", service.containerPort(), "ip", service.healthCheckPath()));
    add(LISTENER, ListenerState.class, Set.of(LOAD_BALANCER, TARGET_GROUP), in -> new ListenerState(
        in.id(LOAD_BALANCER), "HTTP", spec.loadBalancer().listenerPort(), in.id(TARGET_GROUP)));
  }

  private void service() {
    var service = spec.service();
    // The listener, not only the target group: ECS refuses a target group that no load balancer uses yet.
    var dependencies = with(privateSubnets, CLUSTER, TASK_DEFINITION, TASKS_SG, TARGET_GROUP, LISTENER);
    add(SERVICE, ServiceState.class, dependencies, in -> new ServiceState(names.service(), names.cluster(),
        in.id(TASK_DEFINITION), service.desiredCount(), "FARGATE", ids(in, privateSubnets), List.of(in.id(TASKS_SG)),
        false, in.id(TARGET_GROUP), service.containerPort()));
  }

  /**
   * With autoscaling, a desired count inside [minCount, maxCount] is the scaler's: the service keeps it; one
   * outside is brought back to the nearest bound. The YAML's count is what the service is created with.
   */
  private void autoscaling() {
    var scaling = spec.service().autoscaling();
    if (scaling.isEmpty()) {
      return;
    }
    var min = scaling.get().minCount();
    var max = scaling.get().maxCount();
    replace(SERVICE, ServiceState.class, service -> service.leaving((want, have) ->
        want.withDesiredCount(Math.clamp(have.desiredCount(), min, max))));
    add(SCALABLE_TARGET, ScalableTargetState.class, Set.of(SERVICE), in -> new ScalableTargetState(
        names.scalableResourceId(), AutoScaling.DESIRED_COUNT, min, max));
    add(SCALING_POLICY, ScalingPolicyState.class, Set.of(SCALABLE_TARGET), in -> new ScalingPolicyState(
        names.scalingPolicy(), names.scalableResourceId(), AutoScaling.DESIRED_COUNT, CPU_METRIC,
        scaling.get().cpuTargetPercent()));
  }

  /** spec.policy.ignoreDrift: {@code kind.field} left as AWS has it once the resource exists. */
  private void leaveIgnoredFieldsToAws() {
    var ignored = new java.util.HashMap<String, Set<String>>();
    for (var entry : spec.policy().ignoreDrift()) {
      var dot = entry.indexOf('.');
      ignored.computeIfAbsent(entry.substring(0, dot), kind -> new java.util.HashSet<>()).add(entry.substring(dot + 1));
    }
    desired.replaceAll(resource -> ignored.containsKey(resource.key().kind())
        ? leaving(resource, ignored.get(resource.key().kind())) : resource);
  }

  private static <S extends Record> DesiredResource<S> leaving(DesiredResource<S> resource, Set<String> fields) {
    return resource.leaving((want, have) -> DesiredResource.withFields(want, have, fields));
  }

  private <S extends Record> void replace(ResourceKey key, Class<S> type,
                                          java.util.function.UnaryOperator<DesiredResource<S>> change) {
    desired.replaceAll(resource -> resource.key().equals(key) ? change.apply(cast(resource, type)) : resource);
  }

  @SuppressWarnings("unchecked")
  private static <S extends Record> DesiredResource<S> cast(DesiredResource<?> resource, Class<S> type) {
    if (resource.stateType() != type) {
      throw new IllegalArgumentException(resource.key() + " is not a " + type.getSimpleName());
    }
    return (DesiredResource<S>) resource;
  }

  private <S extends Record> void add(ResourceKey key, Class<S> type, Set<ResourceKey> dependsOn,
                                      Function<Inputs, S> state) {
    desired.add(new DesiredResource<>(key, type, dependsOn, state));
  }

  private String serviceName(String endpoint) {
    return "com.amazonaws." + spec.region() + "." + endpoint;
  }

  /** Managed policy ARNs live in the partition of the region. */
  private String partition() {
    if (spec.region().startsWith("cn-")) {
      return "aws-cn";
    }
    return spec.region().startsWith("us-gov-") ? "aws-us-gov" : "aws";
  }

  private static Rule tcp(int port, String peer) {
    return new Rule("tcp", port, port, peer);
  }

  private static List<String> ids(Inputs in, List<ResourceKey> keys) {
    return keys.stream().map(in::id).toList();
  }

  private static Set<ResourceKey> with(List<ResourceKey> keys, ResourceKey... more) {
    var all = new java.util.HashSet<>(keys);
    all.addAll(List.of(more));
    return all;
  }
}
