package io.ecsreconciler.notify;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * Where notifications go and how hard to try. URLs are checked here, and a bad one is reported by the property's
 * name only: the URL itself is a secret and never goes into a message.
 *
 * @param slack          a Slack-compatible incoming webhook
 * @param webhook        the generic JSON webhook
 * @param webhookSecret  the generic webhook's HMAC secret, required with it
 * @param controller     who sends, in the generic event ({@code controller}); the lease holder
 * @param queueCapacity  events waiting per sink before new ones are dropped
 * @param requestTimeout each attempt's timeout (connecting has {@link #CONNECT_TIMEOUT})
 * @param drainTimeout   how long a closing notifier keeps delivering what is queued
 */
public record NotifierSettings(Optional<URI> slack, Optional<URI> webhook, Optional<byte[]> webhookSecret,
                               RetryPolicy retry, Optional<String> controller, int queueCapacity,
                               Duration requestTimeout, Duration drainTimeout) {

  public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
  public static final int QUEUE_CAPACITY = 100;
  public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
  public static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(5);

  public NotifierSettings {
    if (webhook.isPresent() && webhookSecret.isEmpty()) {
      throw new IllegalArgumentException("reconciler.notify.webhook-secret is required when "
          + "reconciler.notify.webhook-url is set: receivers verify the X-Signature-256 header with it");
    }
    if (queueCapacity < 1) {
      throw new IllegalArgumentException("the notification queue needs room for one event at least");
    }
  }

  /**
   * From the {@code reconciler.notify.*} properties (blank counts as unset), with the default queue and timeouts.
   *
   * @param controller who sends (in the generic event), empty when unknown
   */
  public static NotifierSettings of(String slackWebhookUrl, String webhookUrl, String webhookSecret,
                                    RetryPolicy retry, String controller) {
    return new NotifierSettings(url("reconciler.notify.slack-webhook-url", slackWebhookUrl),
        url("reconciler.notify.webhook-url", webhookUrl),
        text(webhookSecret).map(secret -> secret.getBytes(StandardCharsets.UTF_8)), retry, text(controller),
        QUEUE_CAPACITY, REQUEST_TIMEOUT, DRAIN_TIMEOUT);
  }

  /** True when there is somewhere to send to: without it there is no notifier at all. */
  public static boolean anySink(String slackWebhookUrl, String webhookUrl) {
    return text(slackWebhookUrl).isPresent() || text(webhookUrl).isPresent();
  }

  NotifierSettings withQueue(int capacity, Duration drain) {
    return new NotifierSettings(slack, webhook, webhookSecret, retry, controller, capacity, requestTimeout, drain);
  }

  private static Optional<String> text(String value) {
    return Optional.ofNullable(value).map(String::strip).filter(v -> !v.isEmpty());
  }

  private static Optional<URI> url(String property, String value) {
    return text(value).map(text -> {
      URI uri;
      try {
        uri = new URI(text);
      } catch (URISyntaxException e) {
        throw new IllegalArgumentException(property + " is not a URL (its value is not shown: it is a secret)");
      }
      var scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
      if (!scheme.equals("https") && !scheme.equals("http") || uri.getHost() == null) {
        throw new IllegalArgumentException(property + " must be an http(s) URL with a host (its value is not "
            + "shown: it is a secret)");
      }
      return uri;
    });
  }

  @Override
  public String toString() {
    return "NotifierSettings[slack=" + slack.map(NotifierSettings::origin) + ", webhook="
        + webhook.map(NotifierSettings::origin) + ", retry=" + retry + ", queueCapacity=" + queueCapacity + "]";
  }

  private static String origin(URI uri) {
    return uri.getScheme() + "://" + uri.getHost();
  }
}
