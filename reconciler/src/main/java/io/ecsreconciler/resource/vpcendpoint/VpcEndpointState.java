package io.ecsreconciler.resource.vpcendpoint;

import java.util.List;

/**
 * An interface endpoint lives in subnets behind security groups, with private DNS; a gateway endpoint (S3)
 * lives in route tables. The fields of the other type stay empty.
 *
 * @param type {@code Interface} or {@code Gateway}
 */
public record VpcEndpointState(String vpcId, String serviceName, String type, List<String> subnetIds,
                               List<String> securityGroupIds, boolean privateDns, List<String> routeTableIds) {

  public VpcEndpointState {
    subnetIds = subnetIds.stream().sorted().toList();
    securityGroupIds = securityGroupIds.stream().sorted().toList();
    routeTableIds = routeTableIds.stream().sorted().toList();
  }
}
