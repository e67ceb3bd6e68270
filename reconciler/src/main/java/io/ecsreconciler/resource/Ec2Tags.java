package io.ecsreconciler.resource;

import io.ecsreconciler.engine.ResourceKey;
import io.ecsreconciler.engine.Stack;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

/** Ownership tags the EC2 way: describe calls filter on them server-side, and return them inline. */
public final class Ec2Tags {

  private Ec2Tags() {
  }

  /** Server-side filter for everything the stack owns; the kind's own describe narrows it to its type. */
  public static Filter ownedBy(Stack stack) {
    return Filter.builder().name("tag:" + Stack.STACK_TAG).values(stack.name()).build();
  }

  /** Ownership tags plus a Name for the console, for the create call itself (never a later tagging call). */
  public static TagSpecification specification(Stack stack, ResourceKey key, ResourceType type) {
    var tags = new java.util.ArrayList<Tag>();
    stack.ownershipTags(key).forEach((name, value) -> tags.add(Tag.builder().key(name).value(value).build()));
    tags.add(Tag.builder().key("Name").value(stack.name() + "-" + (key.name().isEmpty() ? key.kind() : key.name()))
        .build());
    return TagSpecification.builder().resourceType(type).tags(tags).build();
  }

  public static Map<String, String> toMap(List<Tag> tags) {
    var map = new HashMap<String, String>();
    tags.forEach(tag -> map.put(tag.key(), tag.value()));
    return map;
  }

  /** The resource key an owned resource carries, or empty when the tags are not this stack's. */
  public static Optional<ResourceKey> ownedKey(Stack stack, List<Tag> tags) {
    return stack.ownedKey(toMap(tags));
  }
}
