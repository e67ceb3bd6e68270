package io.ecsreconciler.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecsreconciler.engine.Stack;
import io.ecsreconciler.testing.AwsEmulator;
import io.ecsreconciler.testing.EcrImages;
import io.ecsreconciler.testing.AwsEmulatorTest;
import io.ecsreconciler.testing.CountingEndpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@AwsEmulatorTest
class ApplyCommandTest {

  static final Path HELLO = PlanCommandTest.HELLO;

  /** Short readiness waits: moto makes everything ready at once, or never. */
  static final List<String> QUICK = List.of("--ready-timeout", "PT5S", "--poll-interval", "PT0.1S");

  private final AwsEmulator emulator;

  ApplyCommandTest(AwsEmulator emulator) {
    this.emulator = emulator;
  }

  /** {@code <command> --endpoint-url <emulator> --ready-timeout PT5S --poll-interval PT0.1S [extra...] files...} */
  static CommandRun run(AwsEmulator emulator, String command, List<String> extra, Path... files) {
    var args = new ArrayList<>(List.of(command, "--endpoint-url", emulator.endpoint().toString()));
    args.addAll(QUICK);
    args.addAll(extra);
    for (var file : files) {
      args.add(file.toString());
    }
    return CommandRun.of(args.toArray(String[]::new));
  }

  private CommandRun apply(Path... files) {
    return run(emulator, "apply", List.of(), files);
  }

  /**
   * What the original setup did by hand before the first apply: an ECR repository (which apply then adopts)
   * with the image of hello.yaml's tag pushed to it.
   */
  static void pushImage(AwsEmulator emulator) {
    EcrImages.push(emulator, "1.0.0");
  }

  /** ECS keeps deleted services listed as INACTIVE; a missing cluster is an error: both count as none. */
  static long activeServices(AwsEmulator emulator) {
    var result = emulator.cli("ecs", "describe-services", "--cluster", "hello", "--services", "hello");
    if (result.exitCode() != 0) {
      return 0;
    }
    return result.json().path("services").valueStream()
        .filter(service -> service.path("status").asString().equals("ACTIVE")).count();
  }

  static long activeClusters(AwsEmulator emulator) {
    return emulator.cli("ecs", "describe-clusters", "--clusters", "hello").assertOk().json().path("clusters")
        .valueStream().filter(cluster -> cluster.path("status").asString().equals("ACTIVE")).count();
  }

  static int ownedVpcs(AwsEmulator emulator) {
    return emulator.cli("ec2", "describe-vpcs", "--filters", "Name=tag:" + Stack.STACK_TAG + ",Values=hello")
        .assertOk().json().path("Vpcs").size();
  }

  /**
   * The counts of the summary line {@code Apply hello: 24 done, 2 progressing, 0 failed, 0 skipped in 0.5 s.}
   * as {@code [done + progressing, failed, skipped]}: whether moto reports the load balancer and the service ready
   * at once or a moment later is up to moto, and both count as converged.
   */
  static List<Integer> summary(String verb, String out) {
    var matcher = Pattern.compile("(?m)^" + verb + " hello: (\\d+) done, (\\d+) progressing, (\\d+) failed, (\\d+) "
        + "skipped in \\d+\\.\\d s\\.$").matcher(out);
    assertThat(matcher.find()).as("a summary line in\n" + out).isTrue();
    return List.of(Integer.parseInt(matcher.group(1)) + Integer.parseInt(matcher.group(2)),
        Integer.parseInt(matcher.group(3)), Integer.parseInt(matcher.group(4)));
  }

  private static String progressLine(String key) {
    return "(?m)^  \\+\\s+" + Pattern.quote(key) + "\\s+(done|progressing) in \\d+\\.\\d s$";
  }

  @Nested
  class WithTheImagePushed {

    @Test
    void buildsTheStackPrintingThePlanEachResourceAsItFinishesAndASummary() {
      pushImage(emulator);

      var run = apply(HELLO);

      assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
      assertThat(run.out()).startsWith("Applying 1 stack(s)...")
          .contains("Stack hello (us-east-1):")
          .containsPattern("(?m)^  \\+\\s+vpc\\s+to create$")
          .contains("Plan: 26 to create, 0 to update, 0 to replace, 0 to delete, 2 unchanged.");
      assertThat(summary("Apply", run.out())).containsExactly(26, 0, 0);
      assertThat(run.out().indexOf("Plan: 26 to create")).as("the plan comes before anything is changed")
          .isLessThan(run.out().indexOf(" done in "));
      for (var key : PlanCommandTest.HELLO_RESOURCES) {
        if (!key.equals("ecr-repository")) {
          assertThat(run.out()).containsPattern(progressLine(key));
        }
      }
      assertThat(run.out()).doesNotContainPattern("(?m)^\\s+\\S*\\s+ecr-repository\\s+(done|progressing) in");
      var service = emulator.cli("ecs", "describe-services", "--cluster", "hello", "--services", "hello").assertOk()
          .json().path("services").get(0);
      assertThat(service.path("status").asString()).isEqualTo("ACTIVE");
      assertThat(service.path("desiredCount").asInt()).isEqualTo(2);
    }

    @Test
    void aSecondApplyHasNothingToDo() {
      pushImage(emulator);
      assertThat(apply(HELLO).exitCode()).isZero();

      var again = apply(HELLO);

      assertThat(again.exitCode()).as(again.out() + again.err()).isZero();
      assertThat(again.out()).contains("Apply hello: nothing to do.")
          .contains("Plan: 0 to create, 0 to update, 0 to replace, 0 to delete, 28 unchanged.")
          .doesNotContainPattern("(done|progressing|failed|skipped) in \\d");
    }

    @Test
    void progressLinesReadTheSameInEveryLocale() {
      pushImage(emulator);
      var before = Locale.getDefault();
      Locale.setDefault(Locale.GERMANY);
      try {
        var run = apply(HELLO);

        assertThat(run.out()).containsPattern(progressLine("vpc"))
            .containsPattern("(?m)^Apply hello: \\d+ done, \\d+ progressing, 0 failed, 0 skipped in \\d+\\.\\d s\\.$");
      } finally {
        Locale.setDefault(before);
      }
    }
  }

  @Nested
  class WithoutTheImage {

    @Test
    void theTaskDefinitionIsBlockedTheServiceIsNotCreatedAndTheExitCodeIsOne() {
      var run = apply(HELLO);

      assertThat(run.exitCode()).isEqualTo(1);
      assertThat(run.out()).containsPattern("(?m)^  !\\s+task-definition\\s+to create BLOCKED: image tag 1.0.0 is not "
              + "in ECR repository hello")
          .containsPattern("(?m)^  \\+\\s+task-definition\\s+failed in \\d+\\.\\d s: image tag 1.0.0")
          .containsPattern("(?m)^  \\+\\s+ecs-service\\s+skipped in \\d+\\.\\d s: waiting for \\[task-definition\\]");
      assertThat(summary("Apply", run.out())).containsExactly(25, 1, 1);
      assertThat(activeClusters(emulator)).isEqualTo(1);
      assertThat(activeServices(emulator)).isZero();
    }
  }

  @Nested
  class WithInvalidInput {

    @Test
    void anInvalidFileIsReportedWithItsPositionAndMakesNoAwsCall(@TempDir Path dir) throws IOException {
      var bad = dir.resolve("bad.yaml");
      var text = Files.readString(HELLO).replace("cpu: 256", "cpu: 300");
      Files.writeString(bad, text);
      int cpuLine = text.lines().toList().indexOf("    cpu: 300") + 1;
      try (var endpoint = CountingEndpoint.start()) {
        var args = new ArrayList<>(List.of("apply", "--endpoint-url", endpoint.uri().toString()));
        args.addAll(QUICK);
        args.add(bad.toString());

        var run = CommandRun.of(args.toArray(String[]::new));

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("bad.yaml:" + cpuLine + ":10: spec.service.cpu: value 300 is not allowed");
        assertThat(endpoint.requests()).isZero();
      }
    }

    @Test
    void aValidStackBesideAnInvalidOneIsStillAppliedButTheExitCodeIsOne(@TempDir Path dir) throws IOException {
      pushImage(emulator);
      Files.copy(HELLO, dir.resolve("hello.yaml"));
      Files.writeString(dir.resolve("other.yaml"), Files.readString(HELLO).replace("name: hello", "name: Other"));

      var run = apply(dir.resolve("hello.yaml"), dir.resolve("other.yaml"));

      assertThat(run.exitCode()).isEqualTo(1);
      assertThat(run.err()).contains("other.yaml:7:9: metadata.name");
      assertThat(run.out()).contains("Applying 1 stack(s)...");
      assertThat(summary("Apply", run.out())).containsExactly(26, 0, 0);
      assertThat(activeServices(emulator)).isEqualTo(1);
    }
  }

  @Nested
  class InObserveMode {

    @Test
    void nothingIsCreatedTheOutputSaysWhyAndTheExitCodeIsOne(@TempDir Path dir) throws IOException {
      pushImage(emulator);
      var observing = dir.resolve("hello.yaml");
      Files.writeString(observing, Files.readString(HELLO).replace("mode: enforce", "mode: observe"));

      var run = apply(observing);

      // apply exits 0 only when every stack converged; a stack in observe mode is planned, never converged.
      assertThat(run.exitCode()).isEqualTo(1);
      assertThat(run.out()).contains("Plan: 26 to create")
          .contains("Apply hello: not applied: stack hello is in observe mode: changes are reported, never made")
          .doesNotContainPattern("(done|progressing|failed|skipped) in \\d");
      assertThat(ownedVpcs(emulator)).isZero();
      assertThat(activeClusters(emulator)).isZero();
    }
  }
}
