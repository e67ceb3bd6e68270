package io.ecsreconciler.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecsreconciler.desired.StackLoader;
import io.ecsreconciler.engine.Applier;
import io.ecsreconciler.pass.StackPass;
import io.ecsreconciler.plan.PlanRenderer;
import io.ecsreconciler.testing.AwsEmulator;
import io.ecsreconciler.testing.AwsEmulatorTest;
import io.ecsreconciler.testing.CountingEndpoint;
import io.ecsreconciler.testing.DesiredStateRepo;
import io.ecsreconciler.testing.EcrImages;
import io.ecsreconciler.testing.RecordingEndpoint;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code plan --git-url URL --ref REF}: a reviewer's preview of a branch, tag, commit or pull request of a real
 * Git repository, planned against the emulator's live AWS exactly as {@code plan} plans local files.
 */
@AwsEmulatorTest
class PlanAtRefTest {

  private static final Applier.Options QUICK = new Applier.Options(Duration.ofSeconds(5), Duration.ofMillis(100));

  private final AwsEmulator emulator;
  private DesiredStateRepo repo;

  PlanAtRefTest(AwsEmulator emulator) {
    this.emulator = emulator;
  }

  @BeforeEach
  void repository(@TempDir Path dir) throws Exception {
    repo = DesiredStateRepo.create(dir);
  }

  @AfterEach
  void close() {
    repo.close();
  }

  private CommandRun plan(String... args) {
    return planAt(emulator.endpoint().toString(), args);
  }

  private CommandRun planAt(String endpoint, String... args) {
    var all = new ArrayList<>(List.of("plan", "--endpoint-url", endpoint, "--git-url", repo.url()));
    all.addAll(List.of(args));
    return CommandRun.of(all.toArray(String[]::new));
  }

  private int desiredCountInAws() {
    return emulator.cli("ecs", "describe-services", "--cluster", "hello", "--services", "hello").assertOk().json()
        .path("services").get(0).path("desiredCount").asInt();
  }

  /** main's hello is applied to AWS; the branch feature asks for 3 tasks of image 1.1.0, as a pull request would. */
  @Nested
  class WithMainApplied {

    private String onFeature;

    @BeforeEach
    void applyMainAndBranchOff() throws Exception {
      EcrImages.push(emulator, "1.0.0");
      EcrImages.push(emulator, "1.1.0");
      var hello = new StackLoader().load(DesiredStateRepo.HELLO).stack().orElseThrow();
      var options = new StackPass.Options(StackPass.Goal.APPLY, false, false, QUICK);
      StackPass.run(hello, emulator.clients(), options, StackPass.Progress.SILENT);
      assertThat(plan("--ref", "main").exitCode()).as("main is applied: nothing to do").isZero();
      repo.branch("feature");
      onFeature = repo.editHello(yaml -> yaml.replace("desiredCount: 2", "desiredCount: 3")
          .replace("tag: \"1.0.0\"", "tag: \"1.1.0\""), "three tasks of 1.1.0");
      repo.checkout("main");
    }

    @Test
    void theMarkdownOfABranchShowsItsDesiredCountAndImageDeltasAndExitsTwo() {
      var run = plan("--ref", "feature", "--format", "markdown");

      assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
      assertThat(run.out()).startsWith("## Plan preview of `feature` at `" + onFeature.substring(0, 12) + "`\n")
          .contains("at commit `" + onFeature + "`")
          .contains("### Stack `hello` (us-east-1)")
          .contains("`desiredCount`: 2 -> 3")
          .containsPattern("`image`: \\S+/hello:1\\.0\\.0 -> \\S+/hello:1\\.1\\.0");
      assertThat(desiredCountInAws()).isEqualTo(2);
    }

    @Test
    void textIsTheDefaultFormatAsForLocalFiles() {
      var run = plan("--ref", "feature");

      assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
      assertThat(run.out()).startsWith("Ref feature at " + onFeature + " (git " + repo.url() + " feature:desired-state):\n")
          .containsPattern("(?m)^  ~\\s+ecs-service\\s+update$")
          .contains("        desiredCount: 2 -> 3");
    }

    @Test
    void aPlanOfARefMakesReadCallsOnlyAsTheEndpointSeesThem() {
      try (var endpoint = RecordingEndpoint.forwardingTo(emulator.endpoint())) {
        var run = planAt(endpoint.uri().toString(), "--ref", "feature");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
        assertThat(endpoint.operations()).contains("DescribeVpcs", "DescribeServices", "DescribeTaskDefinition");
        assertThat(endpoint.mutating()).isEmpty();
      }
      assertThat(desiredCountInAws()).isEqualTo(2);
    }

    @Test
    void aCommitIdFullOrAbbreviatedIsPlannedLikeTheBranchItIsOn() {
      for (var id : List.of(onFeature, onFeature.substring(0, 7))) {
        var run = plan("--ref", id);

        assertThat(run.exitCode()).as(id + ": " + run.err()).isEqualTo(2);
        assertThat(run.out()).as(id).startsWith("Ref " + id + " at " + onFeature + " ")
            .contains("        desiredCount: 2 -> 3");
      }
    }

    @Test
    void aPullRequestRefIsPlannedByItsFullName() throws Exception {
      repo.ref("refs/pull/7/head", onFeature);

      var run = plan("--ref", "refs/pull/7/head", "--format", "json");

      assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
      assertThat(run.out()).contains("\"ref\" : \"refs/pull/7/head\"", "\"revision\" : \"" + onFeature + "\"",
          "\"field\" : \"desiredCount\"");
    }
  }

  @Nested
  class WithInvalidInput {

    @Test
    void anInvalidFileOnTheBranchIsReportedAtItsLineWhileTheValidStackIsStillPlanned() throws Exception {
      repo.branch("broken");
      var bad = Files.readString(DesiredStateRepo.HELLO).replace("name: hello", "name: other")
          .replace("cpu: 256", "cpu: 300");
      repo.commit("other.yaml", bad, "a second stack, with a cpu Fargate does not have");
      int cpuLine = bad.lines().toList().indexOf("    cpu: 300") + 1;
      var problem = "desired-state/other.yaml:" + cpuLine + ":10: spec.service.cpu: value 300 is not allowed";

      var run = plan("--ref", "broken", "--format", "markdown");

      assertThat(run.exitCode()).isEqualTo(1);
      assertThat(run.err()).contains(problem);
      assertThat(run.out()).contains("### ⛔ Invalid files", "```text\n" + problem)
          .contains("### Stack `hello` (us-east-1)");
    }

    @Test
    void anUnknownRefExitsOneNamingItWithoutAnyAwsCall() {
      try (var endpoint = CountingEndpoint.start()) {
        var run = planAt(endpoint.uri().toString(), "--ref", "no-such-branch");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("ref 'no-such-branch' not found in " + repo.url());
        assertThat(run.out()).isEmpty();
        assertThat(endpoint.requests()).isZero();
      }
    }

    @Test
    void theGitTokenComesFromTheEnvironmentAndIsNeverPrinted() throws Exception {
      var secret = "ghp_S3cr3tT0kenValue0123456789";
      var git = new GitRefOptions();
      git.url = "https://127.0.0.1:9/acme/infra.git";
      git.ref = "refs/pull/7/head";
      git.path = "desired-state";
      var environment = Map.of(GitRefOptions.TOKEN, secret);
      var out = new StringWriter();
      var err = new StringWriter();

      int exit = PlanAtRef.run(git, PlanRenderer.Format.markdown, new AwsOptions(), environment::get,
          new PrintWriter(out, true), new PrintWriter(err, true));

      assertThat(git.settings(Path.of("unused"), environment::get).token()).contains(secret);
      assertThat(exit).isEqualTo(1);
      assertThat(err.toString()).contains("cannot list the refs of https://127.0.0.1:9/acme/infra.git")
          .doesNotContain(secret);
      assertThat(out.toString()).isEmpty();
    }

    @Test
    void filesAndAGitUrlAreMutuallyExclusiveAndOneOfThemIsNeeded() {
      var both = CommandRun.of("plan", "--git-url", repo.url(), "--ref", "main", DesiredStateRepo.HELLO.toString());
      var neither = CommandRun.of("plan");
      var noRef = CommandRun.of("plan", "--git-url", repo.url());
      var noUrl = CommandRun.of("plan", "--ref", "main");

      assertThat(List.of(both, neither, noRef, noUrl)).allSatisfy(run -> assertThat(run.exitCode()).isEqualTo(1));
      assertThat(both.err()).startsWith("FILE_OR_DIR and --git-url are mutually exclusive");
      assertThat(neither.err()).startsWith("nothing to plan: give FILE_OR_DIR..., or --git-url URL --ref REF");
      assertThat(noRef.err()).startsWith("--git-url needs --ref");
      assertThat(noUrl.err()).startsWith("--ref needs --git-url");
    }
  }
}
