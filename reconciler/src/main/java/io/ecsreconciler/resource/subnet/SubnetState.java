package io.ecsreconciler.resource.subnet;

/** @param mapPublicIpOnLaunch false for every subnet: not even the ALB's subnets hand out public IPs to tasks */
public record SubnetState(String vpcId, String cidr, String availabilityZone, boolean mapPublicIpOnLaunch) {}
