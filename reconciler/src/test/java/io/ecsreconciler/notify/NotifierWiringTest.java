package io.ecsreconciler.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ecsreconciler.app.RunningController;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.NoSuchBeanDefinitionException;

/**
 * How the application wires notifications from {@code reconciler.notify.*}, without any pass (no AWS needed): no
 * sink means no notifier at all; a generic webhook without its secret stops the start with a clear message.
 */
class NotifierWiringTest {

  /** Never called: these tests run no pass. */
  private static final URI NO_AWS = URI.create("http://127.0.0.1:9");

  @Test
  void withoutASinkThereIsNoNotifierAndTheApiSaysNoneIsConfigured() {
    try (var controller = RunningController.start(NO_AWS, Map.of("reconciler.notify.webhook-url", " "))) {
      assertThatThrownBy(() -> controller.bean(Notifier.class)).isInstanceOf(NoSuchBeanDefinitionException.class);
      var status = controller.getJson("/api/v1/notifications");
      assertThat(status.path("configured").asBoolean()).isFalse();
      assertThat(status.path("sinks").size()).isZero();
    }
  }

  @Test
  void aWebhookWithoutItsSecretStopsTheStartNamingTheMissingProperty() {
    assertThatThrownBy(() -> RunningController.start(NO_AWS,
        Map.of("reconciler.notify.webhook-url", "https://hooks.example.com/path-secret?token=query-secret")))
        .rootCause().isInstanceOf(IllegalArgumentException.class)
        .hasMessage("reconciler.notify.webhook-secret is required when reconciler.notify.webhook-url is set: "
            + "receivers verify the X-Signature-256 header with it");
  }

  @Test
  void theSettingsReachTheNotifier() {
    try (var receiver = Receiver.start(); var controller = RunningController.start(NO_AWS, Map.of(
        "reconciler.notify.slack-webhook-url", receiver.url("/services/T/B/secret").toString(),
        "reconciler.notify.max-attempts", "2", "reconciler.notify.initial-backoff", "10ms"))) {
      receiver.answerAlways(Receiver.Answer.of(503));
      controller.bean(io.ecsreconciler.loop.StatusBoard.class).event("hello", "Degraded", "abc1234", "degraded");

      receiver.awaitRequests(2);
      org.awaitility.Awaitility.await().until(() -> controller.bean(Notifier.class).status().sinks().getFirst()
          .failed() == 1);
      assertThat(controller.bean(Notifier.class).status().sinks().getFirst().lastError())
          .isEqualTo("answered 503 after 2 attempts");
    }
  }
}
