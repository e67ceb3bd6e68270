package io.ecsreconciler.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.ObjectId;

/**
 * A real Git repository in a temp folder holding desired-state/hello.yaml on main, committed to like a user would,
 * with branches and the refs a Git host keeps for pull requests.
 */
public final class DesiredStateRepo implements AutoCloseable {

  public static final Path HELLO = Path.of("../desired-state/hello.yaml");

  private final Path dir;
  private final Git git;

  private DesiredStateRepo(Path dir, Git git) {
    this.dir = dir;
    this.git = git;
  }

  public static DesiredStateRepo create(Path dir) throws GitAPIException, IOException {
    var git = Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call();
    var repo = new DesiredStateRepo(dir, git);
    repo.commit("hello.yaml", Files.readString(HELLO), "add the hello stack");
    return repo;
  }

  /**
   * The controller properties that make it follow this repository's main branch, with its clone in {@code cache},
   * and these more ({@code name, value, name, value, ...}).
   */
  public java.util.Map<String, String> source(java.nio.file.Path cache, String... more) {
    var properties = new java.util.HashMap<>(java.util.Map.of(
        "reconciler.source.type", "git",
        "reconciler.source.git.url", url(),
        "reconciler.source.git.cache-dir", cache.toString()));
    for (int i = 0; i + 1 < more.length; i += 2) {
      properties.put(more[i], more[i + 1]);
    }
    return properties;
  }

  public String url() {
    return dir.toUri().toString();
  }

  /** Writes desired-state/{file} and commits it; returns the commit id. */
  public String commit(String file, String content, String message) throws IOException, GitAPIException {
    var path = dir.resolve("desired-state").resolve(file);
    Files.createDirectories(path.getParent());
    Files.writeString(path, content);
    git.add().addFilepattern("desired-state/" + file).call();
    return git.commit().setMessage(message).setAuthor("dev", "dev@example.com").setCommitter("dev", "dev@example.com")
        .call().getName();
  }

  /** Edits hello.yaml and commits the edit. */
  public String editHello(UnaryOperator<String> edit, String message) throws IOException, GitAPIException {
    var current = Files.readString(dir.resolve("desired-state/hello.yaml"));
    return commit("hello.yaml", edit.apply(current), message);
  }

  /** Creates the branch at the current commit and checks it out: the commits that follow go to it. */
  public void branch(String name) throws GitAPIException {
    git.checkout().setName(name).setCreateBranch(true).call();
  }

  /** Checks an existing branch out. */
  public void checkout(String name) throws GitAPIException {
    git.checkout().setName(name).call();
  }

  /** Points a ref of any name at a commit, the way GitHub keeps {@code refs/pull/7/head}. */
  public void ref(String name, String commit) throws IOException {
    var update = git.getRepository().updateRef(name);
    update.setNewObjectId(ObjectId.fromString(commit));
    update.forceUpdate();
  }

  @Override
  public void close() {
    git.close();
  }
}
