package io.ecsreconciler.loop;

/** How the stack's resources are doing, as observed by the last pass. */
public enum Health {
  /** Every resource exists and is ready. */
  Healthy,
  /** Resources exist but some are not ready yet (a deployment rolling, an endpoint pending). */
  Progressing,
  /** A pass failed: AWS unreachable, an apply error, a blocked change. */
  Degraded,
  /** Some desired resources do not exist (observe mode, or not created yet). */
  Missing
}
