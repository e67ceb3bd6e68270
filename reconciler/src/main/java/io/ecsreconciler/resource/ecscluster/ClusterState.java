package io.ecsreconciler.resource.ecscluster;

public record ClusterState(String name) {}
