package io.ecsreconciler.resource.loggroup;

public record LogGroupState(String name, int retentionDays) {}
