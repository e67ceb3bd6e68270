package io.ecsreconciler.resource.routetable;

import java.util.List;
import java.util.SortedMap;

/**
 * @param routes      destination CIDR → gateway id, without the implicit {@code local} route and without the
 *                    prefix-list routes a gateway endpoint adds (the endpoint owns those)
 * @param subnetIds   associated subnets, sorted
 */
public record RouteTableState(String vpcId, SortedMap<String, String> routes, List<String> subnetIds) {

  public RouteTableState {
    routes = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(routes));
    subnetIds = subnetIds.stream().sorted().toList();
  }
}
