package io.ecsreconciler.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecsreconciler.testing.AwsEmulator;
import io.ecsreconciler.testing.AwsEmulatorTest;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/deliver as the pipelines' deliver job runs it, on a clone of a Git repository holding this project's
 * desired-state/, with the reconciler's set-image and a plan against the emulator: the new tag reaches the target
 * branch at once with continuous deployment, or a delivery branch whose request description is the Markdown plan;
 * an older commit never replaces a newer tag, and a bad tag delivers nothing. No Git host: the request itself is
 * not opened (DELIVERY_HOST unset prints its description).
 */
@AwsEmulatorTest
class DeliverScriptTest {

  private static final Path PROJECT = Path.of("..").toAbsolutePath().normalize();
  private static final String TAG = "3f2a9c0d1e2b3c4d5e6f708192a3b4c5d6e7f809";

  private final AwsEmulator emulator;
  @TempDir
  Path dir;
  private Path origin;
  private Path checkout;
  private String seeded;

  DeliverScriptTest(AwsEmulator emulator) {
    this.emulator = emulator;
  }

  /** The desired-state repository (bare, as the Git host's) with bin/deliver and hello.yaml, and CI's checkout. */
  @BeforeEach
  void aRepositoryAndItsCheckout() throws IOException {
    var seed = dir.resolve("seed");
    Files.createDirectories(seed.resolve("bin"));
    Files.createDirectories(seed.resolve("desired-state"));
    Files.copy(PROJECT.resolve("bin/deliver"), seed.resolve("bin/deliver"));
    Files.copy(PROJECT.resolve("desired-state/hello.yaml"), seed.resolve("desired-state/hello.yaml"));
    git(seed, "init", "-q", "-b", "main");
    git(seed, "add", ".");
    git(seed, "commit", "-q", "-m", "the hello stack");
    origin = dir.resolve("origin.git");
    git(dir, "clone", "-q", "--bare", seed.toString(), origin.toString());
    checkout = dir.resolve("checkout");
    git(dir, "clone", "-q", origin.toString(), checkout.toString());
    seeded = Files.readString(seed.resolve("desired-state/hello.yaml"));
  }

  @Test
  void continuousDeploymentCommitsOnlyTheNewTagToTheTargetBranch() throws IOException {
    var run = deliver(TAG, Map.of("CONTINUOUS_DEPLOYMENT", "true"));

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.output()).contains("deliver: Deliver hello " + TAG + " pushed to main (continuous deployment)");
    assertThat(show("main:desired-state/hello.yaml"))
        .isEqualTo(seeded.replace("tag: \"1.0.0\"", "tag: \"" + TAG + "\""));
    assertThat(git(origin, "log", "-1", "--format=%s", "main").strip()).isEqualTo("Deliver hello " + TAG);
  }

  @Test
  void withoutItADeliveryBranchIsPushedWithThePlanAsTheRequestsDescription() throws IOException {
    var run = deliver(TAG, Map.of());

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(show("main:desired-state/hello.yaml")).as("main untouched until the request is merged")
        .isEqualTo(seeded);
    assertThat(show("delivery/" + TAG + ":desired-state/hello.yaml"))
        .isEqualTo(seeded.replace("tag: \"1.0.0\"", "tag: \"" + TAG + "\""));
    assertThat(run.output()).contains("open the request yourself")
        .contains("The image `hello:" + TAG + "`, built and pushed to ECR by CI, set in `desired-state/hello.yaml`")
        .contains("The plan of `desired-state/` with this change, against live AWS:")
        .as("the plan of a stack that does not exist yet").contains("hello").contains("ecs-service");
  }

  @Test
  void anOlderCommitNeverReplacesANewerTag() throws IOException {
    git(checkout, "commit", "-q", "--allow-empty", "-m", "older");
    var older = git(checkout, "rev-parse", "HEAD").strip();
    git(checkout, "commit", "-q", "--allow-empty", "-m", "newer");
    var newer = git(checkout, "rev-parse", "HEAD").strip();
    var file = checkout.resolve("desired-state/hello.yaml");
    Files.writeString(file, Files.readString(file).replace("tag: \"1.0.0\"", "tag: \"" + newer + "\""));
    git(checkout, "commit", "-q", "-am", "hello at the newer commit");
    git(checkout, "push", "-q", "origin", "HEAD:main");
    var before = show("main:desired-state/hello.yaml");

    var run = deliver(older, Map.of("CONTINUOUS_DEPLOYMENT", "true"));

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.output()).contains("is at " + newer + ", a later commit than " + older + ": nothing to deliver");
    assertThat(show("main:desired-state/hello.yaml")).isEqualTo(before);
  }

  @Test
  void aTagThatIsNoImageTagDeliversNothing() throws IOException {
    var tooLong = "a".repeat(129); // a valid branch name, no image tag (at most 128 characters)
    var run = deliver(tooLong, Map.of("CONTINUOUS_DEPLOYMENT", "true"));

    assertThat(run.exitCode()).as(run.output()).isEqualTo(1);
    assertThat(show("main:desired-state/hello.yaml")).isEqualTo(seeded);
    assertThat(git(origin, "branch", "--list").strip()).isEqualTo("* main");
  }

  private record Run(int exitCode, String output) {}

  private Run deliver(String tag, Map<String, String> variables) throws IOException {
    var builder = new ProcessBuilder("bash", checkout.resolve("bin/deliver").toString(), tag)
        .directory(checkout.toFile()).redirectErrorStream(true)
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    var env = builder.environment();
    env.keySet().removeIf(name -> name.startsWith("AWS_") || name.startsWith("GIT") || name.startsWith("CI_")
        || name.equals("CONTINUOUS_DEPLOYMENT") || name.equals("DELIVERY_HOST") || name.equals("TARGET_BRANCH"));
    env.putAll(gitEnvironment());
    env.put("AWS_ENDPOINT_URL", emulator.endpoint().toString());
    env.put("AWS_ACCESS_KEY_ID", AwsEmulator.ACCESS_KEY_ID);
    env.put("AWS_SECRET_ACCESS_KEY", AwsEmulator.SECRET_ACCESS_KEY);
    env.put("AWS_REGION", emulator.region());
    env.put("RECONCILER", reconcilerCommand());
    env.putAll(variables);
    var log = dir.resolve("deliver.log");
    var process = builder.redirectOutput(log.toFile()).start();
    try {
      if (!process.waitFor(180, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("bin/deliver did not finish in 180 s:\n" + Files.readString(log));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    return new Run(process.exitValue(), Files.readString(log));
  }

  /** The reconciler as the jar would run it, from this test's own classpath (the jar is built after the tests). */
  private static String reconcilerCommand() {
    var classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    var java = Path.of(System.getProperty("java.home"), "bin", "java");
    return java + " -cp " + classpath + " io.ecsreconciler.ReconcilerMain";
  }

  private String show(String object) {
    return git(origin, "show", object);
  }

  private String git(Path where, String... args) {
    var command = new ArrayList<>(List.of("git", "-c", "user.name=test", "-c", "user.email=test@example.com"));
    command.addAll(List.of(args));
    try {
      var builder = new ProcessBuilder(command).directory(where.toFile()).redirectErrorStream(true);
      builder.environment().keySet().removeIf(name -> name.startsWith("GIT"));
      builder.environment().putAll(gitEnvironment());
      var process = builder.start();
      var output = new String(process.getInputStream().readAllBytes());
      if (process.waitFor() != 0) {
        throw new AssertionError("git " + String.join(" ", args) + " failed:\n" + output);
      }
      return output;
    } catch (IOException e) {
      throw new AssertionError("git " + String.join(" ", args), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Git without the machine's configuration. */
  private Map<String, String> gitEnvironment() {
    return Map.of("GIT_CONFIG_NOSYSTEM", "1", "GIT_CONFIG_GLOBAL", "/dev/null", "HOME", dir.toString());
  }
}
