package io.ecsreconciler.source;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.eclipse.jgit.api.TransportCommand;
import org.eclipse.jgit.transport.SshTransport;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.eclipse.jgit.transport.sshd.SshdSessionFactory;
import org.eclipse.jgit.transport.sshd.SshdSessionFactoryBuilder;
import org.eclipse.jgit.util.FS;

/**
 * How a {@link GitSource} talks to its remote: the https token, the ssh key and known hosts, the timeout, and
 * keeping secrets out of every message.
 *
 * <p>SSH host keys are always checked against the known_hosts file: no credentials provider that could answer
 * "accept this unknown host?" is given to the ssh transport, so an unknown or changed host key fails the fetch.
 */
final class GitTransport implements AutoCloseable {

  static final int TIMEOUT_SECONDS = 60;

  /** {@code scheme://userinfo@} at the start of a URL. */
  private static final Pattern USERINFO = Pattern.compile("^([a-zA-Z][a-zA-Z0-9+.-]*://)([^/@]*)@");
  private static final Pattern SCP_LIKE = Pattern.compile("^[^/:]+@[^/:]+:.*");

  private final GitSourceSettings settings;
  private final List<String> secrets;
  private final SshdSessionFactory sshSessionFactory;

  GitTransport(GitSourceSettings settings) {
    this.settings = settings;
    this.secrets = secretsOf(settings);
    this.sshSessionFactory = isSsh(settings.url()) || settings.sshKeyFile().isPresent() ? sshFactory(settings) : null;
  }

  /** Applies timeout, credentials and ssh transport to a fetch (or any remote command). */
  <C extends TransportCommand<C, ?>> C configure(C command) {
    command.setTimeout(TIMEOUT_SECONDS);
    var username = settings.username().orElse(GitSourceSettings.DEFAULT_USERNAME);
    settings.token().ifPresent(token ->
        command.setCredentialsProvider(new UsernamePasswordCredentialsProvider(username, token)));
    if (sshSessionFactory != null) {
      command.setTransportConfigCallback(transport -> {
        if (transport instanceof SshTransport ssh) {
          ssh.setSshSessionFactory(sshSessionFactory);
        }
      });
    }
    return command;
  }

  /** A failure whose message, and whose causes' messages, hold no secret. */
  SourceUnavailableException failure(String message, Throwable cause) {
    var text = redact(message + ": " + messageOf(cause));
    for (var t = cause; t != null; t = t.getCause()) {
      if (t.getMessage() != null && !redact(t.getMessage()).equals(t.getMessage())) {
        var scrubbed = new SourceUnavailableException(redact(chainOf(cause)));
        scrubbed.setStackTrace(cause.getStackTrace());
        return new SourceUnavailableException(text, scrubbed);
      }
    }
    return new SourceUnavailableException(text, cause);
  }

  String redact(String text) {
    var result = text.replace(settings.url(), safeUrl(settings.url()));
    for (var secret : secrets) {
      result = result.replace(secret, "***");
    }
    return result;
  }

  /** The URL without a password, and for http(s) without any user info (a token may hide there). */
  static String safeUrl(String url) {
    var matcher = USERINFO.matcher(url);
    if (!matcher.find()) {
      return url;
    }
    var scheme = matcher.group(1);
    var userinfo = matcher.group(2);
    var rest = url.substring(matcher.end());
    if (scheme.startsWith("http")) {
      return scheme + rest;
    }
    var user = userinfo.contains(":") ? userinfo.substring(0, userinfo.indexOf(':')) : userinfo;
    return scheme + user + "@" + rest;
  }

  static boolean isSsh(String url) {
    return url.startsWith("ssh://") || url.startsWith("git+ssh://") || SCP_LIKE.matcher(url).matches();
  }

  private static List<String> secretsOf(GitSourceSettings settings) {
    var secrets = new ArrayList<String>();
    settings.token().ifPresent(secrets::add);
    var matcher = USERINFO.matcher(settings.url());
    if (matcher.find() && !matcher.group(2).isEmpty()) {
      var userinfo = matcher.group(2);
      var colon = userinfo.indexOf(':');
      if (colon >= 0 && colon + 1 < userinfo.length()) {
        secrets.add(userinfo.substring(colon + 1));
      }
      if (matcher.group(1).startsWith("http")) {
        secrets.add(colon >= 0 ? userinfo.substring(0, colon) : userinfo);
      }
    }
    secrets.removeIf(String::isEmpty);
    return List.copyOf(secrets);
  }

  private static SshdSessionFactory sshFactory(GitSourceSettings settings) {
    var home = Optional.ofNullable(FS.DETECTED.userHome()).orElse(new File(System.getProperty("user.home")));
    var sshDir = new File(home, ".ssh");
    Path knownHosts = settings.knownHostsFile().orElse(sshDir.toPath().resolve("known_hosts"));
    var builder = new SshdSessionFactoryBuilder()
        .setHomeDirectory(home)
        .setSshDirectory(sshDir)
        .setDefaultKnownHostsFiles(dir -> List.of(knownHosts));
    settings.sshKeyFile().ifPresent(key -> builder
        .setDefaultIdentities(dir -> List.of(key))
        .setPreferredAuthentications("publickey"));
    return builder.build(null);
  }

  private static String messageOf(Throwable t) {
    var message = t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
    var cause = t.getCause();
    // JGit wraps the interesting part ("Connection refused", "not found") one or two levels down.
    while (cause != null && cause != t) {
      if (cause.getMessage() != null && !message.contains(cause.getMessage())) {
        message = message + " (" + cause.getMessage() + ")";
      }
      t = cause;
      cause = cause.getCause();
    }
    return message;
  }

  private static String chainOf(Throwable t) {
    return t.getClass().getName() + ": " + messageOf(t);
  }

  @Override
  public void close() {
    if (sshSessionFactory != null) {
      sshSessionFactory.close();
    }
  }
}
