package io.ecsreconciler.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecsreconciler.engine.Stack;
import io.ecsreconciler.testing.AwsEmulator;
import io.ecsreconciler.testing.AwsEmulatorTest;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@AwsEmulatorTest
class DestroyCommandTest {

  private final AwsEmulator emulator;

  DestroyCommandTest(AwsEmulator emulator) {
    this.emulator = emulator;
  }

  @BeforeEach
  void theStackIsApplied() {
    ApplyCommandTest.pushImage(emulator);
    var applied = ApplyCommandTest.run(emulator, "apply", List.of(), ApplyCommandTest.HELLO);
    assertThat(applied.exitCode()).as(applied.out() + applied.err()).isZero();
    assertThat(inventory()).isEqualTo(APPLIED);
  }

  private CommandRun destroy(String... options) {
    return ApplyCommandTest.run(emulator, "destroy", List.of(options), ApplyCommandTest.HELLO);
  }

  /** destroy without --yes, with {@code answer} typed at the prompt. */
  private CommandRun destroyAnswering(String answer) {
    var stdin = System.in;
    System.setIn(new ByteArrayInputStream(answer.getBytes(StandardCharsets.UTF_8)));
    try {
      return destroy();
    } finally {
      System.setIn(stdin);
    }
  }

  private int count(String list, String... describe) {
    return emulator.cli(describe).assertOk().json().path(list).size();
  }

  /** What the stack owns, found with the AWS CLI by its tag (or, where the tag cannot be filtered on, by name). */
  private String inventory() {
    var owned = "Name=tag:" + Stack.STACK_TAG + ",Values=hello";
    return "vpcs=" + count("Vpcs", "ec2", "describe-vpcs", "--filters", owned)
        + " subnets=" + count("Subnets", "ec2", "describe-subnets", "--filters", owned)
        + " balancers=" + count("LoadBalancers", "elbv2", "describe-load-balancers")
        + " clusters=" + ApplyCommandTest.activeClusters(emulator)
        + " services=" + ApplyCommandTest.activeServices(emulator);
  }

  private static final String NOTHING = "vpcs=0 subnets=0 balancers=0 clusters=0 services=0";
  private static final String APPLIED = "vpcs=1 subnets=4 balancers=1 clusters=1 services=1";

  // Each test builds the whole stack once (the costly part) and then walks one user's way through destroy, step by
  // step: a step's end state is the next step's start.

  @Test
  void withYesItDeletesEverythingTheStackOwnsKeepsTheAdoptedRepositoryAndThenHasNothingToDo() {
    var run = destroy("--yes");

    assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
    assertThat(run.out()).containsPattern("(?m)^  -\\s+vpc\\s+done in \\d+\\.\\d s$")
        .containsPattern("(?m)^  -\\s+ecs-service\\s+done in \\d+\\.\\d s$")
        .doesNotContain("Destroy cancelled");
    assertThat(ApplyCommandTest.summary("Destroy", run.out())).containsExactly(26, 0, 0);
    assertThat(inventory()).isEqualTo(NOTHING);

    // the adopted repository and its image survive
    var images = emulator.cli("ecr", "list-images", "--repository-name", "hello").assertOk().json();
    assertThat(images.path("imageIds").valueStream().map(id -> id.path("imageTag").asString()))
        .containsExactly("1.0.0");

    // a second destroy has nothing to do
    var again = destroy("--yes");
    assertThat(again.exitCode()).as(again.out() + again.err()).isZero();
    assertThat(again.out()).contains("Destroy hello: nothing to do.")
        .doesNotContainPattern("(done|progressing|failed|skipped) in \\d");
    assertThat(inventory()).isEqualTo(NOTHING);

    // and without --yes, when nothing is left, it does not ask
    var unasked = destroyAnswering("");
    assertThat(unasked.exitCode()).isZero();
    assertThat(unasked.out()).contains("Nothing to destroy.").doesNotContain("Only 'yes' is accepted");
    assertThat(unasked.err()).doesNotContain("cancelled");
  }

  @Test
  void withoutYesOnlyTheWordYesDeletes() {
    var no = destroyAnswering("no\n");

    assertThat(no.exitCode()).isEqualTo(1);
    assertThat(no.out()).containsPattern("(?m)^  -\\s+vpc\\s+delete \\(destroy\\)$")
        .contains("Plan: 0 to create, 0 to update, 0 to replace, 26 to delete, 0 unchanged.\n")
        .doesNotContain("BLOCKED")
        .containsPattern("Destroy \\d+ resource\\(s\\)\\? Only 'yes' is accepted: $")
        .doesNotContainPattern("(done|progressing|failed|skipped) in \\d");
    assertThat(no.err()).contains("Destroy cancelled: nothing was deleted.");
    assertThat(inventory()).isEqualTo(APPLIED);

    // no answer at all (end of input) cancels too
    var none = destroyAnswering("");
    assertThat(none.exitCode()).isEqualTo(1);
    assertThat(none.err()).contains("Destroy cancelled");
    assertThat(inventory()).isEqualTo(APPLIED);

    var yes = destroyAnswering("yes\n");
    assertThat(yes.exitCode()).as(yes.out() + yes.err()).isZero();
    assertThat(yes.out()).contains("Only 'yes' is accepted: ");
    assertThat(ApplyCommandTest.summary("Destroy", yes.out())).containsExactly(26, 0, 0);
    assertThat(inventory()).isEqualTo(NOTHING);
  }
}
