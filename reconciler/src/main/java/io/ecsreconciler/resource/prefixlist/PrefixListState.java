package io.ecsreconciler.resource.prefixlist;

public record PrefixListState(String name) {}
