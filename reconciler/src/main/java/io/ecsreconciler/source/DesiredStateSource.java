package io.ecsreconciler.source;

/**
 * Where the desired state comes from: a folder, or a path inside a Git repository. Each pass reads the source's
 * current revision afresh (level-triggered); nothing but caches is kept between reads.
 */
public interface DesiredStateSource {

  /**
   * The desired-state files at the current revision ({@code *.yaml}/{@code *.yml} directly in the folder).
   *
   * @throws SourceUnavailableException when the source cannot be read now (network, auth, missing folder)
   */
  Snapshot read();

  /** For status and logs: what is read, without secrets ({@code git https://host/repo.git main:desired-state}). */
  String describe();
}
