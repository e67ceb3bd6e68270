package io.ecsreconciler.source;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a {@link GitSource} reads from and how it authenticates.
 *
 * @param url https://, ssh://, scp-like {@code git@host:org/repo.git}, file:// or a local path
 * @param branch the branch to follow; blank means {@code main}
 * @param path the folder inside the repository; {@code ""} or {@code "."} is the repository root; null means
 *     {@code desired-state}
 * @param username for https with a token; empty means {@code x-access-token} (GitHub and GitLab accept it)
 * @param token for https; sent through a credentials provider, never part of a URL, log line or message
 * @param sshKeyFile private key for ssh URLs (Apache MINA sshd transport)
 * @param knownHostsFile for ssh; empty means {@code ~/.ssh/known_hosts}. Host keys are always checked.
 * @param cacheDir where the local bare clone lives; see {@link #defaultCacheDir(String, String)}
 */
public record GitSourceSettings(String url, String branch, String path, Optional<String> username,
    Optional<String> token, Optional<Path> sshKeyFile, Optional<Path> knownHostsFile, Path cacheDir) {

  public static final String DEFAULT_BRANCH = "main";
  public static final String DEFAULT_PATH = "desired-state";
  public static final String DEFAULT_USERNAME = "x-access-token";

  public GitSourceSettings {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(cacheDir, "cacheDir");
    branch = branch == null || branch.isBlank() ? DEFAULT_BRANCH : branch.strip();
    path = normalizePath(path);
    username = username == null ? Optional.empty() : username.filter(u -> !u.isBlank());
    token = token == null ? Optional.empty() : token.filter(t -> !t.isBlank());
    sshKeyFile = sshKeyFile == null ? Optional.empty() : sshKeyFile;
    knownHostsFile = knownHostsFile == null ? Optional.empty() : knownHostsFile;
  }

  /** No credentials, default branch and path: enough for local and public repositories. */
  public static GitSourceSettings of(String url, Path cacheDir) {
    return new GitSourceSettings(url, DEFAULT_BRANCH, DEFAULT_PATH, Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.empty(), cacheDir);
  }

  /** {@code ${java.io.tmpdir}/ecs-reconciler-git/<hash of url and branch>}: one clone per url and branch. */
  public static Path defaultCacheDir(String url, String branch) {
    try {
      var digest = MessageDigest.getInstance("SHA-256")
          .digest((url + "\n" + branch).getBytes(StandardCharsets.UTF_8));
      return Path.of(System.getProperty("java.io.tmpdir"), "ecs-reconciler-git",
          HexFormat.of().formatHex(digest).substring(0, 16));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public GitSourceSettings withBranch(String newBranch) {
    return new GitSourceSettings(url, newBranch, path, username, token, sshKeyFile, knownHostsFile, cacheDir);
  }

  public GitSourceSettings withPath(String newPath) {
    return new GitSourceSettings(url, branch, newPath, username, token, sshKeyFile, knownHostsFile, cacheDir);
  }

  /** The folder as a repository-relative prefix: {@code ""} for the root, else without leading/trailing slashes. */
  private static String normalizePath(String path) {
    if (path == null) {
      return DEFAULT_PATH;
    }
    var trimmed = path.strip().replace('\\', '/');
    while (trimmed.startsWith("./")) {
      trimmed = trimmed.substring(2);
    }
    trimmed = trimmed.replaceAll("^/+|/+$", "");
    return trimmed.equals(".") ? "" : trimmed;
  }

  /** A URL as it may be shown: without a password, and for http(s) without any user info (a token may hide there). */
  public static String safeUrl(String url) {
    return GitTransport.safeUrl(url);
  }

  /** Never prints the token, nor credentials embedded in the URL. */
  @Override
  public String toString() {
    return "GitSourceSettings[url=" + GitTransport.safeUrl(url) + ", branch=" + branch + ", path=" + path
        + ", username=" + username.orElse("") + ", token=" + (token.isPresent() ? "***" : "none")
        + ", sshKeyFile=" + sshKeyFile.map(Path::toString).orElse("none") + ", knownHostsFile="
        + knownHostsFile.map(Path::toString).orElse("default") + ", cacheDir=" + cacheDir + "]";
  }
}
