package io.ecsreconciler.loop;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * The controller's view of every stack and the recent events, read by the API and the dashboard. In memory
 * only: a restarted controller rebuilds it with its first pass (level-triggered, no state to lose).
 */
public final class StatusBoard {

  static final int MAX_EVENTS = 500;

  private final ConcurrentHashMap<String, StackStatus> stacks = new ConcurrentHashMap<>();
  private final Deque<StackEvent> events = new ArrayDeque<>();
  private final Clock clock;
  private final List<Consumer<StackEvent>> listeners = new CopyOnWriteArrayList<>();

  public StatusBoard(Clock clock) {
    this.clock = clock;
  }

  public List<StackStatus> stacks() {
    return stacks.values().stream().sorted(Comparator.comparing(StackStatus::name)).toList();
  }

  public Optional<StackStatus> stack(String name) {
    return Optional.ofNullable(stacks.get(name));
  }

  /** Changes one stack's status atomically; an unknown stack starts from {@link StackStatus#unknown}. */
  public StackStatus update(String name, String file, UnaryOperator<StackStatus> change) {
    return stacks.compute(name, (key, old) -> change.apply(old == null ? StackStatus.unknown(name, file) : old));
  }

  public void remove(String name) {
    stacks.remove(name);
  }


  public void event(String stack, String type, String revision, String message) {
    event(stack, type, revision, message, List.of());
  }

  /** Records an event and hands it to the listeners (notifications), which must not block. */
  public void event(String stack, String type, String revision, String message, List<String> details) {
    var event = new StackEvent(clock.instant(), stack, type, revision, message, details);
    synchronized (events) {
      events.addFirst(event);
      while (events.size() > MAX_EVENTS) {
        events.removeLast();
      }
    }
    for (var listener : listeners) {
      listener.accept(event);
    }
  }

  /** Called with every new event, on the thread that records it: hand slow work to another thread. */
  public void onEvent(Consumer<StackEvent> listener) {
    listeners.add(listener);
  }

  /** Newest first; {@code stack} empty for all stacks. */
  public List<StackEvent> events(Optional<String> stack, int limit) {
    synchronized (events) {
      return events.stream().filter(e -> stack.map(e.stack()::equals).orElse(true)).limit(limit).toList();
    }
  }
}
