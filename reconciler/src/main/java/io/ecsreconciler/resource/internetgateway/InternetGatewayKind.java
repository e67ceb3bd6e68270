package io.ecsreconciler.resource.internetgateway;

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
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.ResourceType;

/** Only the internet-facing load balancer uses it: no private route table points at it. */
public final class InternetGatewayKind extends AbstractKind<InternetGatewayState>
    implements Creator<InternetGatewayState>, Updater<InternetGatewayState>, Deleter<InternetGatewayState> {

  public static final String KIND = "internet-gateway";
  /** Gone already, or already detached: both mean the step is done. */
  private static final Set<String> DONE = Set.of("InvalidInternetGatewayID.NotFound", "Gateway.NotAttached");

  private final Ec2Client ec2;
  private final StackReads reads;

  public InternetGatewayKind(Ec2Client ec2, StackReads reads) {
    super(KIND, InternetGatewayState.class, Set.of());
    this.ec2 = ec2;
    this.reads = reads;
  }

  @Override
  public Map<ResourceKey, Observed<InternetGatewayState>> observe(Stack stack) {
    var found = new Found<InternetGatewayState>();
    for (var gateway : reads.look().internetGateways(stack)) {
      Ec2Tags.ownedKey(stack, gateway.tags()).ifPresent(key -> {
        var vpcId = gateway.attachments().stream().map(a -> a.vpcId()).findFirst().orElse("");
        found.add(key, observed(gateway.internetGatewayId(), new InternetGatewayState(vpcId)));
      });
    }
    return found.toMap();
  }

  @Override
  public Observed<InternetGatewayState> create(Stack stack, ResourceKey key, InternetGatewayState desired) {
    var id = ec2.createInternetGateway(r -> r.tagSpecifications(Ec2Tags.specification(stack, key, ResourceType.INTERNET_GATEWAY))).internetGateway()
        .internetGatewayId();
    if (!desired.vpcId().isEmpty()) {
      ec2.attachInternetGateway(r -> r.internetGatewayId(id).vpcId(desired.vpcId()));
    }
    return observed(id, desired);
  }

  @Override
  public Observed<InternetGatewayState> update(Stack stack, ResourceKey key, Observed<InternetGatewayState> actual,
                                               InternetGatewayState desired, List<Delta> deltas) {
    for (var delta : deltas) {
      switch (delta.path()) {
        case "vpcId" -> move(actual.id(), actual.state().vpcId(), desired.vpcId());
        default -> throw new IllegalArgumentException("internet gateway cannot change " + delta.path() + " in place");
      }
    }
    return observed(actual.id(), desired);
  }

  @Override
  public void delete(Stack stack, ResourceKey key, Observed<InternetGatewayState> actual) {
    var attachedTo = actual.state().vpcId();
    if (!attachedTo.isEmpty()) {
      Ec2Errors.ignoring(DONE, () -> ec2.detachInternetGateway(r -> r.internetGatewayId(actual.id()).vpcId(attachedTo)));
    }
    Ec2Errors.ignoring(DONE, () -> ec2.deleteInternetGateway(r -> r.internetGatewayId(actual.id())));
  }

  /** A gateway attaches to one VPC at a time: detach from the old one before attaching to the new. */
  private void move(String id, String from, String to) {
    if (!from.isEmpty()) {
      Ec2Errors.ignoring(DONE, () -> ec2.detachInternetGateway(r -> r.internetGatewayId(id).vpcId(from)));
    }
    if (!to.isEmpty()) {
      ec2.attachInternetGateway(r -> r.internetGatewayId(id).vpcId(to));
    }
  }

  private static Observed<InternetGatewayState> observed(String id, InternetGatewayState state) {
    return Observed.ready(id, state, Map.of("id", id));
  }
}
