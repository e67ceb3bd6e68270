package io.ecsreconciler.resource.scalingpolicy;

/**
 * A target-tracking policy on the service's desired count.
 *
 * @param metric      the predefined metric it tracks ({@code ECSServiceAverageCPUUtilization})
 * @param targetValue the metric's value the scaler aims at (percent)
 */
public record ScalingPolicyState(String name, String resourceId, String dimension, String metric,
                                 double targetValue) {}
