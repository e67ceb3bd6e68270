package io.ecsreconciler.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.ecsreconciler.testing.AwsEmulator;
import io.ecsreconciler.testing.AwsEmulatorTest;
import io.ecsreconciler.testing.EcrImages;
import io.ecsreconciler.testing.StandInService;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code apply} waits for the rollout it started, shows it, and fails when ECS rolled it back. */
@AwsEmulatorTest
class ApplyRolloutTest {

  private final AwsEmulator emulator;
  private Path file;

  ApplyRolloutTest(AwsEmulator emulator) {
    this.emulator = emulator;
  }

  @BeforeEach
  void images(@TempDir Path dir) throws IOException {
    assumeThat(emulator.runsTasks()).as("needs the emulator's ECS runtime model").isTrue();
    EcrImages.push(emulator, "1.0.0");
    EcrImages.push(emulator, "1.1.0");
    EcrImages.push(emulator, "1.2.0-crash");
    file = dir.resolve("hello.yaml");
    Files.writeString(file, Files.readString(ApplyCommandTest.HELLO));
  }

  private void tag(String tag) throws IOException {
    Files.writeString(file, Files.readString(file).replaceAll("tag: \"[^\"]+\"", "tag: \"" + tag + "\""));
  }

  private CommandRun apply(String... extra) {
    var args = new ArrayList<>(List.of("apply", "--endpoint-url", emulator.endpoint().toString(),
        "--ready-timeout", "PT60S", "--poll-interval", "PT0.2S"));
    args.addAll(List.of(extra));
    args.add(file.toString());
    return CommandRun.of(args.toArray(String[]::new));
  }

  private String serviceImage() {
    var taskDefinition = emulator.cli("ecs", "describe-services", "--cluster", "hello", "--services", "hello")
        .assertOk().json().path("services").get(0).path("taskDefinition").asString();
    return emulator.cli("ecs", "describe-task-definition", "--task-definition", taskDefinition).assertOk().json()
        .path("taskDefinition").path("containerDefinitions").get(0).path("image").asString();
  }

  @Test
  void waitsForTheRolloutThenExitsOneWithEcsReasonWhenItIsRolledBackAndHoldsItUntilARetry() throws IOException {
    var first = apply();

    assertThat(first.exitCode()).as(first.out() + first.err()).isZero();
    assertThat(first.out()).contains("  rollout: rolling out hello:1: ")
        .contains("has started 2 tasks")
        .contains("has reached a steady state")
        .containsPattern("Rollout hello: healthy: hello:1: 2/2 running, 2 targets healthy");

    tag("1.2.0-crash");
    var crashed = apply();

    assertThat(crashed.exitCode()).as(crashed.out()).isEqualTo(1);
    assertThat(crashed.err()).contains("rollout of stack hello failed: rollout of hello:2 failed")
        .contains("tasks failed to start");
    assertThat(crashed.out()).contains("rolling back");
    assertThat(serviceImage()).endsWith(":1.0.0");

    var again = apply();
    assertThat(again.exitCode()).isEqualTo(1);
    assertThat(again.out()).contains("!   ecs-service", "HELD: rollout of hello:2 failed", "(held)", "1 held");
    assertThat(serviceImage()).endsWith(":1.0.0");

    var retried = apply("--retry-failed");
    assertThat(retried.exitCode()).isEqualTo(1);
    assertThat(retried.out()).contains("rolling out hello:2");
    assertThat(serviceImage()).endsWith(":1.0.0");

    tag("1.1.0");
    var fixed = apply();
    assertThat(fixed.exitCode()).as(fixed.out() + fixed.err()).isZero();
    assertThat(serviceImage()).endsWith(":1.1.0");
  }

  @Test
  void aFailedPostDeployCheckWithRollbackExitsOneAndRollsBack() throws IOException {
    Files.writeString(file, Files.readString(file).replace("    logRetentionDays: 14\n", "    logRetentionDays: 14\n"
        + "    verify:\n      path: /hello\n      expectedStatus: 200\n      attempts: 1\n      onFailure: rollback\n"));
    try (var standIn = StandInService.start()) {
      assertThat(apply("--verify-connect-to", standIn.connectTo()).exitCode()).isZero();

      standIn.answer(503, "unavailable");
      tag("1.1.0");
      var run = apply("--verify-connect-to", standIn.connectTo());

      assertThat(run.exitCode()).isEqualTo(1);
      assertThat(run.err()).contains("post-deploy check", "answered 503, expected 200", "rolling back to hello:1");
      assertThat(serviceImage()).endsWith(":1.0.0");
    }
  }
}
