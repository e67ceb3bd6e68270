package io.ecsreconciler.source;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;

/** A real Git repository with a work tree, built with JGit, standing in for the remote a {@link GitSource} reads. */
final class TestRepo implements AutoCloseable {

  private static final PersonIdent TESTER = new PersonIdent("Tester", "tester@example.com");

  private final Path dir;
  private final Git git;

  private TestRepo(Path dir, Git git) {
    this.dir = dir;
    this.git = git;
  }

  static TestRepo create(Path dir) {
    try {
      return new TestRepo(dir, Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call());
    } catch (GitAPIException e) {
      throw new IllegalStateException(e);
    }
  }

  /** file:// URL of the repository. */
  String url() {
    return "file://" + dir.toAbsolutePath();
  }

  Path dir() {
    return dir;
  }

  /** Writes the files (repository-relative path → content) and commits them; returns the commit id. */
  String commit(Map<String, String> files) {
    try {
      for (var entry : files.entrySet()) {
        var file = dir.resolve(entry.getKey());
        Files.createDirectories(file.getParent());
        Files.writeString(file, entry.getValue());
        git.add().addFilepattern(entry.getKey()).call();
      }
      return commitStaged("write " + files.keySet());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GitAPIException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Removes the file and commits; returns the commit id. */
  String delete(String path) {
    try {
      git.rm().addFilepattern(path).call();
      return commitStaged("delete " + path);
    } catch (GitAPIException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Creates the branch at the current commit (if new) and checks it out. */
  void checkout(String branch, boolean create) {
    try {
      git.checkout().setName(branch).setCreateBranch(create).call();
    } catch (GitAPIException e) {
      throw new IllegalStateException(e);
    }
  }

  /** An annotated tag at the current commit. */
  void tag(String name) {
    try {
      git.tag().setName(name).setAnnotated(true).setMessage("tag " + name).setTagger(TESTER).setSigned(false).call();
    } catch (GitAPIException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Points a ref of any name at a commit, the way a Git host keeps {@code refs/pull/7/head}. */
  void ref(String name, String commit) {
    try {
      var update = git.getRepository().updateRef(name);
      update.setNewObjectId(org.eclipse.jgit.lib.ObjectId.fromString(commit));
      update.forceUpdate();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private String commitStaged(String message) throws GitAPIException {
    return git.commit().setMessage(message).setAuthor(TESTER).setCommitter(TESTER).setSign(false).call().name();
  }

  @Override
  public void close() {
    git.close();
  }
}
