package io.ecsreconciler.app;

import io.ecsreconciler.source.GitSourceSettings;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.context.properties.bind.Name;

/**
 * Everything the controller reads from configuration ({@code reconciler.*}: application.properties, env vars
 * such as {@code RECONCILER_SOURCE_GIT_URL}, or command-line {@code --reconciler.interval=10s}).
 *
 * @param interval            the fixed delay between scheduled passes
 * @param initialDelay        the wait before the first scheduled pass
 * @param deleteRemovedStacks destroy a stack whose file disappeared from the source (the delete guard still applies)
 * @param awsEndpoint         AWS endpoint override (an emulator); default {@code AWS_ENDPOINT_URL}, else AWS
 * @param maxConcurrentStacks stacks reconciled at once in a pass
 * @param requeueAfter        how soon a stack whose rollout is moving is looked at again
 * @param verify              the post-deploy check's settings
 * @param notifications       {@code reconciler.notify.*}: where notifications go (Slack-compatible and/or a signed generic webhook)
 */
@ConfigurationProperties("reconciler")
public record ControllerProperties(
    @DefaultValue("30s") Duration interval,
    @DefaultValue("0s") Duration initialDelay,
    @DefaultValue Source source,
    @DefaultValue Api api,
    @DefaultValue Lease lease,
    @DefaultValue Backoff backoff,
    @DefaultValue("false") boolean deleteRemovedStacks,
    @DefaultValue("10m") Duration readyTimeout,
    @DefaultValue("5s") Duration pollInterval,
    URI awsEndpoint,
    @DefaultValue("8") int maxConcurrentStacks,
    @DefaultValue("10s") Duration requeueAfter,
    @DefaultValue Verify verify,
    @Name("notify") @DefaultValue Notify notifications) {

  /**
   * @param connectTo for emulators only, like curl's {@code --connect-to HOST1:PORT1:HOST2:PORT2}: where the
   *                  post-deploy check really sends requests for the load balancer's DNS name
   */
  public record Verify(String connectTo) {}

  /**
   * Notifications; none when neither URL is set. The URLs are plain text here, not {@code URI}: a value Spring
   * cannot bind is printed in the start-up failure, and these URLs are secrets ({@code NotifierSettings} checks
   * them and names only the property).
   *
   * @param slackWebhookUrl a Slack-compatible incoming webhook (Slack, Mattermost, Rocket.Chat); the URL is a secret
   * @param webhookUrl      a generic JSON webhook, each event signed with {@code X-Signature-256}
   * @param webhookSecret   the HMAC-SHA256 secret of that signature, required with {@code webhookUrl}
   * @param maxAttempts     attempts per notification, the first included
   * @param initialBackoff  the wait after the first failed attempt, doubled after each one (jittered, capped at 1 min)
   */
  public record Notify(String slackWebhookUrl, String webhookUrl, String webhookSecret,
                       @DefaultValue("5") int maxAttempts, @DefaultValue("1s") Duration initialBackoff) {

    /** Never the URLs' paths nor the secret: a record prints every field otherwise. */
    @Override
    public String toString() {
      return "Notify[slackWebhookUrl=" + (slackWebhookUrl == null ? "unset" : "(set)") + ", webhookUrl="
          + (webhookUrl == null ? "unset" : "(set)") + ", webhookSecret=" + (webhookSecret == null ? "unset" : "(set)")
          + ", maxAttempts=" + maxAttempts + ", initialBackoff=" + initialBackoff + "]";
    }
  }

  /**
   * @param type   {@code folder} or {@code git}
   * @param folder the folder read when type is folder
   */
  public record Source(@DefaultValue("folder") String type, @DefaultValue("desired-state") Path folder,
                       @DefaultValue Git git) {}

  /**
   * @param path     folder inside the repository holding the stack files
   * @param token    https token (GitHub, GitLab): from the environment or a secret store, never a file in Git
   * @param cacheDir where the clone is kept between passes; default under java.io.tmpdir
   */
  public record Git(String url, @DefaultValue("main") String branch, @DefaultValue("desired-state") String path,
                    String username, String token, Path sshKeyFile, Path knownHostsFile, Path cacheDir) {

    /** Never the token, nor credentials in the URL: a record prints every field otherwise. */
    @Override
    public String toString() {
      return "Git[url=" + (url == null ? "unset" : GitSourceSettings.safeUrl(url)) + ", branch=" + branch
          + ", path=" + path + ", username=" + username + ", token=" + (token == null ? "unset" : "(set)")
          + ", sshKeyFile=" + sshKeyFile + ", knownHostsFile=" + knownHostsFile + ", cacheDir=" + cacheDir + "]";
    }
  }

  /**
   * @param token         bearer token the mutating endpoints require; without one they refuse every request
   * @param webhookSecret HMAC-SHA256 secret of the Git host's webhook ({@code X-Hub-Signature-256})
   * @param maxBodyBytes  larger API request bodies are refused with 413 (a GitHub push payload of many commits
   *                      stays well below the default 1 MiB)
   * @param docs          serve the OpenAPI description ({@code /v3/api-docs}) and Swagger UI ({@code /swagger-ui.html})
   */
  public record Api(String token, String webhookSecret, @DefaultValue("1048576") long maxBodyBytes,
                    @DefaultValue("true") boolean docs) {

    /** Never the token nor the secret: a record prints every field otherwise. */
    @Override
    public String toString() {
      return "Api[token=" + (token == null ? "unset" : "(set)") + ", webhookSecret="
          + (webhookSecret == null ? "unset" : "(set)") + ", maxBodyBytes=" + maxBodyBytes + ", docs=" + docs + "]";
    }
  }

  /**
   * @param type {@code local} (one replica) or {@code dynamodb} (several replicas share a table)
   */
  public record Lease(@DefaultValue("local") String type, @DefaultValue("ecs-reconciler-leases") String table,
                      @DefaultValue("us-east-1") String region, @DefaultValue("60s") Duration duration,
                      @DefaultValue("20s") Duration heartbeat, @DefaultValue("true") boolean createTable,
                      String holder) {}

  /** Per-stack backoff after failed passes: exponential with jitter, capped. */
  public record Backoff(@DefaultValue("10s") Duration initial, @DefaultValue("10m") Duration max,
                        @DefaultValue("2.0") double multiplier, @DefaultValue("0.2") double jitter) {}
}
