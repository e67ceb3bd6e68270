package io.ecsreconciler.resource.internetgateway;

/** @param vpcId the VPC it is attached to; empty when detached */
public record InternetGatewayState(String vpcId) {}
