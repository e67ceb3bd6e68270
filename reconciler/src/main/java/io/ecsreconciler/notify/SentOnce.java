package io.ecsreconciler.notify;

import io.ecsreconciler.loop.StackEvent;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which (stack, event type, revision) were notified already, so an event the controller records again (a drift put
 * right every pass while something fights it) makes one message. Bounded: the oldest keys are forgotten first.
 */
final class SentOnce {

  static final int CAPACITY = 4096;

  private record Key(String stack, String type, String revision) {}

  private final int capacity;
  private final Map<Key, Boolean> seen;

  SentOnce(int capacity) {
    this.capacity = capacity;
    this.seen = new LinkedHashMap<>(64, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<Key, Boolean> eldest) {
        return size() > SentOnce.this.capacity;
      }
    };
  }

  /** True the first time this (stack, type, revision) is seen; remembers it. */
  synchronized boolean first(StackEvent event) {
    return seen.put(new Key(event.stack(), event.type(), event.revision()), Boolean.TRUE) == null;
  }

  synchronized int size() {
    return seen.size();
  }
}
