package io.ecsreconciler.resource.ecsservice;

import java.util.List;

/**
 * The service as this project runs it: Fargate, private subnets, no public IP, registered with the target group
 * by the container's port.
 */
public record ServiceState(String name, String cluster, String taskDefinitionArn, int desiredCount,
                           String launchType, List<String> subnetIds, List<String> securityGroupIds,
                           boolean assignPublicIp, String targetGroupArn, int containerPort) {

  public ServiceState {
    subnetIds = subnetIds.stream().sorted().toList();
    securityGroupIds = securityGroupIds.stream().sorted().toList();
  }

  public ServiceState withDesiredCount(int count) {
    return new ServiceState(name, cluster, taskDefinitionArn, count, launchType, subnetIds, securityGroupIds,
        assignPublicIp, targetGroupArn, containerPort);
  }
}
