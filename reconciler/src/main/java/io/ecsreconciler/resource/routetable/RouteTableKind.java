package io.ecsreconciler.resource.routetable;

import io.ecsreconciler.engine.AbstractKind;
import io.ecsreconciler.engine.Creator;
import io.ecsreconciler.engine.Deleter;
import io.ecsreconciler.engine.Delta;
import io.ecsreconciler.engine.Found;
import io.ecsreconciler.engine.Observed;
import io.ecsreconciler.engine.ResourceKey;
import io.ecsreconciler.engine.Stack;
import io.ecsreconciler.engine.Updater;
import io.ecsreconciler.resource.Ec2Errors;
import io.ecsreconciler.resource.Ec2Tags;
import io.ecsreconciler.resource.StackReads;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Route;
import software.amazon.awssdk.services.ec2.model.RouteTableAssociation;

/** A route table with its routes and subnet associations: one resource, so one place decides them. */
public final class RouteTableKind extends AbstractKind<RouteTableState>
    implements Creator<RouteTableState>, Updater<RouteTableState>, Deleter<RouteTableState> {

  public static final String KIND = "route-table";
  /** Gone already: the table, a route or an association. */
  private static final Set<String> GONE = Set.of("InvalidRouteTableID.NotFound", "InvalidRoute.NotFound",
      "InvalidAssociationID.NotFound");

  private final Ec2Client ec2;
  private final StackReads reads;

  public RouteTableKind(Ec2Client ec2, StackReads reads) {
    super(KIND, RouteTableState.class, Set.of("vpcId"));
    this.ec2 = ec2;
    this.reads = reads;
  }

  @Override
  public Map<ResourceKey, Observed<RouteTableState>> observe(Stack stack) {
    var found = new Found<RouteTableState>();
    for (var table : reads.look().routeTables(stack)) {
      Ec2Tags.ownedKey(stack, table.tags()).ifPresent(key -> {
        var routes = new TreeMap<String, String>();
        table.routes().stream().filter(RouteTableKind::managed)
            .forEach(route -> routes.put(route.destinationCidrBlock(), route.gatewayId()));
        var subnets = table.associations().stream().map(RouteTableAssociation::subnetId).filter(Objects::nonNull).toList();
        found.add(key, observed(table.routeTableId(), new RouteTableState(table.vpcId(), routes, subnets)));
      });
    }
    return found.toMap();
  }

  /**
   * The routes this kind decides: CIDR routes to a gateway. Not the implicit {@code local} route, and not the
   * prefix-list routes a gateway endpoint adds (the endpoint owns those).
   */
  private static boolean managed(Route route) {
    return route.destinationCidrBlock() != null && route.destinationPrefixListId() == null
        && route.gatewayId() != null && !"local".equals(route.gatewayId()) && !route.gatewayId().startsWith("vpce-");
  }

  @Override
  public Observed<RouteTableState> create(Stack stack, ResourceKey key, RouteTableState desired) {
    var id = ec2.createRouteTable(r -> r.vpcId(desired.vpcId()).tagSpecifications(Ec2Tags.specification(stack, key, ResourceType.ROUTE_TABLE))).routeTable()
        .routeTableId();
    syncRoutes(id, new TreeMap<>(), desired.routes());
    associate(id, desired.subnetIds());
    return observed(id, desired);
  }

  @Override
  public Observed<RouteTableState> update(Stack stack, ResourceKey key, Observed<RouteTableState> actual,
                                          RouteTableState desired, List<Delta> deltas) {
    var state = actual.state();
    for (var delta : deltas) {
      switch (delta.path()) {
        case "routes" -> {
          syncRoutes(actual.id(), state.routes(), desired.routes());
          state = new RouteTableState(state.vpcId(), desired.routes(), state.subnetIds());
        }
        case "subnetIds" -> {
          syncAssociations(actual.id(), state.subnetIds(), desired.subnetIds());
          state = new RouteTableState(state.vpcId(), state.routes(), desired.subnetIds());
        }
        default -> throw new IllegalArgumentException("route table cannot change " + delta.path() + " in place");
      }
    }
    return observed(actual.id(), state);
  }

  @Override
  public void delete(Stack stack, ResourceKey key, Observed<RouteTableState> actual) {
    var tables = ec2.describeRouteTables(r -> r.filters(idFilter(actual.id()))).routeTables();
    for (var table : tables) {
      for (var association : table.associations()) {
        if (!Boolean.TRUE.equals(association.main())) {
          Ec2Errors.ignoring(GONE, () -> ec2.disassociateRouteTable(r -> r.associationId(association.routeTableAssociationId())));
        }
      }
    }
    Ec2Errors.ignoring(GONE, () -> ec2.deleteRouteTable(r -> r.routeTableId(actual.id())));
  }

  /** Creates the missing routes, retargets the changed ones, deletes the extra ones (managed routes only). */
  private void syncRoutes(String id, SortedMap<String, String> actual, SortedMap<String, String> desired) {
    desired.forEach((cidr, gateway) -> {
      if (!actual.containsKey(cidr)) {
        ec2.createRoute(r -> r.routeTableId(id).destinationCidrBlock(cidr).gatewayId(gateway));
      } else if (!actual.get(cidr).equals(gateway)) {
        ec2.replaceRoute(r -> r.routeTableId(id).destinationCidrBlock(cidr).gatewayId(gateway));
      }
    });
    actual.keySet().stream().filter(cidr -> !desired.containsKey(cidr)).forEach(cidr ->
        Ec2Errors.ignoring(GONE, () -> ec2.deleteRoute(r -> r.routeTableId(id).destinationCidrBlock(cidr))));
  }

  private void syncAssociations(String id, List<String> actual, List<String> desired) {
    associate(id, desired.stream().filter(subnet -> !actual.contains(subnet)).toList());
    var extra = actual.stream().filter(subnet -> !desired.contains(subnet)).toList();
    if (extra.isEmpty()) {
      return;
    }
    for (var table : ec2.describeRouteTables(r -> r.filters(idFilter(id))).routeTables()) {
      table.associations().stream().filter(association -> extra.contains(association.subnetId())).forEach(association ->
          Ec2Errors.ignoring(GONE, () -> ec2.disassociateRouteTable(r -> r.associationId(association.routeTableAssociationId()))));
    }
  }

  /**
   * A subnet has one explicit route table at most: one associated with another table moves over with
   * ReplaceRouteTableAssociation (AssociateRouteTable would fail in AWS, and in moto silently leave it there).
   */
  private void associate(String id, Collection<String> subnets) {
    if (subnets.isEmpty()) {
      return;
    }
    var elsewhere = new HashMap<String, String>();
    var filter = Filter.builder().name("association.subnet-id").values(subnets).build();
    for (var table : ec2.describeRouteTables(r -> r.filters(filter)).routeTables()) {
      for (var association : table.associations()) {
        if (subnets.contains(association.subnetId()) && !id.equals(table.routeTableId())) {
          elsewhere.put(association.subnetId(), association.routeTableAssociationId());
        }
      }
    }
    for (var subnet : subnets) {
      var associationId = elsewhere.get(subnet);
      if (associationId == null) {
        ec2.associateRouteTable(r -> r.routeTableId(id).subnetId(subnet));
      } else {
        ec2.replaceRouteTableAssociation(r -> r.associationId(associationId).routeTableId(id));
      }
    }
  }

  private static Filter idFilter(String id) {
    return Filter.builder().name("route-table-id").values(id).build();
  }

  private static Observed<RouteTableState> observed(String id, RouteTableState state) {
    return Observed.ready(id, state, Map.of("id", id));
  }
}
