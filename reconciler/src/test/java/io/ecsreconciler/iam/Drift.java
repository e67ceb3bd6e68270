package io.ecsreconciler.iam;

import io.ecsreconciler.aws.AwsClients;
import io.ecsreconciler.engine.Stack;
import software.amazon.awssdk.services.applicationautoscaling.model.MetricType;
import software.amazon.awssdk.services.applicationautoscaling.model.PolicyType;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalableDimension;
import software.amazon.awssdk.services.applicationautoscaling.model.ServiceNamespace;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.IpPermission;

/**
 * Drift of the converged hello stack made behind the reconciler's back, as a person with the console would: one
 * change for each kind of call the reconciler makes to put a stack right (UpdateService, CreateRoute, DeleteRoute,
 * Authorize/RevokeSecurityGroupIngress, ModifySubnetAttribute, ModifyVpcAttribute, ModifyTargetGroup,
 * ModifyListener, SetSecurityGroups, SetSubnets, PutRetentionPolicy, UpdateAssumeRolePolicy, DetachRolePolicy,
 * ModifyVpcEndpoint, ReplaceRouteTableAssociation, RegisterScalableTarget, PutScalingPolicy).
 */
final class Drift {

  private final AwsClients admin;

  Drift(AwsClients admin) {
    this.admin = admin;
  }

  void make() {
    var ec2 = admin.ec2();
    admin.ecs().updateService(r -> r.cluster("hello").service("hello").desiredCount(3));

    var vpc = ec2.describeVpcs(r -> r.filters(owned("vpc"))).vpcs().getFirst().vpcId();
    ec2.modifyVpcAttribute(r -> r.vpcId(vpc).enableDnsHostnames(v -> v.value(false)));

    var publicTable = ec2.describeRouteTables(r -> r.filters(owned("route-table/public"))).routeTables().getFirst();
    var gateway = ec2.describeInternetGateways(r -> r.filters(owned("internet-gateway"))).internetGateways()
        .getFirst().internetGatewayId();
    ec2.deleteRoute(r -> r.routeTableId(publicTable.routeTableId()).destinationCidrBlock("0.0.0.0/0"));
    ec2.createRoute(r -> r.routeTableId(publicTable.routeTableId()).destinationCidrBlock("10.99.0.0/16")
        .gatewayId(gateway));

    var privateA = subnet("subnet/private-a");
    var privateB = subnet("subnet/private-b");
    ec2.modifySubnetAttribute(r -> r.subnetId(privateA).mapPublicIpOnLaunch(v -> v.value(true)));
    var association = ec2.describeRouteTables(r -> r.filters(owned("route-table/private"))).routeTables().getFirst()
        .associations().stream().filter(a -> privateB.equals(a.subnetId())).findFirst().orElseThrow();
    ec2.replaceRouteTableAssociation(r -> r.associationId(association.routeTableAssociationId())
        .routeTableId(publicTable.routeTableId()));

    var albGroup = group("security-group/alb");
    var tasksGroup = group("security-group/tasks");
    ec2.authorizeSecurityGroupIngress(r -> r.groupId(albGroup).ipPermissions(tcp(22)));
    ec2.revokeSecurityGroupIngress(r -> r.groupId(albGroup).ipPermissions(tcp(80)));

    var endpoint = ec2.describeVpcEndpoints(r -> r.filters(owned("vpc-endpoint/logs"))).vpcEndpoints().getFirst();
    ec2.modifyVpcEndpoint(r -> r.vpcEndpointId(endpoint.vpcEndpointId()).removeSubnetIds(privateA));

    var elb = admin.elb();
    var balancer = elb.describeLoadBalancers(r -> r.names("hello-alb")).loadBalancers().getFirst().loadBalancerArn();
    var targetGroup = elb.describeTargetGroups(r -> r.names("hello-tg")).targetGroups().getFirst().targetGroupArn();
    var listener = elb.describeListeners(r -> r.loadBalancerArn(balancer)).listeners().getFirst().listenerArn();
    elb.modifyTargetGroup(r -> r.targetGroupArn(targetGroup).healthCheckPath("/"));
    elb.modifyListener(r -> r.listenerArn(listener).port(8080));
    elb.setSecurityGroups(r -> r.loadBalancerArn(balancer).securityGroups(tasksGroup));
    elb.setSubnets(r -> r.loadBalancerArn(balancer).subnets(privateA, privateB));

    admin.logs().putRetentionPolicy(r -> r.logGroupName("/ecs/hello").retentionInDays(30));

    var iam = admin.iam();
    iam.updateAssumeRolePolicy(r -> r.roleName("hello-execution").policyDocument("""
        {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},\
        "Action":"sts:AssumeRole"}]}"""));
    iam.attachRolePolicy(r -> r.roleName("hello-execution").policyArn("arn:aws:iam::aws:policy/ReadOnlyAccess"));

    var scaling = admin.autoScaling();
    scaling.registerScalableTarget(r -> r.serviceNamespace(ServiceNamespace.ECS).resourceId("service/hello/hello")
        .scalableDimension(ScalableDimension.ECS_SERVICE_DESIRED_COUNT).minCapacity(2).maxCapacity(9));
    scaling.putScalingPolicy(r -> r.policyName("hello-cpu").serviceNamespace(ServiceNamespace.ECS)
        .resourceId("service/hello/hello").scalableDimension(ScalableDimension.ECS_SERVICE_DESIRED_COUNT)
        .policyType(PolicyType.TARGET_TRACKING_SCALING)
        .targetTrackingScalingPolicyConfiguration(c -> c.targetValue(80.0)
            .predefinedMetricSpecification(m -> m.predefinedMetricType(MetricType.ECS_SERVICE_AVERAGE_CPU_UTILIZATION))));
  }

  private String subnet(String key) {
    return admin.ec2().describeSubnets(r -> r.filters(owned(key))).subnets().getFirst().subnetId();
  }

  private String group(String key) {
    return admin.ec2().describeSecurityGroups(r -> r.filters(owned(key))).securityGroups().getFirst().groupId();
  }

  private static Filter[] owned(String key) {
    return new Filter[] {
        Filter.builder().name("tag:" + Stack.STACK_TAG).values("hello").build(),
        Filter.builder().name("tag:" + Stack.RESOURCE_TAG).values(key).build()};
  }

  private static IpPermission tcp(int port) {
    return IpPermission.builder().ipProtocol("tcp").fromPort(port).toPort(port)
        .ipRanges(range -> range.cidrIp("0.0.0.0/0")).build();
  }
}
