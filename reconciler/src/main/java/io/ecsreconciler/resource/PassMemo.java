package io.ecsreconciler.resource;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Remembers a describe call for the life of one look ({@link RegionLook}, {@link StackLook}), so that kinds and
 * stacks reading the same AWS response (security groups and their rules; load balancer, target group and
 * listener tags; a region's VPCs for all its stacks) share one call. Looks are made anew for every pass, and a
 * stack that changed something reads through a new one: nothing observed outlives the look that observed it.
 */
public final class PassMemo {

  private final ConcurrentHashMap<String, CompletableFuture<Object>> calls = new ConcurrentHashMap<>();

  /** Forgets every answer: the next observation calls AWS again. */
  public void clear() {
    calls.clear();
  }

  /** The value of the first call under this name; concurrent callers wait for it rather than repeating it. */
  @SuppressWarnings("unchecked")
  public <T> T get(String name, Supplier<T> call) {
    var mine = new CompletableFuture<Object>();
    var existing = calls.putIfAbsent(name, mine);
    if (existing == null) {
      try {
        mine.complete(call.get());
      } catch (RuntimeException e) {
        mine.completeExceptionally(e);
      }
      existing = mine;
    }
    try {
      return (T) existing.join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException runtime ? runtime : e;
    }
  }
}
