package io.ecsreconciler.loop;

import java.time.Instant;

/** Something that happened to a stack and why, newest first in the event list. */
public record StackEvent(Instant time, String stack, String type, String message) {}
