package io.ecsreconciler.resource.targetgroup;

/** @param targetType {@code ip}: Fargate tasks in awsvpc mode register by IP address */
public record TargetGroupState(String name, String vpcId, String protocol, int port, String targetType,
                               String healthCheckPath) {}
