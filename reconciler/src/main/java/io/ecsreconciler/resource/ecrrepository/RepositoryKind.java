package io.ecsreconciler.resource.ecrrepository;

import io.ecsreconciler.engine.AbstractKind;
import io.ecsreconciler.engine.Creator;
import io.ecsreconciler.engine.Deleter;
import io.ecsreconciler.engine.Found;
import io.ecsreconciler.engine.Observed;
import io.ecsreconciler.engine.ResourceKey;
import io.ecsreconciler.engine.Stack;
import io.ecsreconciler.resource.StackReads;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.ImageNotFoundException;
import software.amazon.awssdk.services.ecr.model.Repository;
import software.amazon.awssdk.services.ecr.model.RepositoryNotFoundException;
import software.amazon.awssdk.services.ecr.model.Tag;

/**
 * The image repository is usually there before the stack (the original setup pushed to it by hand), so it is
 * adopted by name whoever owns it: observed, used, and never deleted unless the stack created it. It is
 * created only when the desired state says so ({@code spec.image.create}); no updater, nothing is managed in it.
 */
public final class RepositoryKind extends AbstractKind<RepositoryState>
    implements Creator<RepositoryState>, Deleter<RepositoryState> {

  public static final String KIND = "ecr-repository";
  public static final ResourceKey KEY = ResourceKey.single(KIND);

  private final EcrClient ecr;
  private final String repositoryName;
  private final boolean createAllowed;
  private final boolean forDeletion;
  private final StackReads reads;

  /**
   * @param createAllowed the desired state lets the stack create the repository ({@code spec.image.create})
   * @param forDeletion   the pass deletes what the stack owns (destroy): only then is ownership worth a tag
   *                      lookup, since a desired repository is used, and never deleted, whoever owns it
   */
  public RepositoryKind(EcrClient ecr, StackReads reads, String repositoryName, boolean createAllowed,
                        boolean forDeletion) {
    super(KIND, RepositoryState.class, Set.of("name"));
    this.ecr = ecr;
    this.reads = reads;
    this.repositoryName = repositoryName;
    this.createAllowed = createAllowed;
    this.forDeletion = forDeletion;
  }

  @Override
  public Map<ResourceKey, Observed<RepositoryState>> observe(Stack stack) {
    var found = new Found<RepositoryState>();
    for (var repository : reads.look().repositories(repositoryName)) {
      found.add(KEY, ownedBy(stack, repository) ? observed(repository) : adopted(repository));
    }
    return found.toMap();
  }

  @Override
  public Observed<RepositoryState> create(Stack stack, ResourceKey key, RepositoryState desired) {
    if (!createAllowed) {
      throw new IllegalStateException("ECR repository " + desired.name() + " does not exist and spec.image.create"
          + " is false: push the image first or set create: true");
    }
    var tags = stack.ownershipTags(key).entrySet().stream()
        .map(tag -> Tag.builder().key(tag.getKey()).value(tag.getValue()).build()).toList();
    var repository = ecr.createRepository(r -> r.repositoryName(desired.name()).tags(tags)
        .imageScanningConfiguration(scan -> scan.scanOnPush(true))).repository();
    return observed(repository);
  }

  /**
   * Deletes only a repository this stack created (it carries the stack's tags); an adopted one is left alone.
   * Never forced: AWS refuses a repository that still holds images, and that error is the caller's to see.
   */
  @Override
  public void delete(Stack stack, ResourceKey key, Observed<RepositoryState> actual) {
    try {
      var arn = actual.outputs().get("arn");
      var tags = new HashMap<String, String>();
      ecr.listTagsForResource(r -> r.resourceArn(arn)).tags().forEach(tag -> tags.put(tag.key(), tag.value()));
      if (!stack.owns(tags)) {
        return;
      }
      ecr.deleteRepository(r -> r.repositoryName(actual.id()));
    } catch (RepositoryNotFoundException gone) {
      // already deleted: a retried pass
    }
  }

  /** Whether the image the task definition will name is in the repository (a preflight before rollout). */
  public boolean imageTagExists(String tag) {
    try {
      return !ecr.describeImages(r -> r.repositoryName(repositoryName).imageIds(id -> id.imageTag(tag)))
          .imageDetails().isEmpty();
    } catch (ImageNotFoundException | RepositoryNotFoundException absent) {
      return false;
    }
  }

  /**
   * Only a stack allowed to create the repository can own it, and ownership only decides whether a destroy
   * deletes it (which checks the tags again): only then is a tag lookup worth its call. Otherwise it is taken as
   * adopted, which changes nothing for a repository the stack wants.
   */
  private boolean ownedBy(Stack stack, Repository repository) {
    if (!createAllowed || !forDeletion) {
      return false;
    }
    var tags = new HashMap<String, String>();
    ecr.listTagsForResource(r -> r.resourceArn(repository.repositoryArn())).tags()
        .forEach(tag -> tags.put(tag.key(), tag.value()));
    return stack.owns(tags);
  }

  private static Observed<RepositoryState> adopted(Repository repository) {
    var owned = observed(repository);
    return Observed.adopted(owned.id(), owned.state(), owned.outputs());
  }

  private static Observed<RepositoryState> observed(Repository repository) {
    return Observed.ready(repository.repositoryName(), new RepositoryState(repository.repositoryName()),
        Map.of("id", repository.repositoryName(), "arn", repository.repositoryArn(),
            "uri", repository.repositoryUri()));
  }
}
