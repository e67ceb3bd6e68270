package io.ecsreconciler.resource.scalabletarget;

/** The range Application Auto Scaling keeps the service's desired count in. */
public record ScalableTargetState(String resourceId, String dimension, int minCapacity, int maxCapacity) {}
