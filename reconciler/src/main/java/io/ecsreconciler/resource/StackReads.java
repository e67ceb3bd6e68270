package io.ecsreconciler.resource;

import io.ecsreconciler.aws.AwsClients;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where one stack's kinds read AWS during one pass: its share of the region's look for the first observation,
 * then, once the pass has changed something and looks again (readiness waits), reads of its own, afresh each time:
 * the shared answer is what AWS was before the change. Only this stack forgets; the others keep the region's look.
 */
public final class StackReads {

  private final AwsClients aws;
  private final AtomicInteger observations = new AtomicInteger();
  private volatile Look look;

  private StackReads(AwsClients aws, Look first) {
    this.aws = aws;
    this.look = first;
  }

  /** The first observation from the region's look, later ones afresh. */
  public static StackReads sharing(RegionLook region) {
    return new StackReads(region.aws(), region);
  }

  /** Every read made afresh, nothing shared (a kind on its own, as in its tests). */
  public static StackReads fresh(AwsClients aws) {
    return new StackReads(aws, null);
  }

  public Look look() {
    var current = look;
    return current != null ? current : new StackLook(aws);
  }

  /**
   * Called before every observation of the stack (its model's {@code forgetObservations}): nothing to forget
   * before the first; before any later one, whatever was read is dropped and the stack reads itself anew.
   */
  public void forget() {
    if (observations.getAndIncrement() > 0) {
      look = new StackLook(aws);
    }
  }
}
