package io.ecsreconciler.resource.internetgateway;

import io.ecsreconciler.engine.AbstractKind;
import io.ecsreconciler.engine.Observed;
import io.ecsreconciler.engine.ResourceKey;
import io.ecsreconciler.engine.Stack;
import io.ecsreconciler.resource.Ec2Tags;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.ec2.Ec2Client;

/** Only the internet-facing load balancer uses it: no private route table points at it. */
public final class InternetGatewayKind extends AbstractKind<InternetGatewayState> {

  public static final String KIND = "internet-gateway";

  private final Ec2Client ec2;

  public InternetGatewayKind(Ec2Client ec2) {
    super(KIND, InternetGatewayState.class, Set.of());
    this.ec2 = ec2;
  }

  @Override
  public Map<ResourceKey, Observed<InternetGatewayState>> observe(Stack stack) {
    var found = new HashMap<ResourceKey, Observed<InternetGatewayState>>();
    for (var gateway : ec2.describeInternetGateways(r -> r.filters(Ec2Tags.ownedBy(stack))).internetGateways()) {
      Ec2Tags.ownedKey(stack, gateway.tags()).ifPresent(key -> {
        var vpcId = gateway.attachments().stream().map(a -> a.vpcId()).findFirst().orElse("");
        var id = gateway.internetGatewayId();
        found.put(key, Observed.ready(id, new InternetGatewayState(vpcId), Map.of("id", id)));
      });
    }
    return found;
  }
}
