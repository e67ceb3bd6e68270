package io.ecsreconciler.iam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.ecsreconciler.testing.EcrImages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * The CI roles of docs/iam as the pipelines use them, against moto enforcing IAM: the OIDC providers are made, the
 * roles trust them as shipped, a job's token buys a role by AssumeRoleWithWebIdentity (no access key anywhere, in
 * the SDK as in the AWS CLI the GitLab jobs run), and the temporary credentials may do what the role's policy allows
 * and nothing else. moto checks actions, not resources (so the policies hold every Resource as {@code *}), and it
 * checks neither the token nor the trust policy: the trust's conditions are evaluated here against the claims
 * GitLab and GitHub put in their jobs' tokens.
 */
class CiOidcRolesTest {

  private static final Path GITLAB_CI = Path.of("../.gitlab-ci.yml");
  private static final String TAG = "3f2a9c0d1e2b3c4d5e6f708192a3b4c5d6e7f809";
  /** A job's token as moto sees it: any string (AWS would check its signature against the provider's keys). */
  private static final String TOKEN = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJjaSJ9.c2ln";

  private static IamEnforcingMoto moto;
  private IamEnforcingMoto.Account account;

  @BeforeAll
  static void startMoto() {
    moto = IamEnforcingMoto.start();
  }

  @AfterAll
  static void stopMoto() {
    moto.close();
  }

  @BeforeEach
  void theProvidersAndRepositoriesOfTheSetUp() {
    account = moto.freshAccount();
    var iam = account.admin().iam();
    for (var url : List.of("https://gitlab.com", "https://token.actions.githubusercontent.com")) {
      iam.createOpenIDConnectProvider(r -> r.url(url).clientIDList("sts.amazonaws.com")
          .thumbprintList("0123456789abcdef0123456789abcdef01234567"));
    }
    for (var repository : List.of("hello", "ecs-reconciler")) {
      account.admin().ecr().createRepository(r -> r.repositoryName(repository));
    }
  }

  @AfterEach
  void closeAccount() {
    account.close();
  }

  @Nested
  class ThePushRole {

    private String role;

    @BeforeEach
    void trustingGitLab() {
      role = account.role("ci-push", trust("trust-gitlab-ci.json"),
          List.of(PolicyDocument.read(PolicyDocument.FOLDER.resolve("ci-push-policy.json"), values())
              .withEveryResourceStar()));
    }

    @Test
    void aGitLabJobsTokenBuysTemporaryCredentialsThatPushBothImages() {
      var credentials = moto.webIdentity(role, "gitlab-42-1001", TOKEN);

      assertThat(credentials.accessKeyId()).as("a temporary key").startsWith("ASIA");
      assertThat(credentials.sessionToken()).isNotBlank();
      try (var ci = moto.clients(credentials)) {
        assertThat(ci.sts().getCallerIdentity().arn())
            .isEqualTo("arn:aws:sts::123456789012:assumed-role/ci-push/gitlab-42-1001");
        assertThat(ci.ecr().getAuthorizationToken().authorizationData()).isNotEmpty();
        for (var repository : List.of("hello", "ecs-reconciler")) {
          EcrImages.push(ci.ecr(), repository, TAG);
          assertThat(ci.ecr().batchGetImage(r -> r.repositoryName(repository).imageIds(i -> i.imageTag(TAG)))
              .images()).hasSize(1);
        }
      }
    }

    @Test
    void theAwsCliOfTheImagesJobLogsInAndPushesWithOnlyTheRoleAndTheTokenFile(@TempDir Path dir) throws IOException {
      var token = Files.writeString(dir.resolve("gitlab-oidc-token"), TOKEN);

      var identity = moto.cliByWebIdentity(role, "gitlab-42-1002", token, "sts", "get-caller-identity").assertOk();
      var password = moto.cliByWebIdentity(role, "gitlab-42-1002", token, "ecr", "get-login-password").assertOk();
      moto.cliByWebIdentity(role, "gitlab-42-1002", token, "ecr", "put-image", "--repository-name", "hello",
          "--image-tag", TAG, "--image-manifest", EcrImages.manifest(TAG)).assertOk();

      assertThat(identity.json().path("Arn").asString())
          .isEqualTo("arn:aws:sts::123456789012:assumed-role/ci-push/gitlab-42-1002");
      assertThat(password.stdout()).isNotBlank();
      var refused = moto.cliByWebIdentity(role, "gitlab-42-1002", token, "ecr", "create-repository",
          "--repository-name", "other");
      assertThat(refused.exitCode()).as(refused.stderr()).isNotZero();
      assertThat(refused.stderr()).contains("CreateRepository");
    }

    @Test
    void thePushRoleMayNotCreateDeleteOrListRepositoriesNorTouchAnythingElse() {
      try (var ci = moto.clients(moto.webIdentity(role, "gitlab-42-1003", TOKEN))) {
        assertRefused(() -> ci.ecr().describeRepositories());
        assertRefused(() -> ci.ecr().createRepository(r -> r.repositoryName("other")));
        assertRefused(() -> ci.ecr().deleteRepository(r -> r.repositoryName("hello").force(true)));
        assertRefused(() -> ci.ecr().batchDeleteImage(r -> r.repositoryName("hello").imageIds(i -> i.imageTag(TAG))));
        assertRefused(() -> ci.ecs().listClusters());
        assertRefused(() -> ci.iam().listRoles());
      }
    }
  }

  @Nested
  class ThePlanRole {

    @Test
    void aGitHubJobsTokenBuysReadOnlyCredentialsForThePlan() {
      var role = account.role("ci-plan", trust("trust-github-actions.json"),
          List.of(PolicyDocument.read(PolicyDocument.FOLDER.resolve("ci-plan-policy.json"), values())
              .withEveryResourceStar()));
      EcrImages.push(account.admin().ecr(), "hello", TAG);

      try (var ci = moto.clients(moto.webIdentity(role, "GitHubActions", TOKEN))) {
        assertThat(ci.sts().getCallerIdentity().arn())
            .isEqualTo("arn:aws:sts::123456789012:assumed-role/ci-plan/GitHubActions");
        assertThat(ci.ecr().describeImages(r -> r.repositoryName("hello")).imageDetails()).hasSize(1);
        assertThat(ci.ecr().describeRepositories().repositories()).hasSize(2);
        ci.ec2().describeVpcs();
        ci.ecs().describeClusters(r -> r.clusters("hello"));

        assertRefused(() -> EcrImages.push(ci.ecr(), "hello", "other"));
        assertRefused(() -> ci.ecs().createCluster(r -> r.clusterName("hello")));
        assertRefused(() -> ci.ec2().createVpc(r -> r.cidrBlock("10.0.0.0/16")));
      }
    }
  }

  /** What moto does not check: the trust's conditions against the claims of the jobs' tokens. */
  @Nested
  class TheTrustPinsTheProjectAndTheProtectedBranch {

    @Test
    void gitLabJobsOfTheDefaultBranchOnlyWithTheAudienceThePipelineAsksFor() throws IOException {
      var trust = trust("trust-gitlab-ci.json");
      var provider = "arn:aws:iam::123456789012:oidc-provider/gitlab.com";
      var pipelineAudience = gitlabIdTokenAudience();

      assertThat(trusts(trust, provider, "gitlab.com", pipelineAudience,
          "project_path:acme/app:ref_type:branch:ref:main")).isTrue();
      assertThat(trusts(trust, provider, "gitlab.com", pipelineAudience,
          "project_path:acme/app:ref_type:branch:ref:feature")).as("a merge request's branch").isFalse();
      assertThat(trusts(trust, provider, "gitlab.com", pipelineAudience,
          "project_path:acme/app:ref_type:tag:ref:main")).as("a tag named main").isFalse();
      assertThat(trusts(trust, provider, "gitlab.com", pipelineAudience,
          "project_path:acme/app-fork:ref_type:branch:ref:main")).as("another project").isFalse();
      assertThat(trusts(trust, provider, "gitlab.com", "https://gitlab.com",
          "project_path:acme/app:ref_type:branch:ref:main")).as("another audience").isFalse();
      assertThat(trusts(trust, "arn:aws:iam::123456789012:oidc-provider/gitlab.example.com", "gitlab.example.com",
          pipelineAudience, "project_path:acme/app:ref_type:branch:ref:main")).as("another issuer").isFalse();
    }

    @Test
    void gitHubJobsOfMainOnlyNotPullRequestsOtherBranchesOrEnvironments() {
      var trust = trust("trust-github-actions.json");
      var provider = "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com";
      var issuer = "token.actions.githubusercontent.com";

      assertThat(trusts(trust, provider, issuer, "sts.amazonaws.com", "repo:acme/app:ref:refs/heads/main")).isTrue();
      assertThat(trusts(trust, provider, issuer, "sts.amazonaws.com", "repo:acme/app:pull_request")).isFalse();
      assertThat(trusts(trust, provider, issuer, "sts.amazonaws.com", "repo:acme/app:ref:refs/heads/feature"))
          .isFalse();
      assertThat(trusts(trust, provider, issuer, "sts.amazonaws.com", "repo:acme/app:environment:production"))
          .as("a job with an environment gets another sub: ci.yml's jobs have none").isFalse();
      assertThat(trusts(trust, provider, issuer, "sts.amazonaws.com", "repo:acme/other:ref:refs/heads/main"))
          .isFalse();
    }

    @Test
    void theRolesTrustTheProvidersThatWereMade() {
      var providers = account.admin().iam().listOpenIDConnectProviders().openIDConnectProviderList().stream()
          .map(p -> p.arn()).toList();

      for (var file : List.of("trust-gitlab-ci.json", "trust-github-actions.json")) {
        assertThat(providers).contains(trust(file).statements().getFirst().json().path("Principal")
            .path("Federated").asString());
      }
    }
  }

  private static Map<String, String> values() {
    var values = PolicyDocument.motoValues();
    values.put("<GITLAB_HOST>", "gitlab.com");
    values.put("<GITLAB_AUDIENCE>", "sts.amazonaws.com");
    values.put("<GITLAB_PROJECT_PATH>", "acme/app");
    values.put("<GITHUB_REPOSITORY>", "acme/app");
    values.put("<PROTECTED_BRANCH>", "main");
    values.put("<ECR_REPOSITORY>", "hello");
    values.put("<CONTROLLER_ECR_REPOSITORY>", "ecs-reconciler");
    return values;
  }

  private static PolicyDocument trust(String file) {
    return PolicyDocument.read(PolicyDocument.FOLDER.resolve(file), values());
  }

  /** The {@code aud} the jobs of .gitlab-ci.yml ask their ID token for. */
  private static String gitlabIdTokenAudience() throws IOException {
    var matcher = Pattern.compile("(?m)^\\s+aud:\\s*(\\S+)\\s*$").matcher(Files.readString(GITLAB_CI));
    assertThat(matcher.find()).as(".gitlab-ci.yml asks for an ID token with an aud").isTrue();
    return matcher.group(1);
  }

  /**
   * Whether a trust policy lets this token assume the role, as AWS decides it: an Allow of
   * sts:AssumeRoleWithWebIdentity for the token's provider whose StringEquals conditions all hold for its claims.
   */
  private static boolean trusts(PolicyDocument trust, String provider, String issuer, String aud, String sub) {
    var claims = Map.of(issuer + ":aud", aud, issuer + ":sub", sub);
    for (var statement : trust.statements()) {
      var json = statement.json();
      if (!json.path("Effect").asString().equals("Allow")
          || !statement.actions().contains("sts:AssumeRoleWithWebIdentity")
          || !json.path("Principal").path("Federated").asString().equals(provider)) {
        continue;
      }
      var held = true;
      for (var operator : json.path("Condition").properties()) {
        if (!operator.getKey().equals("StringEquals")) {
          held = false; // an operator this evaluation does not know: not trusted here
          continue;
        }
        for (var condition : operator.getValue().properties()) {
          held &= condition.getValue().asString().equals(claims.get(condition.getKey()));
        }
      }
      if (held) {
        return true;
      }
    }
    return false;
  }

  private static void assertRefused(ThrowingCallable call) {
    var refused = catchThrowableOfType(AwsServiceException.class, call);
    assertThat(refused).as("refused").isNotNull();
    assertThat(refused.statusCode()).as(refused.getMessage()).isEqualTo(403);
  }
}
