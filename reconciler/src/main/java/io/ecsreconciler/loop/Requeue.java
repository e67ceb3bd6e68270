package io.ecsreconciler.loop;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Looks at a stack again soon, as controller-runtime's {@code Result{RequeueAfter}} does: a pass that sees a
 * rollout moving asks for another look instead of waiting for it. Requests for a stack already due are folded.
 */
final class Requeue implements AutoCloseable {

  private final Duration after;
  private final Consumer<Set<String>> pass;
  private final Set<String> due = ConcurrentHashMap.newKeySet();
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
    var thread = new Thread(runnable, "requeue-timer");
    thread.setDaemon(true);
    return thread;
  });

  Requeue(Duration after, Consumer<Set<String>> pass) {
    this.after = after;
    this.pass = pass;
  }

  void after(String stack) {
    if (due.add(stack) && !timer.isShutdown()) {
      timer.schedule(() -> {
        due.remove(stack);
        pass.accept(Set.of(stack));
      }, after.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
