package io.ecsreconciler.resource.securitygroup;

/** The group itself; its rules are the separate {@code security-group-rules} resource (they reference each other). */
public record SecurityGroupState(String vpcId, String groupName, String description) {}
