package io.ecsreconciler.notify;

import io.ecsreconciler.loop.StackEvent;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends notifications of what matters on the status board (drift put right, a rollout completed or failed, a
 * failed post-deploy check, an invalid commit, a stack degraded or recovered) to a Slack-compatible webhook and/or
 * a signed generic webhook. {@link #notify} is the board's listener: it runs on the pass's thread and only filters,
 * deduplicates and queues; each sink's virtual thread delivers. One message per (stack, event type, revision).
 */
public final class Notifier implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Notifier.class);

  /** The event types notified; the others (Applied, Drift, OutOfSync, Error, rollouts starting...) are not. */
  public static final Set<String> NOTIFIED = Set.of("DriftCorrected", "RolloutCompleted", "RolloutFailed",
      "VerifyFailed", "Invalid", "Degraded", "Recovered");

  private final HttpClient http;
  private final List<Delivery> deliveries;
  private final SentOnce sentOnce = new SentOnce(SentOnce.CAPACITY);
  private final NotifierSettings settings;

  private Notifier(HttpClient http, List<Delivery> deliveries, NotifierSettings settings) {
    this.http = http;
    this.deliveries = deliveries;
    this.settings = settings;
  }

  /** Starts one delivery thread per configured sink. */
  public static Notifier start(NotifierSettings settings, MeterRegistry registry, Clock clock) {
    var builder = HttpClient.newBuilder().connectTimeout(NotifierSettings.CONNECT_TIMEOUT)
        .followRedirects(HttpClient.Redirect.NEVER).version(HttpClient.Version.HTTP_1_1);
    if (ProxySelector.getDefault() != null) {
      builder.proxy(ProxySelector.getDefault()); // -Dhttps.proxyHost and the like, as a JVM user expects
    }
    var http = builder.build();
    var sinks = new ArrayList<Sink>();
    settings.slack().ifPresent(url -> sinks.add(new Sink.Slack(url)));
    settings.webhook().ifPresent(url -> sinks.add(new Sink.Webhook(url, settings.webhookSecret().orElseThrow(),
        settings.controller())));
    if (sinks.isEmpty()) {
      throw new IllegalArgumentException("no notification sink is configured");
    }
    var deliveries = sinks.stream().map(sink -> new Delivery(sink, http, settings, registry, clock)).toList();
    log.info("notifications of {} go to {}", NOTIFIED.stream().sorted().toList(), sinks);
    return new Notifier(http, deliveries, settings);
  }

  /** The status board's listener: never blocks, never throws. */
  public void notify(StackEvent event) {
    if (!NOTIFIED.contains(event.type()) || !sentOnce.first(event)) {
      return;
    }
    for (var delivery : deliveries) {
      delivery.offer(event);
    }
  }

  public NotifierStatus status() {
    return new NotifierStatus(true, deliveries.stream().map(Delivery::status).toList());
  }

  /** Delivers what is queued for up to the drain timeout, then stops. */
  @Override
  public void close() {
    var deadline = Instant.now().plus(settings.drainTimeout());
    deliveries.forEach(Delivery::stopTaking);
    deliveries.forEach(delivery -> delivery.close(deadline));
    http.shutdownNow();
  }
}
