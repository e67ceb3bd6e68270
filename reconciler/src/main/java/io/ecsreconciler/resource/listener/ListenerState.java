package io.ecsreconciler.resource.listener;

/** @param targetGroupArn where the default action forwards */
public record ListenerState(String loadBalancerArn, String protocol, int port, String targetGroupArn) {}
