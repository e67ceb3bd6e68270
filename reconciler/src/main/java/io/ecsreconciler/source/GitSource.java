package io.ecsreconciler.source;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.api.errors.JGitInternalException;
import org.eclipse.jgit.errors.LargeObjectException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.TagOpt;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * A folder inside one branch of a Git repository. Each read fetches the branch into a bare clone kept in the
 * cache dir (cloned on first use, or again when the clone follows another URL) and reads the files of the
 * branch's head commit straight from the object database: there is no work tree, so nothing can be half checked
 * out. Reads are serialized per cache dir (webhook and schedule may call at once).
 *
 * <p>{@link #readAt} reads the same folder at any other ref, for a preview, through the same clone and lock, and
 * without moving the branch this source follows (see {@link RefFetch}).
 */
public final class GitSource implements DesiredStateSource, AutoCloseable {

  private static final ConcurrentMap<Path, Object> LOCKS = new ConcurrentHashMap<>();
  private static final int MAX_FILE_BYTES = 16 * 1024 * 1024;

  private final GitSourceSettings settings;
  private final GitTransport transport;
  private final GitClone clone;
  private final Object lock;
  private volatile String lastRevision;

  public GitSource(GitSourceSettings settings) {
    this.settings = settings;
    this.transport = new GitTransport(settings);
    this.clone = new GitClone(settings.cacheDir(), settings.url());
    this.lock = LOCKS.computeIfAbsent(settings.cacheDir().toAbsolutePath().normalize(), dir -> new Object());
  }

  @Override
  public Snapshot read() {
    synchronized (lock) {
      try (var repository = openClone()) {
        var head = fetch(repository);
        var snapshot = readFolder(repository, head, describe());
        lastRevision = snapshot.revision();
        return snapshot;
      }
    }
  }

  /**
   * The folder at a branch, tag, full ref name ({@code refs/pull/7/head}, {@code refs/merge-requests/7/head}) or
   * commit id (full or abbreviated, on any branch). The branch this source follows, and {@link #lastRevision()},
   * stay as they are.
   *
   * @throws IllegalArgumentException   when {@code ref} is no valid ref name, or an ambiguous commit abbreviation
   * @throws SourceNotFoundException    when nothing answers to {@code ref}, or the folder is not there at it
   * @throws SourceUnavailableException when the remote or the clone cannot be read
   */
  public Snapshot readAt(String ref) {
    RefFetch.checkName(ref);
    synchronized (lock) {
      try (var repository = openClone()) {
        var commit = new RefFetch(transport, settings.url()).fetch(repository, ref);
        return readFolder(repository, commit, describeAt(ref));
      }
    }
  }

  @Override
  public String describe() {
    return describeAt(settings.branch());
  }

  /** What {@link #readAt} reads, without secrets: {@code git https://host/repo.git feature:desired-state}. */
  public String describeAt(String ref) {
    return "git " + GitTransport.safeUrl(settings.url()) + " " + ref + ":" + displayPath();
  }

  /** The commit id of the last successful read, if any. */
  public Optional<String> lastRevision() {
    return Optional.ofNullable(lastRevision);
  }

  @Override
  public void close() {
    transport.close();
  }

  private Repository openClone() {
    try {
      return clone.open();
    } catch (IOException e) {
      throw transport.failure("cannot prepare the local clone in " + settings.cacheDir(), e);
    }
  }

  private ObjectId fetch(Repository repository) {
    var branch = settings.branch();
    var tracking = Constants.R_REMOTES + "origin/" + branch;
    var where = "branch '" + branch + "' of " + GitTransport.safeUrl(settings.url());
    try (var git = new Git(repository)) {
      transport.configure(git.fetch()
          .setRemote("origin")
          .setRefSpecs(new RefSpec("+" + Constants.R_HEADS + branch + ":" + tracking))
          .setTagOpt(TagOpt.NO_TAGS))
          .call();
      var ref = repository.exactRef(tracking);
      if (ref == null || ref.getObjectId() == null) {
        throw new SourceUnavailableException("cannot fetch " + where + ": the branch was not found");
      }
      return ref.getObjectId();
    } catch (GitAPIException | JGitInternalException | IOException e) {
      throw transport.failure("cannot fetch " + where, e);
    }
  }

  /** @param where what is read, for messages: {@link #describe()} or {@link #describeAt} */
  private Snapshot readFolder(Repository repository, ObjectId head, String where) {
    try (var walk = new RevWalk(repository)) {
      var commit = walk.parseCommit(head);
      var reader = walk.getObjectReader();
      var files = new ArrayList<Snapshot.File>();
      try (var tree = new TreeWalk(reader)) {
        tree.addTree(folderTree(reader, commit, where));
        tree.setRecursive(false);
        while (tree.next()) {
          var name = tree.getNameString();
          var mode = tree.getRawMode(0);
          if ((FileMode.REGULAR_FILE.equals(mode) || FileMode.EXECUTABLE_FILE.equals(mode)) && isYaml(name)) {
            var bytes = reader.open(tree.getObjectId(0), Constants.OBJ_BLOB).getCachedBytes(MAX_FILE_BYTES);
            var filePath = settings.path().isEmpty() ? Path.of(name) : Path.of(settings.path(), name);
            files.add(new Snapshot.File(filePath, new String(bytes, StandardCharsets.UTF_8)));
          }
        }
      }
      files.sort(Comparator.comparing(file -> file.path().getFileName().toString()));
      return new Snapshot(commit.name(), files);
    } catch (LargeObjectException e) {
      throw transport.failure("a desired-state file in " + where + " is larger than " + MAX_FILE_BYTES
          + " bytes", e);
    } catch (IOException e) {
      // A clone we cannot read from is only a cache: drop it so the next read clones afresh.
      clone.wipeQuietly();
      throw transport.failure("cannot read " + where + " from the local clone (wiped; cloned again on"
          + " the next read)", e);
    }
  }

  private ObjectId folderTree(ObjectReader reader, RevCommit commit, String where) throws IOException {
    if (settings.path().isEmpty()) {
      return commit.getTree();
    }
    try (var entry = TreeWalk.forPath(reader, settings.path(), commit.getTree())) {
      if (entry == null) {
        throw new SourceNotFoundException("path '" + settings.path() + "' not found in " + where + " at "
            + commit.name());
      }
      if (!FileMode.TREE.equals(entry.getRawMode(0))) {
        throw new SourceNotFoundException("path '" + settings.path() + "' in " + where + " at " + commit.name()
            + " is a file, not a folder");
      }
      return entry.getObjectId(0);
    }
  }

  private String displayPath() {
    return settings.path().isEmpty() ? "." : settings.path();
  }

  private static boolean isYaml(String name) {
    return name.endsWith(".yaml") || name.endsWith(".yml");
  }
}
