package io.ecsreconciler.cli;

import io.ecsreconciler.source.GitSourceSettings;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Option;

/**
 * {@code plan --git-url URL --ref REF}: a ref of a repository instead of local files. Credentials come from the
 * very environment variables the controller binds to {@code reconciler.source.git.*} (Spring drops the dashes:
 * {@code ssh-key-file} is {@code SSHKEYFILE}), never from a flag: a token on a command line ends up in shell
 * histories, process lists and CI logs.
 */
final class GitRefOptions {

  static final String TOKEN = "RECONCILER_SOURCE_GIT_TOKEN";
  static final String USERNAME = "RECONCILER_SOURCE_GIT_USERNAME";
  static final String SSH_KEY_FILE = "RECONCILER_SOURCE_GIT_SSHKEYFILE";
  static final String KNOWN_HOSTS_FILE = "RECONCILER_SOURCE_GIT_KNOWNHOSTSFILE";

  @Option(names = "--git-url", paramLabel = "URL", description = "plan a ref of this repository (https, ssh, file) "
      + "instead of FILE_OR_DIR; credentials from $" + TOKEN + " (https) or $" + SSH_KEY_FILE + " (ssh)")
  String url;

  @Option(names = "--ref", paramLabel = "REF", description = "with --git-url: a branch, a tag, a commit id (full or "
      + "abbreviated) or a full ref name such as refs/pull/7/head or refs/merge-requests/7/head")
  String ref;

  @Option(names = "--git-path", paramLabel = "PATH", defaultValue = GitSourceSettings.DEFAULT_PATH,
      description = "with --git-url: the desired-state folder in the repository (default: ${DEFAULT-VALUE})")
  String path;

  boolean given() {
    return url != null || ref != null;
  }

  /** Missing halves of the pair, as a message for the user; empty when both are there. */
  Optional<String> incomplete() {
    if (url == null) {
      return Optional.of("--ref needs --git-url");
    }
    return ref == null ? Optional.of("--git-url needs --ref (a branch, tag, commit id or full ref name)")
        : Optional.empty();
  }

  /** The controller's Git settings for this repository, reading into its own clone in {@code cacheDir}. */
  GitSourceSettings settings(Path cacheDir, UnaryOperator<String> environment) {
    return new GitSourceSettings(url, GitSourceSettings.DEFAULT_BRANCH, path,
        Optional.ofNullable(environment.apply(USERNAME)), Optional.ofNullable(environment.apply(TOKEN)),
        Optional.ofNullable(environment.apply(SSH_KEY_FILE)).filter(s -> !s.isBlank()).map(Path::of),
        Optional.ofNullable(environment.apply(KNOWN_HOSTS_FILE)).filter(s -> !s.isBlank()).map(Path::of), cacheDir);
  }
}
