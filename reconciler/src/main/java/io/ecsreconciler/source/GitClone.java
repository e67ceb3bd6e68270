package io.ecsreconciler.source;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.jgit.lib.ConfigConstants;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.util.FileUtils;

/**
 * The bare clone in a {@link GitSource}'s cache dir. It is only a cache: one that follows another URL, or cannot
 * be opened, is wiped and created again; a non-empty folder that holds no clone is never deleted.
 */
final class GitClone {

  private final Path dir;
  private final String url;

  GitClone(Path dir, String url) {
    this.dir = dir;
    this.url = url;
  }

  /** The clone, created empty (with origin = url) when missing; the caller fetches into it and closes it. */
  Repository open() throws IOException {
    if (looksLikeClone()) {
      var existing = tryOpen();
      if (existing.isPresent() && url.equals(existing.get().getConfig().getString("remote", "origin", "url"))) {
        return configured(existing.get());
      }
      existing.ifPresent(Repository::close);
      FileUtils.delete(dir.toFile(), FileUtils.RECURSIVE | FileUtils.RETRY);
    } else if (Files.isDirectory(dir)) {
      try (var children = Files.list(dir)) {
        if (children.findAny().isPresent()) {
          throw new SourceUnavailableException("git cache dir " + dir + " is not empty and holds no git clone;"
              + " refusing to delete it");
        }
      }
    }
    Files.createDirectories(dir);
    var repository = FileRepositoryBuilder.create(dir.toFile());
    repository.create(true);
    var config = repository.getConfig();
    config.setString("remote", "origin", "url", url);
    config.save();
    return configured(repository);
  }

  /** Drops the clone so that the next read starts afresh; a failure here only delays that. */
  void wipeQuietly() {
    try {
      FileUtils.delete(dir.toFile(), FileUtils.RECURSIVE | FileUtils.RETRY | FileUtils.SKIP_MISSING);
    } catch (IOException ignored) {
      // the next read finds a broken clone and wipes it then
    }
  }

  /**
   * Housekeeping after a fetch runs in the foreground, under the caller's lock: a detached JGit gc would outlive
   * the read and race with the next one, or with wiping the clone.
   */
  private static Repository configured(Repository repository) throws IOException {
    var config = repository.getConfig();
    if (config.getBoolean(ConfigConstants.CONFIG_GC_SECTION, ConfigConstants.CONFIG_KEY_AUTODETACH, true)) {
      config.setBoolean(ConfigConstants.CONFIG_GC_SECTION, null, ConfigConstants.CONFIG_KEY_AUTODETACH, false);
      config.save();
    }
    return repository;
  }

  private boolean looksLikeClone() {
    return Files.exists(dir.resolve("HEAD")) || Files.exists(dir.resolve("config"))
        || Files.isDirectory(dir.resolve("objects"));
  }

  private Optional<Repository> tryOpen() {
    try {
      return Optional.of(new FileRepositoryBuilder().setGitDir(dir.toFile()).setMustExist(true).build());
    } catch (IOException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
