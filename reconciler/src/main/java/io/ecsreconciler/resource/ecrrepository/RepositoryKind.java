package io.ecsreconciler.resource.ecrrepository;

import io.ecsreconciler.engine.AbstractKind;
import io.ecsreconciler.engine.Observed;
import io.ecsreconciler.engine.ResourceKey;
import io.ecsreconciler.engine.Stack;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.RepositoryNotFoundException;

/**
 * The image repository is usually there before the stack (the original setup pushed to it by hand), so it is
 * adopted by name whoever owns it: observed, used, and never deleted unless the stack created it.
 */
public final class RepositoryKind extends AbstractKind<RepositoryState> {

  public static final String KIND = "ecr-repository";
  public static final ResourceKey KEY = ResourceKey.single(KIND);

  private final EcrClient ecr;
  private final String repositoryName;

  public RepositoryKind(EcrClient ecr, String repositoryName) {
    super(KIND, RepositoryState.class, Set.of("name"));
    this.ecr = ecr;
    this.repositoryName = repositoryName;
  }

  @Override
  public Map<ResourceKey, Observed<RepositoryState>> observe(Stack stack) {
    var found = new HashMap<ResourceKey, Observed<RepositoryState>>();
    try {
      for (var repository : ecr.describeRepositories(r -> r.repositoryNames(repositoryName)).repositories()) {
        found.put(KEY, Observed.ready(repository.repositoryName(), new RepositoryState(repository.repositoryName()),
            Map.of("id", repository.repositoryName(), "arn", repository.repositoryArn(),
                "uri", repository.repositoryUri())));
      }
    } catch (RepositoryNotFoundException absent) {
      // absent is a value: nothing found
    }
    return found;
  }
}
