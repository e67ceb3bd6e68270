package io.ecsreconciler.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.ecsreconciler.loop.StackEvent;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The notifier against real HTTP receivers on loopback: what it sends (Slack text, the signed generic event), that
 * it sends each (stack, type, revision) once, how it retries and gives up, and that the pass never waits for it.
 */
class NotifierTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String SECRET = "s3cr3t-hmac-key";
  /** The part of a Slack webhook URL that is a credential: it must never show in a log line or the status. */
  private static final String SLACK_PATH = "/services/T0001/B0002/XXXXsecretXXXX";
  private static final String REVISION = "abc1234def5678abc1234def5678abc1234def56";

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final List<AutoCloseable> closing = new ArrayList<>();
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private Receiver receiver;

  @BeforeEach
  void start() {
    receiver = Receiver.start();
    logs.start();
    notifyLogger().addAppender(logs);
  }

  @AfterEach
  void stop() throws Exception {
    for (var closeable : closing.reversed()) {
      closeable.close();
    }
    receiver.close();
    notifyLogger().detachAppender(logs);
  }

  private static Logger notifyLogger() {
    return (Logger) LoggerFactory.getLogger("io.ecsreconciler.notify");
  }

  private static StackEvent event(String type, String revision, String message, String... details) {
    return new StackEvent(Instant.parse("2026-05-04T10:15:30.123Z"), "hello", type, revision, message,
        List.of(details));
  }

  private static NotifierSettings settings(Optional<URI> slack, Optional<URI> webhook, int maxAttempts) {
    return new NotifierSettings(slack, webhook, webhook.map(url -> SECRET.getBytes(StandardCharsets.UTF_8)),
        new RetryPolicy(maxAttempts, Duration.ofMillis(20), Duration.ofMillis(200)), Optional.of("replica-a"),
        NotifierSettings.QUEUE_CAPACITY, Duration.ofSeconds(2), Duration.ofSeconds(3));
  }

  private Notifier start(NotifierSettings settings) {
    var notifier = Notifier.start(settings, registry, Clock.systemUTC());
    closing.add(notifier);
    return notifier;
  }

  private Notifier webhookTo(URI url, int maxAttempts) {
    return start(settings(Optional.empty(), Optional.of(url), maxAttempts));
  }

  private double counted(String sink, String outcome) {
    return registry.get("reconciler.notifications").tags("sink", sink, "outcome", outcome).counter().count();
  }

  private NotifierStatus.SinkStatus awaitStatus(Notifier notifier, java.util.function.Predicate<NotifierStatus.SinkStatus> done) {
    await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20))
        .until(() -> done.test(notifier.status().sinks().getFirst()));
    return notifier.status().sinks().getFirst();
  }

  private static String hmac(byte[] body) throws Exception {
    var mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return "sha256=" + java.util.HexFormat.of().formatHex(mac.doFinal(body));
  }

  private List<String> logLines() {
    return logs.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
  }

  @Nested
  class WhatIsSent {

    @Test
    void theSameEventTwiceMakesOnePostAndALaterRevisionANewOne() {
      var notifier = webhookTo(receiver.url("/hook"), 3);
      var degraded = event("Degraded", REVISION, "degraded at " + REVISION + ": tasks failed to start");

      notifier.notify(degraded);
      notifier.notify(new StackEvent(Instant.now(), "hello", "Degraded", REVISION, "again, a pass later", List.of()));
      notifier.notify(event("Applied", REVISION, "applied: not a notified type"));
      notifier.notify(event("Degraded", "fff1234def5678abc1234def5678abc1234def56", "degraded again, later commit"));

      var sent = awaitStatus(notifier, s -> s.sent() == 2);
      assertThat(receiver.requests()).hasSize(2).extracting(r -> JSON.readTree(r.body()).path("revision").asString())
          .containsExactly(REVISION, "fff1234def5678abc1234def5678abc1234def56");
      assertThat(sent.pending()).isZero();
    }

    @Test
    void theSlackMessageIsOneEscapedTextWithTheDetailLines() {
      var notifier = start(settings(Optional.of(receiver.url(SLACK_PATH)), Optional.empty(), 3));

      notifier.notify(event("RolloutFailed", REVISION, "rollout of hello:7 rolled back <!channel> & <https://x|y>",
          "~ ecs-service taskDefinition: hello:6 -> hello:7", "note: a > b & c < d"));

      var request = receiver.awaitRequests(1).getFirst();
      assertThat(request.path()).isEqualTo(SLACK_PATH);
      assertThat(request.header("Content-Type")).isEqualTo("application/json");
      var body = JSON.readTree(request.body());
      assertThat(body.propertyNames()).containsExactly("text");
      assertThat(body.path("text").asString()).isEqualTo("""
          :x: *hello* rollout failed at `abc1234`: rollout of hello:7 rolled back &lt;!channel&gt; &amp; \
          &lt;https://x|y&gt;
          ```
          ~ ecs-service taskDefinition: hello:6 -&gt; hello:7
          note: a &gt; b &amp; c &lt; d
          ```""");
    }

    @Test
    void aLongSlackMessageIsBounded() {
      var details = IntStream.range(0, 500).mapToObj(i -> "~ resource-" + i + " " + "x".repeat(1000))
          .toArray(String[]::new);

      var text = SlackMessage.text(event("Invalid", REVISION, "m".repeat(5000), details));

      assertThat(text.length()).isLessThanOrEqualTo(SlackMessage.MAX_TEXT);
      assertThat(text).startsWith(":no_entry: *hello* invalid commit at `abc1234`: mmm").endsWith(" more)");
    }

    @Test
    void theGenericEventCarriesEveryFieldAndASignatureOfTheExactBody() throws Exception {
      var notifier = webhookTo(receiver.url("/events?token=query-secret"), 3);

      notifier.notify(event("DriftCorrected", REVISION, "drift put right at " + REVISION + ": ~ecs-service",
          "~ ecs-service desiredCount: 5 -> 2"));

      var request = receiver.awaitRequests(1).getFirst();
      assertThat(request.method()).isEqualTo("POST");
      assertThat(request.header("Content-Type")).isEqualTo("application/json");
      assertThat(request.header("X-Signature-256")).isEqualTo(hmac(request.body()));
      JsonNode body = JSON.readTree(request.body());
      assertThat(body.propertyNames()).containsExactly("stack", "type", "revision", "message", "details", "time",
          "controller");
      assertThat(body.path("stack").asString()).isEqualTo("hello");
      assertThat(body.path("type").asString()).isEqualTo("DriftCorrected");
      assertThat(body.path("revision").asString()).isEqualTo(REVISION);
      assertThat(body.path("details").get(0).asString()).isEqualTo("~ ecs-service desiredCount: 5 -> 2");
      assertThat(body.path("time").asString()).isEqualTo("2026-05-04T10:15:30.123Z");
      assertThat(body.path("controller").asString()).isEqualTo("replica-a");
    }

    @Test
    void aWebhookWithoutASecretStopsTheStartNamingThePropertyNotTheUrl() {
      assertThatThrownBy(() -> NotifierSettings.of(null, "https://example.com/hook/url-secret", " ",
          new RetryPolicy(5, Duration.ofSeconds(1), RetryPolicy.MAX_BACKOFF), null))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("reconciler.notify.webhook-secret is required")
          .hasMessageNotContaining("url-secret");
      assertThatThrownBy(() -> NotifierSettings.of("hooks.slack.com/services/T/B/url-secret", null, null,
          new RetryPolicy(5, Duration.ofSeconds(1), RetryPolicy.MAX_BACKOFF), null))
          .hasMessageContaining("reconciler.notify.slack-webhook-url must be an http(s) URL")
          .hasMessageNotContaining("url-secret");
      assertThat(NotifierSettings.anySink(" ", "")).isFalse();
    }
  }

  @Nested
  class Delivering {

    @Test
    void aReceiverAnswering503TwiceGetsTheMessageOnTheThirdAttempt() {
      receiver.script(Receiver.Answer.of(503), Receiver.Answer.of(503));
      var notifier = webhookTo(receiver.url("/hook"), 5);

      notifier.notify(event("RolloutCompleted", REVISION, "hello:2 rolled out"));

      var status = awaitStatus(notifier, s -> s.sent() == 1);
      assertThat(receiver.requests()).hasSize(3)
          .extracting(Receiver.Request::text).containsOnly(receiver.requests().getFirst().text());
      assertThat(status.failed()).isZero();
      assertThat(status.failing()).isFalse();
      assertThat(status.lastSuccessAt()).isNotNull();
      assertThat(counted("webhook", "sent")).isEqualTo(1.0);
      assertThat(counted("webhook", "failed")).isZero();
    }

    @Test
    void a429IsRetriedAfterWhatItsRetryAfterSays() {
      receiver.script(new Receiver.Answer(429, "slow down", Map.of("Retry-After", "1")));
      var notifier = start(new NotifierSettings(Optional.empty(), Optional.of(receiver.url("/hook")),
          Optional.of(SECRET.getBytes(StandardCharsets.UTF_8)),
          new RetryPolicy(3, Duration.ofMillis(10), Duration.ofSeconds(5)), Optional.empty(), 10,
          Duration.ofSeconds(2), Duration.ofSeconds(2)));

      notifier.notify(event("Recovered", REVISION, "reconciled again"));

      awaitStatus(notifier, s -> s.sent() == 1);
      var requests = receiver.requests();
      assertThat(requests).hasSize(2);
      assertThat(Duration.between(requests.get(0).at(), requests.get(1).at()))
          .as("Retry-After: 1, not the 10 ms backoff").isGreaterThan(Duration.ofMillis(900));
      assertThat(JSON.readTree(requests.get(1).body()).has("controller")).as("no controller name known").isFalse();
    }

    @Test
    void aReceiverThatIsDownIsRetriedThenCountedAsFailedAndLoggedOnceWithoutItsSecret() {
      var down = Receiver.closedPort(SLACK_PATH);
      var notifier = start(settings(Optional.of(down), Optional.empty(), 3));

      var took = new ArrayList<Duration>();
      for (var type : List.of("Invalid", "Degraded")) {
        var started = System.nanoTime();
        notifier.notify(event(type, REVISION, type + " at " + REVISION));
        took.add(Duration.ofNanos(System.nanoTime() - started));
      }

      var status = awaitStatus(notifier, s -> s.failed() == 2);
      assertThat(took).allSatisfy(t -> assertThat(t).isLessThan(Duration.ofMillis(50)));
      assertThat(status.sent()).isZero();
      assertThat(status.failing()).isTrue();
      assertThat(status.lastFailureAt()).isNotNull();
      assertThat(status.lastError()).isEqualTo("cannot connect (ConnectException) after 3 attempts");
      assertThat(status.target()).isEqualTo("http://127.0.0.1:" + down.getPort());
      assertThat(counted("slack", "failed")).isEqualTo(2.0);
      var warnings = logs.list.stream().filter(e -> e.getLevel() == Level.WARN)
          .map(ILoggingEvent::getFormattedMessage).toList();
      assertThat(warnings).as("once per failure streak").singleElement().asString()
          .contains("notifications to slack (http://127.0.0.1:" + down.getPort() + ") are failing", "hello Invalid",
              "after 3 attempts");
      assertThat(logLines()).noneMatch(line -> line.contains("secret") || line.contains("T0001"));
      assertThat(status.toString()).doesNotContain("secret", "T0001");
    }

    @Test
    void aReceiverThatIsBackIsLoggedOnceAndNoLongerFailing() {
      receiver.answerAlways(new Receiver.Answer(500, "down for maintenance", Map.of()));
      var notifier = webhookTo(receiver.url("/hook"), 1);
      notifier.notify(event("Degraded", REVISION, "degraded"));
      assertThat(awaitStatus(notifier, s -> s.failed() == 1).lastError())
          .isEqualTo("answered 500: down for maintenance");

      receiver.answerAlways(Receiver.Answer.of(204));
      notifier.notify(event("Recovered", REVISION, "recovered"));

      var status = awaitStatus(notifier, s -> s.sent() == 1);
      assertThat(status.failing()).isFalse();
      assertThat(status.lastError()).as("kept for the record").contains("answered 500");
      assertThat(logLines()).anyMatch(line -> line.contains("are delivered again, after 1 failed"));
    }

    @Test
    void a400IsNotRetried() {
      receiver.answerAlways(new Receiver.Answer(400, "invalid_payload", Map.of()));
      var notifier = start(settings(Optional.of(receiver.url(SLACK_PATH)), Optional.empty(), 5));

      notifier.notify(event("Invalid", REVISION, "does not validate"));

      var status = awaitStatus(notifier, s -> s.failed() == 1);
      assertThat(status.lastError()).isEqualTo("answered 400: invalid_payload");
      await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
          .until(() -> receiver.requests().size() == 1);
    }

    @Test
    void aFullQueueDropsAndCountsWhileTheNotifierNeverWaits() {
      receiver.hold();
      var notifier = start(settings(Optional.empty(), Optional.of(receiver.url("/hook")), 1)
          .withQueue(3, Duration.ofSeconds(3)));
      notifier.notify(event("Degraded", "r0", "in flight"));
      receiver.awaitRequests(1); // the worker is stuck on it now

      var started = System.nanoTime();
      for (int i = 1; i <= 8; i++) {
        notifier.notify(event("Degraded", "r" + i, "queued or dropped"));
      }
      var took = Duration.ofNanos(System.nanoTime() - started);

      assertThat(took).isLessThan(Duration.ofMillis(100));
      var status = notifier.status().sinks().getFirst();
      assertThat(status.dropped()).isEqualTo(5);
      assertThat(status.pending()).isEqualTo(4);
      assertThat(counted("webhook", "dropped")).isEqualTo(5.0);
      assertThat(logLines()).filteredOn(line -> line.contains("dropping")).hasSize(1);

      receiver.release();
      assertThat(awaitStatus(notifier, s -> s.sent() == 4).dropped()).isEqualTo(5);
    }

    @Test
    void closingDeliversWhatIsQueuedFirst() {
      var notifier = Notifier.start(settings(Optional.empty(), Optional.of(receiver.url("/hook")), 3), registry,
          Clock.systemUTC());
      for (var type : Notifier.NOTIFIED) {
        notifier.notify(event(type, REVISION, type));
      }

      notifier.close();

      assertThat(receiver.requests()).hasSize(Notifier.NOTIFIED.size());
      assertThat(notifier.status().sinks().getFirst().sent()).isEqualTo(Notifier.NOTIFIED.size());
    }
  }

  @Nested
  class RetriesAndDedupe {

    private final RetryPolicy policy = new RetryPolicy(5, Duration.ofSeconds(1), RetryPolicy.MAX_BACKOFF);

    @Test
    void backoffDoublesWithJitterUpToTheCap() {
      for (int failed = 1; failed <= 4; failed++) {
        var expected = 1000L << (failed - 1);
        assertThat(policy.delay(failed, Optional.empty()).toMillis())
            .isBetween(Math.round(expected * 0.8), Math.round(expected * 1.2));
      }
      assertThat(policy.delay(12, Optional.empty())).isLessThanOrEqualTo(RetryPolicy.MAX_BACKOFF)
          .isGreaterThanOrEqualTo(Duration.ofSeconds(48));
    }

    @Test
    void retryAfterIsRespectedAndCapped() {
      var now = Instant.parse("2026-05-04T10:00:00Z");
      assertThat(RetryPolicy.retryAfter(Optional.of("7"), now)).contains(Duration.ofSeconds(7));
      assertThat(RetryPolicy.retryAfter(Optional.of("Mon, 04 May 2026 10:00:30 GMT"), now))
          .contains(Duration.ofSeconds(30));
      assertThat(RetryPolicy.retryAfter(Optional.of("soon"), now)).isEmpty();
      assertThat(policy.delay(1, Optional.of(Duration.ofSeconds(7)))).isEqualTo(Duration.ofSeconds(7));
      assertThat(policy.delay(1, Optional.of(Duration.ofHours(2)))).isEqualTo(RetryPolicy.MAX_BACKOFF);
    }

    @Test
    void theDedupeMemoryIsBounded() {
      var sentOnce = new SentOnce(3);
      for (var revision : List.of("a", "b", "c", "d")) {
        assertThat(sentOnce.first(event("Degraded", revision, ""))).isTrue();
      }
      assertThat(sentOnce.size()).isEqualTo(3);
      assertThat(sentOnce.first(event("Degraded", "d", ""))).isFalse();
      assertThat(sentOnce.first(event("Degraded", "a", ""))).as("the oldest was forgotten").isTrue();
    }
  }
}
