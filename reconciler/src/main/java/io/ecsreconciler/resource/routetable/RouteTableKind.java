package io.ecsreconciler.resource.routetable;

import io.ecsreconciler.engine.AbstractKind;
import io.ecsreconciler.engine.Observed;
import io.ecsreconciler.engine.ResourceKey;
import io.ecsreconciler.engine.Stack;
import io.ecsreconciler.resource.Ec2Tags;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.RouteTableAssociation;

/** A route table with its routes and subnet associations: one resource, so one place decides them. */
public final class RouteTableKind extends AbstractKind<RouteTableState> {

  public static final String KIND = "route-table";

  private final Ec2Client ec2;

  public RouteTableKind(Ec2Client ec2) {
    super(KIND, RouteTableState.class, Set.of("vpcId"));
    this.ec2 = ec2;
  }

  @Override
  public Map<ResourceKey, Observed<RouteTableState>> observe(Stack stack) {
    var found = new HashMap<ResourceKey, Observed<RouteTableState>>();
    for (var table : ec2.describeRouteTables(r -> r.filters(Ec2Tags.ownedBy(stack))).routeTables()) {
      Ec2Tags.ownedKey(stack, table.tags()).ifPresent(key -> {
        var routes = new TreeMap<String, String>();
        for (var route : table.routes()) {
          if (route.destinationCidrBlock() != null && route.gatewayId() != null && !"local".equals(route.gatewayId())) {
            routes.put(route.destinationCidrBlock(), route.gatewayId());
          }
        }
        var subnets = table.associations().stream().map(RouteTableAssociation::subnetId)
            .filter(java.util.Objects::nonNull).toList();
        var id = table.routeTableId();
        found.put(key, Observed.ready(id, new RouteTableState(table.vpcId(), routes, subnets), Map.of("id", id)));
      });
    }
    return found;
  }
}
