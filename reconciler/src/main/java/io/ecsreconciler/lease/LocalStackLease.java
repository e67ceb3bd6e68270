package io.ecsreconciler.lease;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/** One replica: a lock per stack inside this process (passes of one stack never overlap). */
public final class LocalStackLease implements StackLease {

  private final ConcurrentHashMap<String, ReentrantLock> locks = new ConcurrentHashMap<>();
  private final String holder;

  public LocalStackLease(String holder) {
    this.holder = holder;
  }

  @Override
  public boolean runExclusively(String stack, Runnable work) {
    var lock = locks.computeIfAbsent(stack, s -> new ReentrantLock());
    if (!lock.tryLock()) {
      return false;
    }
    try {
      work.run();
      return true;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public String holder() {
    return holder;
  }
}
