package io.ecsreconciler.lease;

/**
 * Lets exactly one replica act on a stack at a time. A replica that cannot get the lease skips the stack this
 * pass; the holder's lease expires if it dies, so another replica takes over.
 */
public interface StackLease {

  /**
   * Runs {@code work} while holding the stack's lease.
   *
   * @return false, without running it, when another holder has the lease
   */
  boolean runExclusively(String stack, Runnable work);

  /** Who this replica is, in lease records and status. */
  String holder();
}
