package io.ecsreconciler.notify;

import io.ecsreconciler.loop.StackEvent;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Optional;

/**
 * Where notifications go and how an event is written for it. The URL is a secret (a Slack webhook URL is its own
 * credential, a generic one may carry a token): only {@link #target()}, its scheme and host, is ever shown.
 */
abstract sealed class Sink permits Sink.Slack, Sink.Webhook {

  private final URI url;

  private Sink(URI url) {
    this.url = url;
  }

  /** {@code slack} or {@code webhook}: the metric's and the status's label. */
  abstract String name();

  abstract HttpRequest.Builder write(HttpRequest.Builder request, StackEvent event);

  final HttpRequest request(StackEvent event, Duration timeout) {
    return write(HttpRequest.newBuilder(url).timeout(timeout).header("Content-Type", "application/json")
        .header("User-Agent", "ecs-reconciler"), event).build();
  }

  /** {@code scheme://host[:port]}: what logs and the API may show of the URL. */
  final String target() {
    return url.getScheme() + "://" + url.getHost() + (url.getPort() == -1 ? "" : ":" + url.getPort());
  }

  /** The text with every secret part of the URL (user info, path, query) taken out. */
  final String scrub(String text) {
    var scrubbed = text.replace(url.toString(), target() + "/…");
    for (var part : new String[] {url.getRawUserInfo(), url.getRawPath(), url.getRawQuery(), url.getPath()}) {
      if (part != null && part.length() > 1) {
        scrubbed = scrubbed.replace(part, "…");
      }
    }
    return scrubbed;
  }

  @Override
  public final String toString() {
    return name() + " (" + target() + ")";
  }

  /** A Slack-compatible incoming webhook (Slack, Mattermost, Rocket.Chat): {@code {"text": "..."}}. */
  static final class Slack extends Sink {

    Slack(URI url) {
      super(url);
    }

    @Override
    String name() {
      return "slack";
    }

    @Override
    HttpRequest.Builder write(HttpRequest.Builder request, StackEvent event) {
      return request.POST(HttpRequest.BodyPublishers.ofByteArray(SlackMessage.body(event)));
    }
  }

  /** The generic JSON event, signed with {@code X-Signature-256}. */
  static final class Webhook extends Sink {

    private final byte[] secret;
    private final Optional<String> controller;

    Webhook(URI url, byte[] secret, Optional<String> controller) {
      super(url);
      this.secret = secret.clone();
      this.controller = controller;
    }

    @Override
    String name() {
      return "webhook";
    }

    @Override
    HttpRequest.Builder write(HttpRequest.Builder request, StackEvent event) {
      var body = WebhookEvent.body(event, controller);
      return request.header(WebhookEvent.SIGNATURE_HEADER, WebhookEvent.signature(body, secret))
          .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    }
  }
}
