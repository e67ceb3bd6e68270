package io.ecsreconciler.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecsreconciler.loop.Controller;
import io.ecsreconciler.testing.AwsEmulator;
import io.ecsreconciler.testing.AwsEmulatorTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;

/**
 * The dashboard in a real headless Chromium against the real application: what a person sees after the hello
 * stack is applied, and after someone pushes a hello.yaml that does not validate (its problems, even ones quoting
 * markup, shown as text). Leaves a screenshot in target/dashboard.png.
 */
@AwsEmulatorTest
class DashboardTest {

  private static final Duration SHORT = Duration.ofSeconds(10);
  /** Longer than the page's 5 s refresh. */
  private static final Duration REFRESH = Duration.ofSeconds(15);

  private static By stackField(String stack, String field) {
    return By.cssSelector("tr[data-stack='" + stack + "'] [data-field='" + field + "']");
  }

  @Test
  void showsTheAppliedStackItsResourcesAndEventsThenTheInvalidFileAtItsLine(AwsEmulator emulator,
                                                                            @TempDir Path root) throws IOException {
    HelloFolder.pushImage(emulator, "1.0.0");
    var hello = new HelloFolder(Files.createDirectories(root.resolve("desired-state")));
    try (var browser = HeadlessChromium.start(); var controller = hello.start(emulator)) {
      var loop = controller.bean(Controller.class);
      loop.runOnce("test");
      var health = controller.getJson("/api/v1/stacks/hello").path("health").asString();

      browser.open(controller.uri("/").toString());

      assertThat(browser.text(stackField("hello", "name"), SHORT)).startsWith("hello");
      assertThat(browser.text(stackField("hello", "sync"), SHORT)).isEqualTo("Synced");
      assertThat(browser.text(stackField("hello", "health"), SHORT)).isEqualTo(health);
      assertThat(browser.text(stackField("hello", "mode"), SHORT)).isEqualTo("enforce");
      assertThat(browser.text(stackField("hello", "revision"), SHORT)).startsWith("folder:");
      assertThat(browser.text(stackField("hello", "last-pass"), SHORT)).contains("took");
      assertThat(browser.text(stackField("hello", "rollout-summary"), SHORT)).contains("hello:1");
      assertThat(browser.text(By.id("last-updated"), SHORT)).matches("\\d\\d:\\d\\d:\\d\\d");

      browser.click(By.cssSelector("tr[data-stack='hello']"), SHORT);
      var resources = browser.awaitText(By.cssSelector("tr[data-details='hello'] [data-field='resources']"),
          "ecs-service", SHORT);
      assertThat(resources).contains("vpc", "subnet/private-a", "load-balancer", "ecs-service", "create");
      assertThat(browser.text(By.cssSelector("tr[data-details='hello'] [data-field='rollout']"), SHORT))
          .contains("Deployment", "ecs-svc/", "hello:1", "running");
      assertThat(browser.text(By.cssSelector("tr[data-details='hello'] [data-field='plan']"), SHORT))
          .contains("vpc", "ecs-service", "+");
      assertThat(browser.awaitText(By.id("events"), "Applied", SHORT)).contains("hello", "+vpc");

      // Drift, with its fields, and a stack suspended by hand with markup in the tag: shown as text.
      emulator.cli("ecs", "update-service", "--cluster", "hello", "--service", "hello", "--desired-count", "4")
          .assertOk();
      var cluster = emulator.cli("ecs", "describe-clusters", "--clusters", "hello").assertOk().json()
          .path("clusters").get(0).path("clusterArn").asString();
      emulator.cli("ecs", "tag-resource", "--resource-arn", cluster, "--tags",
          "key=ecs-reconciler/suspended,value=2026-12-01T00:00:00Z incident <img src=x onerror=window.injected=1>")
          .assertOk();
      loop.runOnce("test");
      assertThat(browser.awaitText(stackField("hello", "suspension"), "Suspended", REFRESH))
          .contains("incident <img src=x onerror=window.injected=1>");
      assertThat(browser.driver().findElements(By.cssSelector("#stacks img")))
          .as("a value from an AWS tag is shown as text, never as markup").isEmpty();
      assertThat(browser.awaitText(By.cssSelector("#events [data-field='event-details']"), "desiredCount", REFRESH))
          .contains("~ ecs-service desiredCount: 4 -> 2");

      hello.write(HelloFolder.BAD_CPU);
      loop.runOnce("test");

      assertThat(browser.awaitText(stackField("hello", "sync"), "Invalid", REFRESH)).isEqualTo("Invalid");
      assertThat(browser.text(stackField("hello", "problem"), SHORT))
          .matches(".*desired-state/hello\\.yaml:\\d+:\\d+: spec\\.service\\.cpu: .*");
      assertThat(browser.text(stackField("hello", "last-error"), SHORT)).contains("1 validation problem(s)");
      assertThat(browser.text(By.cssSelector("#events li"), SHORT)).contains("Invalid", "spec.service.cpu");
      assertThat(browser.text(By.cssSelector("tr[data-details='hello'] [data-field='resources']"), SHORT))
          .as("the last plan that reached AWS stays on show").contains("ecs-service");

      var png = browser.fullPageScreenshot();
      // For a person to look at; docs/dashboard.png in the README is copied from it by hand, not by every run.
      Files.write(Files.createDirectories(Path.of("target")).resolve("dashboard.png"), png);

      hello.write(HelloFolder.MARKUP_IN_PATH);
      loop.runOnce("test");

      var problems = browser.awaitText(stackField("hello", "problems"), "<img src=x", REFRESH);
      assertThat(problems).contains("spec.service.healthCheckPath", "onerror=window.injected=1>");
      assertThat(browser.driver().findElements(By.cssSelector("#stacks img, #events img")))
          .as("text from a desired-state file is shown as text, never as markup").isEmpty();
      assertThat(browser.driver().executeScript("return window.injected === undefined")).isEqualTo(true);
    }
  }
}
