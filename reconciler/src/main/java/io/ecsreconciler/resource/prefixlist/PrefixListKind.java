package io.ecsreconciler.resource.prefixlist;

import io.ecsreconciler.engine.AbstractKind;
import io.ecsreconciler.engine.Found;
import io.ecsreconciler.engine.Observed;
import io.ecsreconciler.engine.ResourceKey;
import io.ecsreconciler.engine.Stack;
import io.ecsreconciler.resource.StackReads;
import java.util.Map;
import java.util.Set;

/**
 * The AWS-managed prefix list of a gateway endpoint's service (S3): read only, like a Terraform data source.
 * The tasks' security group allows HTTPS to it, because S3 is reached by the gateway, not through the interface
 * endpoints' group. Its id never changes, so a region reads it once (see {@code RegionCache}).
 */
public final class PrefixListKind extends AbstractKind<PrefixListState> {

  public static final String KIND = "prefix-list";

  private final StackReads reads;
  private final Map<ResourceKey, String> namesByKey;

  /** @param namesByKey which AWS-managed list each key reads, e.g. prefix-list/s3 → com.amazonaws.us-east-1.s3 */
  public PrefixListKind(StackReads reads, Map<ResourceKey, String> namesByKey) {
    super(KIND, PrefixListState.class, Set.of("name"));
    this.reads = reads;
    this.namesByKey = Map.copyOf(namesByKey);
  }

  @Override
  public Map<ResourceKey, Observed<PrefixListState>> observe(Stack stack) {
    var found = new Found<PrefixListState>();
    if (namesByKey.isEmpty()) {
      return found.toMap();
    }
    for (var list : reads.look().prefixLists(namesByKey.values())) {
      namesByKey.forEach((key, name) -> {
        if (name.equals(list.prefixListName())) {
          found.add(key, Observed.ready(list.prefixListId(), new PrefixListState(name), Map.of("id", list.prefixListId())));
        }
      });
    }
    return found.toMap();
  }
}
