package io.ecsreconciler.resource.vpc;

/** Interface endpoints with private DNS need both DNS attributes on. */
public record VpcState(String cidr, boolean dnsSupport, boolean dnsHostnames) {}
