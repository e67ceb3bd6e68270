package io.ecsreconciler.source;

import java.nio.file.Path;
import java.util.List;

/**
 * The desired-state files of one revision.
 *
 * @param revision the Git commit id, or for a folder a digest of its files' names and contents
 */
public record Snapshot(String revision, List<File> files) {

  public Snapshot {
    files = List.copyOf(files);
  }

  /** @param path the file as errors name it, relative to the repository or folder root */
  public record File(Path path, String content) {}
}
