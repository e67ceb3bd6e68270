package io.ecsreconciler.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * The pipelines and what they deploy hold no static AWS secret: every job that talks to AWS gets a role by its OIDC
 * token (GitLab's {@code id_tokens}, GitHub's {@code id-token: write} with the official credentials action), and the
 * controller's manifests rely on its role (Pod Identity or IRSA, the ECS task role). The files that run against the
 * emulator (compose, bin/demo, bin/bench) hold its fake {@code test} key and nothing else.
 */
class PipelinesTest {

  private static final Path ROOT = Path.of("..");
  private static final Path GITLAB_CI = ROOT.resolve(".gitlab-ci.yml");
  private static final Path GITHUB_WORKFLOWS = ROOT.resolve(".github/workflows");
  /**
   * An AWS key or secret named or written out, in any of the spellings of the CLI, SDKs, actions and config files:
   * an access key id, or 40 characters of base64 with both cases and a digit (a secret key; not a commit SHA,
   * lowercase hex, nor a long Sid).
   */
  private static final Pattern STATIC_SECRET = Pattern.compile(
      "(?i:aws_access_key_id|aws_secret_access_key|aws_session_token|aws-access-key-id|aws-secret-access-key"
          + "|aws-session-token|secret_?access_?key|aws\\s+configure\\s+set|secrets\\.AWS_[A-Z_]*KEY)"
          + "|\\b(AKIA|ASIA)[A-Z0-9]{16}\\b"
          + "|(?<![A-Za-z0-9/+=])(?=[A-Za-z0-9/+]{0,39}[A-Z])(?=[A-Za-z0-9/+]{0,39}[a-z])(?=[A-Za-z0-9/+]{0,39}[0-9])"
          + "[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])");
  /** Where an emulator's fake key may be set: the value must be {@code test}. */
  private static final Pattern EMULATOR_KEY = Pattern.compile(
      "(?i)AWS_(ACCESS_KEY_ID|SECRET_ACCESS_KEY)\\s*[:=]\\s*\"?(\\$\\{AWS_[A-Z_]+:-)?([^\"}\\s]+)");

  @Nested
  class NoStaticSecret {

    @Test
    void noPipelineDeliveryScriptManifestOrPolicyNamesOrHoldsAnAwsKey() throws IOException {
      var findings = new ArrayList<String>();
      for (var file : deliveryFiles()) {
        findings.addAll(staticSecrets(file, Files.readString(file)));
      }

      assertThat(findings).isEmpty();
    }

    @Test
    void theScanFindsAKeyPlantedInAPipelineInEverySpelling() throws IOException {
      var pipeline = Files.readString(GITLAB_CI);
      var planted = List.of(
          "variables:\n  AWS_ACCESS_KEY_ID: $KEY_ID\n",
          "variables:\n  AWS_SECRET_ACCESS_KEY: $SECRET\n",
          "      aws-access-key-id: ${{ secrets.AWS_ACCESS_KEY_ID }}\n",
          "    - aws configure set region us-east-1\n",
          "# AKIAIOSFODNN7EXAMPLE\n",
          "# wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n");

      assertThat(staticSecrets(GITLAB_CI, pipeline)).as("the pipeline as shipped").isEmpty();
      assertThat(staticSecrets(GITLAB_CI, pipeline + "# hello:3f2a9c0d1e2b3c4d5e6f708192a3b4c5d6e7f809\n"))
          .as("a commit SHA is no secret").isEmpty();
      for (var line : planted) {
        assertThat(staticSecrets(GITLAB_CI, pipeline + line)).as(line).isNotEmpty();
      }
    }

    @Test
    void whatRunsAgainstTheEmulatorHoldsOnlyItsFakeKey() throws IOException {
      for (var file : List.of("docker-compose.yml", "bin/demo", "bin/bench")) {
        var matcher = EMULATOR_KEY.matcher(Files.readString(ROOT.resolve(file)));
        var found = 0;
        while (matcher.find()) {
          found++;
          assertThat(matcher.group(3)).as(file + ": " + matcher.group()).isEqualTo("test");
        }
        assertThat(found).as(file).isPositive();
      }
    }
  }

  @Nested
  class GitLab {

    @Test
    void everyJobThatTalksToAwsAssumesItsRoleWithItsIdToken() throws IOException {
      var pipeline = yaml(GITLAB_CI);
      var oidc = map(pipeline.get(".aws-by-oidc"));
      var tokens = map(oidc.get("id_tokens"));
      var variables = map(oidc.get("variables"));

      assertThat(map(tokens.get("AWS_ID_TOKEN"))).containsEntry("aud", "sts.amazonaws.com");
      assertThat(variables).containsKey("AWS_WEB_IDENTITY_TOKEN_FILE");
      for (var job : List.of("images", "deliver")) {
        var definition = map(pipeline.get(job));
        assertThat(strings(definition.get("extends"))).as(job).contains(".aws-by-oidc");
        assertThat(map(definition.get("variables")).get("AWS_ROLE_ARN")).as(job)
            .isIn("$ECR_PUSH_ROLE_ARN", "$PLAN_ROLE_ARN");
        assertThat(String.join("\n", strings(definition.get("before_script")))).as(job)
            .contains("\"$AWS_ID_TOKEN\" > \"$AWS_WEB_IDENTITY_TOKEN_FILE\"");
      }
      assertThat(map(map(pipeline.get("images")).get("variables")).get("AWS_ROLE_ARN")).isEqualTo("$ECR_PUSH_ROLE_ARN");
      assertThat(map(map(pipeline.get("deliver")).get("variables")).get("AWS_ROLE_ARN")).isEqualTo("$PLAN_ROLE_ARN");
      assertThat(map(pipeline.get("test"))).as("bin/test needs no AWS").doesNotContainKeys("id_tokens", "extends");
    }
  }

  @Nested
  class GitHub {

    @Test
    void everyJobThatTalksToAwsUsesTheOfficialActionWithARoleAndAnIdToken() throws IOException {
      for (var file : workflows()) {
        var workflow = yaml(file);
        assertThat(map(workflow.get("permissions"))).as(file + ": no id-token for every job")
            .doesNotContainKey("id-token");
        var jobsWithAws = 0;
        for (var job : map(workflow.get("jobs")).entrySet()) {
          var definition = map(job.getValue());
          var credentials = steps(definition).stream()
              .filter(step -> String.valueOf(step.get("uses")).startsWith("aws-actions/configure-aws-credentials@"))
              .toList();
          if (credentials.isEmpty()) {
            continue;
          }
          jobsWithAws++;
          assertThat(map(definition.get("permissions"))).as(job.getKey()).containsEntry("id-token", "write");
          for (var step : credentials) {
            assertThat(map(step.get("with"))).as(job.getKey()).containsKey("role-to-assume")
                .doesNotContainKeys("aws-access-key-id", "aws-secret-access-key", "aws-session-token");
          }
        }
        assertThat(jobsWithAws).as(file + ": images and deliver").isEqualTo(2);
      }
    }
  }

  private static List<String> staticSecrets(Path file, String text) {
    var findings = new ArrayList<String>();
    var lines = text.split("\n", -1);
    for (var i = 0; i < lines.length; i++) {
      var matcher = STATIC_SECRET.matcher(lines[i]);
      if (matcher.find()) {
        findings.add(file + ":" + (i + 1) + ": " + matcher.group());
      }
    }
    return findings;
  }

  /** The pipelines, bin/deliver, the controller's manifests and task definition, and the IAM documents. */
  private static List<Path> deliveryFiles() throws IOException {
    var files = new ArrayList<Path>(List.of(GITLAB_CI, ROOT.resolve("bin/deliver")));
    for (var folder : List.of(GITHUB_WORKFLOWS, ROOT.resolve("deploy"), ROOT.resolve("docs/iam"))) {
      try (Stream<Path> walk = Files.walk(folder)) {
        walk.filter(Files::isRegularFile).sorted().forEach(files::add);
      }
    }
    return files;
  }

  private static List<Path> workflows() throws IOException {
    try (Stream<Path> files = Files.list(GITHUB_WORKFLOWS)) {
      return files.filter(f -> f.toString().endsWith(".yml") || f.toString().endsWith(".yaml")).sorted().toList();
    }
  }

  private static Map<String, Object> yaml(Path file) throws IOException {
    return map(new Load(LoadSettings.builder().build()).loadFromString(Files.readString(file)));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    return value instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
  }

  private static List<String> strings(Object value) {
    return value instanceof List<?> list ? list.stream().map(String::valueOf).toList() : List.of();
  }

  private static List<Map<String, Object>> steps(Map<String, Object> job) {
    return job.get("steps") instanceof List<?> steps ? steps.stream().map(PipelinesTest::map).toList() : List.of();
  }
}
