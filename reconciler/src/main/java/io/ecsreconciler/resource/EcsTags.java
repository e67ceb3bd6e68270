package io.ecsreconciler.resource;

import io.ecsreconciler.engine.ResourceKey;
import io.ecsreconciler.engine.Stack;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.ecs.model.Tag;

/** Ownership tags as ECS returns them inline ({@code include=TAGS}). */
public final class EcsTags {

  private EcsTags() {
  }

  public static Optional<ResourceKey> ownedKey(Stack stack, List<Tag> tags) {
    var map = new HashMap<String, String>();
    tags.forEach(tag -> map.put(tag.key(), tag.value()));
    return stack.ownedKey(map);
  }
}
