package io.ecsreconciler.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ecsreconciler.app.RunningController;
import io.ecsreconciler.loop.StatusBoard;
import io.ecsreconciler.notify.Notifier;
import io.ecsreconciler.notify.Receiver;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * The dashboard's notifications line in a real headless Chromium: which sinks are configured, and the error in red
 * when the last delivery failed, shown as text even when the receiver answers with markup. No pass runs (no AWS):
 * the events are recorded on the status board directly.
 */
class NotificationsDashboardTest {

  private static final Duration SHORT = Duration.ofSeconds(10);
  /** Longer than the page's 5 s refresh. */
  private static final Duration REFRESH = Duration.ofSeconds(15);
  private static final URI NO_AWS = URI.create("http://127.0.0.1:9");

  private static By sink(String name, String field) {
    return By.cssSelector("#notifications li[data-sink='" + name + "'] [data-field='" + field + "']");
  }

  @Test
  void showsTheConfiguredSinksAndTheFailingOnesErrorInRedAsText() throws IOException {
    try (var slack = Receiver.start(); var webhook = Receiver.start(); var browser = HeadlessChromium.start();
         var controller = RunningController.start(NO_AWS, Map.of(
             "reconciler.notify.slack-webhook-url", slack.url("/services/T0001/B0002/XXXXsecretXXXX").toString(),
             "reconciler.notify.webhook-url", webhook.url("/events").toString(),
             "reconciler.notify.webhook-secret", "dashboard-secret",
             "reconciler.notify.max-attempts", "1"))) {
      webhook.answerAlways(new Receiver.Answer(500, "<img src=x onerror=window.injected=1>", Map.of()));
      controller.bean(StatusBoard.class).event("hello", "Degraded", "abc1234def", "degraded at abc1234def: boom");
      await().atMost(SHORT).until(() -> controller.bean(Notifier.class).status().sinks().stream()
          .allMatch(s -> s.pending() == 0 && s.sent() + s.failed() == 1));

      browser.open(controller.uri("/").toString());

      assertThat(browser.text(sink("slack", "notify-sink"), SHORT)).isEqualTo("slack");
      assertThat(browser.text(sink("slack", "notify-target"), SHORT)).isEqualTo(slack.url("").toString());
      assertThat(browser.text(sink("slack", "notify-counts"), SHORT)).startsWith("1 sent; last sent ");
      assertThat(browser.driver().findElements(sink("slack", "notify-error"))).isEmpty();
      assertThat(browser.text(sink("webhook", "notify-counts"), SHORT)).isEqualTo("0 sent, 1 failed");
      var error = browser.driver().findElement(sink("webhook", "notify-error"));
      assertThat(error.getText()).startsWith("Notifications failing: the last one was not delivered (")
          .endsWith("): answered 500: <img src=x onerror=window.injected=1>");
      assertThat(error.getCssValue("color")).isEqualTo("rgba(164, 32, 27, 1)"); // --red
      assertThat(browser.driver().findElements(By.cssSelector("#notifications img"))).isEmpty();
      assertThat(browser.driver().executeScript("return window.injected === undefined")).isEqualTo(true);
      assertThat(browser.text(By.id("notifications"), SHORT)).doesNotContain("XXXXsecret", "/events");
      // For a person to look at, as DashboardTest leaves target/dashboard.png.
      Files.write(Files.createDirectories(Path.of("target")).resolve("dashboard-notifications.png"),
          browser.fullPageScreenshot());

      // The receiver is back: the next delivery clears the red line on the next refresh.
      webhook.answerAlways(Receiver.Answer.of(200));
      controller.bean(StatusBoard.class).event("hello", "Recovered", "abc1234def", "reconciled again");
      browser.awaitText(sink("webhook", "notify-counts"), "1 sent, 1 failed", REFRESH);
      assertThat(browser.driver().findElements(sink("webhook", "notify-error"))).isEmpty();
      assertThat(browser.text(sink("webhook", "notify-last-failure"), SHORT)).contains("answered 500");
    }
  }

  @Test
  void saysWhenNoSinkIsConfigured() {
    try (var browser = HeadlessChromium.start(); var controller = RunningController.start(NO_AWS, Map.of())) {
      browser.open(controller.uri("/").toString());

      assertThat(browser.text(By.cssSelector("#notifications [data-field='notify-none']"), SHORT))
          .startsWith("None configured");
    }
  }
}
