package io.ecsreconciler.resource.ecrrepository;

public record RepositoryState(String name) {}
