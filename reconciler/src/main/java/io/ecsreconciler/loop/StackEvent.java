package io.ecsreconciler.loop;

import java.time.Instant;
import java.util.List;

/**
 * Something that happened to a stack and why, newest first in the event list.
 *
 * @param revision the desired-state revision it happened at; empty where none applies (the source is down)
 * @param details  the field-level changes behind it, one line each ({@code ecs-service desiredCount: 5 -> 2})
 */
public record StackEvent(Instant time, String stack, String type, String revision, String message,
                         List<String> details) {

  public StackEvent {
    details = List.copyOf(details);
  }
}
