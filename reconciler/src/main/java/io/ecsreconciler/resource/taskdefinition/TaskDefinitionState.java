package io.ecsreconciler.resource.taskdefinition;

/**
 * The fields of the one container this project runs. A task definition cannot change: any difference
 * registers a new revision, which the service then rolls out.
 */
public record TaskDefinitionState(String family, String image, int cpu, int memory, int containerPort,
                                  String executionRoleArn, String logGroup, String logRegion) {}
