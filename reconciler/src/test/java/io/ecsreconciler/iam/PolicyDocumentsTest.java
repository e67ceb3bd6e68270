package io.ecsreconciler.iam;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The files of docs/iam as an installer meets them: every statement says what it is for, the reconciler's policy
 * fits AWS's size limits in the parts README installs, the trust policies pin who may assume the role, and
 * README explains every placeholder and every statement.
 */
class PolicyDocumentsTest {

  /** The longest values a real installation fills in: a 14-character region, a 12-digit account. */
  private static final Map<String, String> LONGEST = Map.of("<ACCOUNT_ID>", "999999999999", "<REGION>",
      "ap-southeast-4", "<STACK_NAME_PATTERN>", "*");
  private static final int MANAGED_POLICY_LIMIT = 6_144;
  private static final Pattern PLACEHOLDER = Pattern.compile("<[A-Z_]+>");

  @Test
  void everyStatementOfEveryFileHasASidOfItsOwnAndAllows() throws IOException {
    for (var file : policyFiles()) {
      var statements = PolicyDocument.asShipped(file).statements();

      assertThat(statements).as(file.toString()).isNotEmpty()
          .allSatisfy(s -> assertThat(s.sid()).matches("[A-Z][A-Za-z0-9]+"))
          .allSatisfy(s -> assertThat(s.json().path("Effect").asString()).isEqualTo("Allow"));
      assertThat(statements.stream().map(PolicyDocument.Statement::sid)).as(file.toString()).doesNotHaveDuplicates();
    }
  }

  @Test
  void theReconcilersPolicyGoesInAsFourManagedPoliciesEachWithinAwsLimit() {
    var policy = PolicyDocument.read(PolicyDocument.RECONCILER, LONGEST);
    var parts = PolicyParts.of(policy);

    assertThat(parts).allSatisfy(part -> assertThat(part.sizeWithoutWhitespace()).as(part.name())
        .isLessThanOrEqualTo(MANAGED_POLICY_LIMIT));
    assertThat(parts.stream().flatMap(part -> part.statements().stream()).map(PolicyDocument.Statement::sid))
        .as("each statement in exactly one part").containsExactlyInAnyOrderElementsOf(
            policy.statements().stream().map(PolicyDocument.Statement::sid).toList());
  }

  @Test
  void webIdentityTrustPinsTheAudienceAndTheSubjectExactly() throws IOException {
    var subjects = Map.of(
        "trust-web-identity-eks.json", "system:serviceaccount:<NAMESPACE>:<SERVICE_ACCOUNT>",
        "trust-github-actions.json", "repo:<GITHUB_REPOSITORY>:ref:refs/heads/<PROTECTED_BRANCH>",
        "trust-gitlab-ci.json", "project_path:<GITLAB_PROJECT_PATH>:ref_type:branch:ref:<PROTECTED_BRANCH>");
    for (var subject : subjects.entrySet()) {
      var file = PolicyDocument.FOLDER.resolve(subject.getKey());
      var statement = PolicyDocument.asShipped(file).statements().getFirst();
      var equals = statement.json().path("Condition").path("StringEquals");

      assertThat(statement.actions()).containsExactly("sts:AssumeRoleWithWebIdentity");
      assertThat(statement.json().path("Condition").size()).as("StringEquals only: no wildcard").isEqualTo(1);
      assertThat(equals.propertyNames()).anyMatch(key -> key.endsWith(":aud")).anyMatch(key -> key.endsWith(":sub"));
      assertThat(equals.properties().stream().filter(e -> e.getKey().endsWith(":sub"))
          .map(e -> e.getValue().asString())).containsExactly(subject.getValue());
    }
  }

  @Test
  void crossAccountTrustNamesOneCallerAndAsksForTheExternalId() {
    var file = PolicyDocument.FOLDER.resolve("trust-assume-role.json");
    var statement = PolicyDocument.asShipped(file).statements().getFirst();

    assertThat(statement.actions()).containsExactly("sts:AssumeRole");
    assertThat(statement.json().path("Principal").path("AWS").asString()).isEqualTo("<CALLER_PRINCIPAL_ARN>");
    assertThat(statement.json().path("Condition").path("StringEquals").path("sts:ExternalId").asString())
        .isEqualTo("<EXTERNAL_ID>");
  }

  @Test
  void readmeExplainsEveryPlaceholderAndEveryStatement() throws IOException {
    var readme = Files.readString(PolicyDocument.FOLDER.resolve("README.md"));
    for (var file : policyFiles()) {
      var text = Files.readString(file);
      PLACEHOLDER.matcher(text).results().map(m -> m.group()).distinct()
          .forEach(placeholder -> assertThat(readme).as(file + " uses " + placeholder).contains("`" + placeholder + "`"));
      PolicyDocument.asShipped(file).statements()
          .forEach(s -> assertThat(readme).as(file + " has " + s.sid()).contains("`" + s.sid() + "`"));
      assertThat(readme).contains("`" + file.getFileName() + "`");
    }
  }

  private static List<Path> policyFiles() throws IOException {
    try (Stream<Path> files = Files.list(PolicyDocument.FOLDER)) {
      return files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
    }
  }
}
