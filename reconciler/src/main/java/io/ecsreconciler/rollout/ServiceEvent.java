package io.ecsreconciler.rollout;

import java.time.Instant;

/** A message ECS wrote about the service ("(service hello) has reached a steady state."). */
public record ServiceEvent(String id, Instant at, String message) {}
