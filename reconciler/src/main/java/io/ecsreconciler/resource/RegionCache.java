package io.ecsreconciler.resource;

import io.ecsreconciler.aws.AwsClients;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.PrefixList;
import software.amazon.awssdk.services.ecs.model.DescribeTaskDefinitionResponse;

/**
 * What is kept between passes for one region, beside its AWS clients ({@link AwsClients#kept}): only what never
 * changes, so that a pass using it decides exactly as with fresh reads. Dropping it (a restart, new clients)
 * costs calls, nothing else.
 */
public final class RegionCache {

  /** Revisions kept at most: a few per stack; beyond it the oldest looked-at go (and are described again). */
  private static final int REVISIONS_KEPT = 4096;

  /**
   * AWS-managed prefix lists (the S3 gateway's) by name. AWS owns them and keeps their id for good; only the CIDRs
   * inside change, and only the id and the name are used here.
   */
  private final ConcurrentHashMap<String, PrefixList> prefixLists = new ConcurrentHashMap<>();

  /**
   * Task definition revisions by ARN. A revision's content never changes (a change registers a new revision), so
   * it is described once. Kept only while its tags say a stack owns it: tags are the one thing that can change on
   * a revision, and a revision stripped of them since would still be taken as the stack's, which can only make a
   * pass do less than a fresh read would (it would register a new revision), never more. Whether a revision is
   * ACTIVE and the newest of its family is read afresh every pass; deregistering reads tags afresh too.
   */
  private final Map<String, DescribeTaskDefinitionResponse> revisions = java.util.Collections.synchronizedMap(
      new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, DescribeTaskDefinitionResponse> eldest) {
          return size() > REVISIONS_KEPT;
        }
      });

  /** Pages the last listing of every active revision of the region took (-1: not listed yet). Only a cost hint. */
  private volatile int revisionListingPages = -1;

  /**
   * Whether these credentials were refused iam:GetAccountAuthorizationDetails. The shipped least-privilege policy
   * leaves it out (it reads every IAM entity of the account), so it is tried once per process, not every pass: each
   * refusal is an AccessDenied in CloudTrail, which security teams alert on. Permissions granted later take effect
   * on the next start.
   */
  private volatile boolean accountAuthorizationDetailsRefused;

  public static RegionCache of(AwsClients aws) {
    return aws.kept(RegionCache.class, RegionCache::new);
  }

  /** The named AWS-managed prefix lists, described once per region (one call for all the names not known yet). */
  List<PrefixList> prefixLists(Ec2Client ec2, Collection<String> names) {
    var missing = names.stream().filter(name -> !prefixLists.containsKey(name)).distinct().toList();
    if (!missing.isEmpty()) {
      var filter = Filter.builder().name("prefix-list-name").values(missing).build();
      ec2.describePrefixListsPaginator(r -> r.filters(filter)).prefixLists()
          .forEach(list -> prefixLists.put(list.prefixListName(), list));
    }
    return names.stream().map(prefixLists::get).filter(java.util.Objects::nonNull).toList();
  }

  Optional<DescribeTaskDefinitionResponse> revision(String arn) {
    return Optional.ofNullable(revisions.get(arn));
  }

  /** Keeps a described ACTIVE revision if a stack's tags are on it (see {@link #revisions}). */
  void described(DescribeTaskDefinitionResponse response) {
    var owned = response.tags().stream().anyMatch(tag -> io.ecsreconciler.engine.Stack.MANAGED_BY_TAG.equals(tag.key())
        && io.ecsreconciler.engine.Stack.MANAGED_BY_VALUE.equals(tag.value()));
    if (owned) {
      revisions.put(response.taskDefinition().taskDefinitionArn(), response);
    }
  }

  int revisionListingPages() {
    return revisionListingPages;
  }

  void revisionListingTook(int pages) {
    revisionListingPages = pages;
  }

  boolean accountAuthorizationDetailsRefused() {
    return accountAuthorizationDetailsRefused;
  }

  void accountAuthorizationDetailsWereRefused() {
    accountAuthorizationDetailsRefused = true;
  }
}
