package io.ecsreconciler.source;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.api.errors.JGitInternalException;
import org.eclipse.jgit.lib.AbbreviatedObjectId;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.TagOpt;

/**
 * Fetches the commit a user names (a branch, a tag, a full ref name such as {@code refs/pull/7/head}, or a commit
 * id, full or abbreviated) into a {@link GitSource}'s clone, for a preview. It writes only refs of its own, under
 * {@value #NAMESPACE}: the tracking ref of the branch the controller follows is never touched, so a preview cannot
 * change what the controller reconciles. The caller holds the clone's lock.
 *
 * <p>A name is looked up as git does, branch first: {@code refs/heads/<name>}, then {@code refs/tags/<name>},
 * then, when it looks like one, a commit id on any branch. A name starting with {@code refs/} is taken as it is.
 */
final class RefFetch {

  static final String NAMESPACE = "refs/ecs-reconciler/";
  /** Where a named ref lands: one ref, overwritten by the next preview, so previews leave no refs behind. */
  static final String PREVIEWED = NAMESPACE + "preview";
  /** Every branch, to find a commit id on; deleted branches are pruned. */
  static final String BRANCHES = NAMESPACE + "branches/";

  /** Git's shortest abbreviation is 4 hex digits. */
  private static final Pattern COMMIT_ID = Pattern.compile("[0-9a-fA-F]{4,40}");
  private static final int MAX_NAME_LENGTH = 255;

  private final GitTransport transport;
  private final String url;

  RefFetch(GitTransport transport, String url) {
    this.transport = transport;
    this.url = url;
  }

  /**
   * @throws IllegalArgumentException  when {@code ref} is not a valid ref name (a refspec such as {@code a:b} or
   *                                   {@code refs/heads/*} included), or an abbreviation several commits share
   * @throws SourceNotFoundException   when nothing in the repository answers to it
   * @throws SourceUnavailableException when the remote cannot be read
   */
  ObjectId fetch(Repository repository, String ref) {
    checkName(ref);
    var advertised = advertisedRefs(repository);
    var candidates = ref.startsWith(Constants.R_REFS) ? Stream.of(ref)
        : Stream.of(Constants.R_HEADS + ref, Constants.R_TAGS + ref);
    var named = candidates.filter(advertised::containsKey).findFirst();
    if (named.isPresent()) {
      return fetchNamed(repository, named.get());
    }
    if (!ref.startsWith(Constants.R_REFS) && COMMIT_ID.matcher(ref).matches()) {
      return commitOnABranch(repository, ref);
    }
    throw new SourceNotFoundException("ref '" + ref + "' not found in " + GitTransport.safeUrl(url)
        + ": no branch, tag or ref of that name");
  }

  /** Rejects what is no ref name, before it reaches a refspec: {@code main:refs/remotes/origin/main} must not. */
  static void checkName(String ref) {
    var full = ref.startsWith(Constants.R_REFS) ? ref : Constants.R_HEADS + ref;
    if (ref.isBlank() || ref.length() > MAX_NAME_LENGTH || ref.startsWith("-")
        || !Repository.isValidRefName(full)) {
      throw new IllegalArgumentException("'" + ref + "' is not a valid ref: expected a branch, a tag, a full ref"
          + " name (refs/pull/7/head) or a commit id");
    }
  }

  private Map<String, Ref> advertisedRefs(Repository repository) {
    try (var git = new Git(repository)) {
      return transport.configure(git.lsRemote().setRemote("origin")).callAsMap();
    } catch (GitAPIException | JGitInternalException e) {
      throw transport.failure("cannot list the refs of " + GitTransport.safeUrl(url), e);
    }
  }

  private ObjectId fetchNamed(Repository repository, String name) {
    fetch(repository, new RefSpec("+" + name + ":" + PREVIEWED), "'" + name + "'", false);
    try {
      var fetched = repository.exactRef(PREVIEWED);
      if (fetched == null || fetched.getObjectId() == null) {
        throw new SourceNotFoundException("ref '" + name + "' not found in " + GitTransport.safeUrl(url));
      }
      return fetched.getObjectId();
    } catch (IOException e) {
      throw transport.failure("cannot read the ref just fetched from " + GitTransport.safeUrl(url), e);
    }
  }

  /** A commit id: any branch's history may hold it (a commit already in the clone needs no fetch at all). */
  private ObjectId commitOnABranch(Repository repository, String id) {
    if (id.length() == Constants.OBJECT_ID_STRING_LENGTH) {
      var known = commitsMatching(repository, id);
      if (known.size() == 1) {
        return known.getFirst();
      }
    }
    fetch(repository, new RefSpec("+" + Constants.R_HEADS + "*:" + BRANCHES + "*"), "every branch", true);
    var matches = commitsMatching(repository, id);
    if (matches.isEmpty()) {
      throw new SourceNotFoundException("ref '" + id + "' not found in " + GitTransport.safeUrl(url)
          + ": no branch, tag or ref of that name, and no commit on any branch starts with it");
    }
    if (matches.size() > 1) {
      throw new IllegalArgumentException("commit id '" + id + "' is ambiguous in " + GitTransport.safeUrl(url)
          + ": " + matches.size() + " commits start with it; give more of it");
    }
    return matches.getFirst();
  }

  private List<ObjectId> commitsMatching(Repository repository, String id) {
    try (var reader = repository.newObjectReader()) {
      var commits = new ArrayList<ObjectId>();
      for (var candidate : reader.resolve(AbbreviatedObjectId.fromString(id.toLowerCase(Locale.ROOT)))) {
        // A full id resolves to itself whether or not the clone has it.
        if (reader.has(candidate) && reader.open(candidate).getType() == Constants.OBJ_COMMIT) {
          commits.add(candidate);
        }
      }
      return commits;
    } catch (IOException e) {
      throw transport.failure("cannot look commit " + id + " up in the local clone", e);
    }
  }

  private void fetch(Repository repository, RefSpec spec, String what, boolean prune) {
    try (var git = new Git(repository)) {
      transport.configure(git.fetch()
          .setRemote("origin")
          .setRefSpecs(spec)
          .setRemoveDeletedRefs(prune)
          .setTagOpt(TagOpt.NO_TAGS))
          .call();
    } catch (GitAPIException | JGitInternalException e) {
      throw transport.failure("cannot fetch " + what + " of " + GitTransport.safeUrl(url), e);
    }
  }
}
