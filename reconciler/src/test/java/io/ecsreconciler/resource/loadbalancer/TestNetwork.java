package io.ecsreconciler.resource.loadbalancer;

import java.util.List;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * A VPC with two subnets in two zones and two security groups, made with raw EC2 calls (not with the network
 * kinds), for the tests of the kinds that sit on a network: load balancer, listener, ECS service.
 */
public record TestNetwork(String vpcId, List<String> subnetIds, List<String> groupIds) {

  public static TestNetwork create(Ec2Client ec2) {
    var vpcId = ec2.createVpc(r -> r.cidrBlock("10.9.0.0/16")).vpc().vpcId();
    var a = ec2.createSubnet(r -> r.vpcId(vpcId).cidrBlock("10.9.0.0/24").availabilityZone("us-east-1a"))
        .subnet().subnetId();
    var b = ec2.createSubnet(r -> r.vpcId(vpcId).cidrBlock("10.9.1.0/24").availabilityZone("us-east-1b"))
        .subnet().subnetId();
    var first = ec2.createSecurityGroup(r -> r.vpcId(vpcId).groupName("first").description("first")).groupId();
    var second = ec2.createSecurityGroup(r -> r.vpcId(vpcId).groupName("second").description("second")).groupId();
    return new TestNetwork(vpcId, List.of(a, b), List.of(first, second));
  }
}
