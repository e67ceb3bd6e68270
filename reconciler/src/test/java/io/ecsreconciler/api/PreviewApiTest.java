package io.ecsreconciler.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecsreconciler.app.RunningController;
import io.ecsreconciler.loop.Controller;
import io.ecsreconciler.loop.RegionalClients;
import io.ecsreconciler.loop.StackStatus;
import io.ecsreconciler.loop.StatusBoard;
import io.ecsreconciler.loop.Sync;
import io.ecsreconciler.source.DesiredStateSource;
import io.ecsreconciler.source.GitSource;
import io.ecsreconciler.testing.AwsEmulator;
import io.ecsreconciler.testing.AwsEmulatorTest;
import io.ecsreconciler.testing.DesiredStateRepo;
import io.ecsreconciler.testing.EcrImages;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * GET /api/v1/preview on the real controller following main of a real Git repository: a reviewer's look at what a
 * branch, commit or pull request would change, planned against the emulator's live AWS, while the controller goes
 * on reconciling main and nothing in AWS changes.
 */
@AwsEmulatorTest
class PreviewApiTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String[] TOKEN = {"Authorization", "Bearer " + RunningController.API_TOKEN};

  /**
   * One controller for the group; main holds hello, the branch feature asks for 3 tasks of image 1.1.0, the branch
   * broken adds a file with a cpu Fargate does not have. The emulator is reset before every test: tests that need
   * main in AWS let the controller apply it first.
   */
  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class OnAControllerThatReadsGit {

    private final AwsEmulator emulator;
    private DesiredStateRepo repo;
    private RunningController controller;
    private String onFeature;
    private String problem;

    OnAControllerThatReadsGit(AwsEmulator emulator) {
      this.emulator = emulator;
    }

    @BeforeAll
    void startOnARepositoryWithBranches(@TempDir Path repoDir, @TempDir Path cache) throws Exception {
      repo = DesiredStateRepo.create(repoDir);
      repo.branch("feature");
      onFeature = repo.editHello(yaml -> yaml.replace("desiredCount: 2", "desiredCount: 3")
          .replace("tag: \"1.0.0\"", "tag: \"1.1.0\""), "three tasks of 1.1.0");
      repo.checkout("main");
      repo.branch("broken");
      var bad = Files.readString(DesiredStateRepo.HELLO).replace("name: hello", "name: other")
          .replace("cpu: 256", "cpu: 300");
      repo.commit("other.yaml", bad, "a second stack, with a cpu Fargate does not have");
      problem = "desired-state/other.yaml:" + (bad.lines().toList().indexOf("    cpu: 300") + 1)
          + ":10: spec.service.cpu: value 300 is not allowed";
      repo.checkout("main");
      controller = RunningController.start(emulator, repo.source(cache));
    }

    @AfterAll
    void stop() {
      if (controller != null) {
        controller.close();
      }
      if (repo != null) {
        repo.close();
      }
    }

    /** What the controller is for: main applied to AWS, by a pass of its own. */
    private StackStatus mainApplied() {
      EcrImages.push(emulator, "1.0.0");
      EcrImages.push(emulator, "1.1.0");
      controller.bean(Controller.class).runOnce("test");
      var hello = controller.bean(StatusBoard.class).stack("hello").orElseThrow();
      assertThat(hello.sync()).as(hello.toString()).isEqualTo(Sync.Synced);
      return hello;
    }

    private HttpResponse<String> preview(String query) {
      return controller.get("/api/v1/preview?" + query, TOKEN);
    }

    private int desiredCountInAws() {
      return emulator.cli("ecs", "describe-services", "--cluster", "hello", "--services", "hello").assertOk().json()
          .path("services").get(0).path("desiredCount").asInt();
    }

    @Test
    void aBranchShowsItsDesiredCountAndImageDeltasInMarkdownWhileTheControllerStaysOnMain() {
      var before = mainApplied();
      var source = (GitSource) controller.bean(DesiredStateSource.class);
      var followed = source.lastRevision();

      var response = preview("ref=feature");

      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
          assertThat(type.toLowerCase(java.util.Locale.ROOT).replace(" ", "")).isEqualTo("text/markdown;charset=utf-8"));
      assertThat(response.body()).startsWith("## Plan preview of `feature` at `" + onFeature.substring(0, 12) + "`")
          .contains("| ✏️ | `ecs-service` | update | `desiredCount`: 2 -> 3 |")
          .containsPattern("\\| ✏️ \\| `task-definition` \\| update \\| `image`: \\S+/hello:1\\.0\\.0 -> \\S+/hello:1\\.1\\.0 \\|");
      var after = controller.bean(StatusBoard.class).stack("hello").orElseThrow();
      assertThat(after.revision()).isEqualTo(before.revision()).isNotEqualTo(onFeature);
      assertThat(after.lastPassAt()).isEqualTo(before.lastPassAt());
      assertThat(after.lastPlan()).isEqualTo(before.lastPlan());
      assertThat(source.lastRevision()).isEqualTo(followed);

      controller.bean(Controller.class).runOnce("test");

      assertThat(controller.bean(StatusBoard.class).stack("hello").orElseThrow().revision())
          .isEqualTo(before.revision());
      assertThat(desiredCountInAws()).isEqualTo(2);
    }

    @Test
    void aPreviewMakesNoMutatingAwsCallByTheControllersOwnCounter() {
      mainApplied();
      var counter = controller.bean(RegionalClients.class).counter();
      var mutations = counter.mutations();
      var reads = counter.reads();

      var response = preview("ref=feature");

      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      assertThat(counter.mutations()).as(counter.snapshot().toString()).isEqualTo(mutations);
      assertThat(counter.reads() - reads).as("the preview observed AWS").isBetween(1L, 25L);
    }

    @Test
    void invalidFilesAreProblemsAtTheirLineInMarkdownAndJsonBesideTheValidStacksPlan() {
      var markdown = preview("ref=broken");
      var json = preview("ref=broken&format=json");

      assertThat(markdown.statusCode()).isEqualTo(200);
      assertThat(markdown.body()).contains("### ⛔ Invalid files", problem, "### Stack `hello` (us-east-1)");
      assertThat(json.statusCode()).isEqualTo(200);
      assertThat(json.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
          assertThat(type).startsWith("application/json"));
      var body = JSON.readTree(json.body());
      assertThat(StreamSupport.stream(body.path("problems").spliterator(), false).map(JsonNode::asString))
          .singleElement().asString().startsWith(problem);
      assertThat(body.path("stacks").get(0).path("stack").asString()).isEqualTo("hello");
      assertThat(body.path("ref").asString()).isEqualTo("broken");
    }

    @Test
    void aCommitIdFullOrAbbreviatedWorksAsARef() {
      for (var id : new String[] {onFeature, onFeature.substring(0, 8)}) {
        var response = preview("ref=" + id + "&format=json");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        var body = JSON.readTree(response.body());
        assertThat(body.path("ref").asString()).isEqualTo(id);
        assertThat(body.path("revision").asString()).isEqualTo(onFeature);
        assertThat(body.path("source").asString()).isEqualTo("git " + repo.url() + " " + id + ":desired-state");
      }
    }

    @Test
    void anUnknownRefIsNotFoundWithAClearMessage() {
      var response = preview("ref=no-such-branch");

      assertThat(response.statusCode()).isEqualTo(404);
      assertThat(JSON.readTree(response.body()).path("error").asString())
          .isEqualTo("ref 'no-such-branch' not found in " + repo.url() + ": no branch, tag or ref of that name");
    }

    @Test
    void aMissingOrMalformedRefAndAnUnknownFormatAreBadRequests() {
      assertThat(preview("").statusCode()).isEqualTo(400);
      assertThat(JSON.readTree(preview("ref=").body()).path("error").asString()).startsWith("ref is required");
      var refspec = preview("ref=feature:refs/remotes/origin/main");
      assertThat(refspec.statusCode()).isEqualTo(400);
      assertThat(JSON.readTree(refspec.body()).path("error").asString()).contains("is not a valid ref");
      assertThat(preview("ref=feature&format=html").statusCode()).isEqualTo(400);
    }

    @Test
    void previewsNeedTheBearerTokenAlthoughTheyAreReads() {
      var anonymous = controller.get("/api/v1/preview?ref=feature");
      var wrong = controller.get("/api/v1/preview?ref=feature", "Authorization", "Bearer wrong");

      assertThat(anonymous.statusCode()).isEqualTo(401);
      assertThat(anonymous.headers().firstValue("WWW-Authenticate")).contains("Bearer");
      assertThat(JSON.readTree(anonymous.body()).path("error").asString()).contains("bearer token");
      assertThat(wrong.statusCode()).isEqualTo(401);
      assertThat(controller.get("/api/v1/stacks").statusCode()).as("other reads stay open").isEqualTo(200);
    }

    @Test
    void theOpenApiDocumentDescribesThePreviewItsFormatsAndItsToken() {
      var preview = controller.getJson("/v3/api-docs").path("paths").path("/api/v1/preview").path("get");

      assertThat(preview.path("summary").asString()).startsWith("Plan preview of a branch");
      assertThat(preview.path("security").get(0).has("bearer")).isTrue();
      assertThat(preview.path("parameters").findValuesAsString("name")).containsExactlyInAnyOrder("ref", "format");
      assertThat(preview.path("responses").path("200").path("content").propertyNames())
          .contains("text/markdown", "application/json");
      assertThat(preview.path("responses").propertyNames()).contains("400", "401", "404", "409", "502");
    }
  }

  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class OnAControllerThatReadsAFolder {

    private RunningController controller;

    @BeforeAll
    void start(AwsEmulator emulator, @TempDir Path folder) {
      controller = new HelloFolder(folder).start(emulator);
    }

    @AfterAll
    void stop() {
      if (controller != null) {
        controller.close();
      }
    }

    @Test
    void aPreviewIsAConflictThatSaysPreviewsNeedAGitSource() {
      var response = controller.get("/api/v1/preview?ref=main", TOKEN);

      assertThat(response.statusCode()).isEqualTo(409);
      assertThat(JSON.readTree(response.body()).path("error").asString())
          .startsWith("previews read the controller's Git source, and this controller reads folder ")
          .endsWith("(set reconciler.source.type=git)");
    }
  }
}
