package io.ecsreconciler.loop;

import io.ecsreconciler.desired.StackSpec;
import io.ecsreconciler.resource.RegionLook;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;

/**
 * The looks at AWS one controller pass shares between its stacks: one per region, made once the lease of every
 * stack of the pass is decided, for the stacks this replica holds. Made after the leases, a stack's share is never
 * older than its lease: no other replica can have changed the stack since it was read. Stacks another replica
 * holds are not in it, so no call is made for them.
 */
final class PassLooks {

  private final RegionalClients clients;
  private final CountDownLatch undecided;
  private final List<StackSpec> held = java.util.Collections.synchronizedList(new ArrayList<>());
  private final ConcurrentHashMap<String, RegionLook> byRegion = new ConcurrentHashMap<>();

  /** @param stacks how many stacks of the pass will say whether this replica holds them */
  PassLooks(RegionalClients clients, int stacks) {
    this.clients = clients;
    this.undecided = new CountDownLatch(stacks);
  }

  /** This replica holds the stack's lease for the pass. */
  void held(StackSpec spec) {
    held.add(spec);
    undecided.countDown();
  }

  /** The stack is not reconciled by this replica in this pass (another one holds it, or it backs off). */
  void notHeld() {
    undecided.countDown();
  }

  /** The look at the stack's region, once every stack of the pass is decided (waits until then). */
  RegionLook lookFor(StackSpec spec) {
    try {
      undecided.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the pass's leases", e);
    }
    return byRegion.computeIfAbsent(spec.region(), region -> {
      List<String> names;
      synchronized (held) {
        names = held.stream().filter(s -> s.region().equals(region)).map(StackSpec::name).toList();
      }
      return RegionLook.of(clients.forRegion(region), names);
    });
  }
}
