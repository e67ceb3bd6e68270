package io.ecsreconciler.engine;

/**
 * A resource's stable name inside its stack, {@code kind/name} ({@code subnet/private-a}). It is written into
 * the {@code resource} ownership tag, so it must never change for the same piece of infrastructure.
 */
public record ResourceKey(String kind, String name) implements Comparable<ResourceKey> {

  public static ResourceKey of(String kind, String name) {
    return new ResourceKey(kind, name);
  }

  /** For kinds with exactly one resource per stack ({@code vpc}). */
  public static ResourceKey single(String kind) {
    return new ResourceKey(kind, "");
  }

  /** Parses the tag value written by {@link #toString()}. */
  public static ResourceKey parse(String text) {
    int slash = text.indexOf('/');
    return slash < 0 ? single(text) : new ResourceKey(text.substring(0, slash), text.substring(slash + 1));
  }

  @Override
  public String toString() {
    return name.isEmpty() ? kind : kind + "/" + name;
  }

  @Override
  public int compareTo(ResourceKey other) {
    return toString().compareTo(other.toString());
  }
}
