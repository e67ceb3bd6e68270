package io.ecsreconciler.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.ecsreconciler.testing.AwsEmulator;
import io.ecsreconciler.testing.AwsEmulatorTest;
import io.ecsreconciler.testing.EcrImages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * deploy/ecs as its README installs it, against the emulator with the AWS CLI: the roles of docs/iam, the secret
 * parameters, the log group, the cluster and two private subnets first; then the task definition is registered and
 * the service created from the shipped files, read back, and its two tasks run. What the emulator does not judge
 * (the execution role's scopes) is checked against the files' own ARNs.
 */
@AwsEmulatorTest
class EcsDeploymentTest {

  private static final Path DEPLOY = Path.of("../deploy/ecs");
  private static final Path IAM = Path.of("../docs/iam");
  private static final String ACCOUNT = "123456789012";
  private static final String TAG = "3f2a9c0d1e2b3c4d5e6f708192a3b4c5d6e7f809";
  private static final Pattern PLACEHOLDER = Pattern.compile("<[A-Z_]+>");
  private static final JsonMapper JSON = JsonMapper.shared();

  private final AwsEmulator emulator;
  private final Map<String, String> values = new LinkedHashMap<>();
  @TempDir
  Path work;

  EcsDeploymentTest(AwsEmulator emulator) {
    this.emulator = emulator;
  }

  @BeforeEach
  void whatTheReadmeMakesFirst() throws IOException {
    values.put("<ACCOUNT_ID>", ACCOUNT);
    values.put("<REGION>", emulator.region());
    values.put("<IMAGE_TAG>", TAG);
    values.put("<GIT_URL>", "https://gitlab.example.com/acme/infra.git");
    values.put("<CONTROLLER_ECR_REPOSITORY>", "ecs-reconciler");
    values.put("<STACK_NAME_PATTERN>", "*");

    var trust = filled(IAM.resolve("trust-ecs-tasks.json"));
    emulator.cli("iam", "create-role", "--role-name", "ecs-reconciler", "--assume-role-policy-document", trust)
        .assertOk();
    emulator.cli("iam", "create-role", "--role-name", "ecs-reconciler-execution-role",
        "--assume-role-policy-document", trust).assertOk();
    emulator.cli("iam", "put-role-policy", "--role-name", "ecs-reconciler-execution-role", "--policy-name",
        "pull-log-secrets", "--policy-document", filled(IAM.resolve("controller-execution-role-policy.json")))
        .assertOk();
    for (var name : List.of("api-token", "webhook-secret", "git-token")) {
      emulator.cli("ssm", "put-parameter", "--name", "/ecs-reconciler/" + name, "--type", "SecureString",
          "--value", name + "-value").assertOk();
    }
    emulator.cli("logs", "create-log-group", "--log-group-name", "/ecs-reconciler/controller").assertOk();
    emulator.cli("ecs", "create-cluster", "--cluster-name", "ecs-reconciler").assertOk();
    emulator.cli("ecr", "create-repository", "--repository-name", "ecs-reconciler").assertOk();
    EcrImages.push(emulator.clients().ecr(), "ecs-reconciler", TAG);

    var vpc = emulator.cli("ec2", "create-vpc", "--cidr-block", "10.90.0.0/16").assertOk().json()
        .path("Vpc").path("VpcId").asString();
    values.put("<PRIVATE_SUBNET_A>", subnet(vpc, "10.90.10.0/24", "us-east-1a"));
    values.put("<PRIVATE_SUBNET_B>", subnet(vpc, "10.90.11.0/24", "us-east-1b"));
    values.put("<CONTROLLER_SECURITY_GROUP>", emulator.cli("ec2", "create-security-group", "--group-name",
        "ecs-reconciler", "--description", "the controller", "--vpc-id", vpc).assertOk().json().path("GroupId")
        .asString());
  }

  @Test
  void theTaskDefinitionRegistersAsShippedAndReadsBackWithImageSecretsLogsAndHealthCheck() throws IOException {
    register();

    var definition = emulator.cli("ecs", "describe-task-definition", "--task-definition", "ecs-reconciler")
        .assertOk().json().path("taskDefinition");
    var container = definition.path("containerDefinitions").get(0);

    assertThat(definition.path("revision").asInt()).isEqualTo(1);
    assertThat(definition.path("requiresCompatibilities").get(0).asString()).isEqualTo("FARGATE");
    assertThat(definition.path("networkMode").asString()).isEqualTo("awsvpc");
    assertThat(definition.path("taskRoleArn").asString()).isEqualTo(roleArn("ecs-reconciler"));
    assertThat(definition.path("executionRoleArn").asString()).isEqualTo(roleArn("ecs-reconciler-execution-role"));
    assertThat(container.path("image").asString())
        .isEqualTo(ACCOUNT + ".dkr.ecr.us-east-1.amazonaws.com/ecs-reconciler:" + TAG);
    assertThat(container.path("portMappings").get(0).path("containerPort").asInt()).isEqualTo(8080);
    assertThat(container.path("readonlyRootFilesystem").asBoolean()).isTrue();
    assertThat(names(container.path("environment"))).contains("RECONCILER_SOURCE_TYPE", "RECONCILER_LEASE_TYPE",
        "RECONCILER_SOURCE_GIT_URL", "RECONCILER_SOURCE_GIT_CACHEDIR");
    assertThat(environment(container)).containsEntry("RECONCILER_LEASE_TYPE", "dynamodb")
        .containsEntry("RECONCILER_SOURCE_GIT_CACHEDIR", "/var/cache/ecs-reconciler/git");
    assertThat(container.path("healthCheck").path("command").get(1).asString())
        .contains("/dev/tcp/127.0.0.1/8080", "/actuator/health/liveness");
    assertThat(container.path("logConfiguration").path("logDriver").asString()).isEqualTo("awslogs");
    assertThat(container.path("logConfiguration").path("options").path("awslogs-group").asString())
        .isEqualTo("/ecs-reconciler/controller");

    var secrets = container.path("secrets");
    assertThat(names(secrets)).containsExactlyInAnyOrder("RECONCILER_API_TOKEN", "RECONCILER_API_WEBHOOKSECRET",
        "RECONCILER_SOURCE_GIT_TOKEN");
    for (var secret : secrets) {
      var arn = secret.path("valueFrom").asString();
      assertThat(emulator.cli("ssm", "get-parameter", "--name", arn.substring(arn.indexOf(":parameter") + 10),
          "--with-decryption").assertOk().json().path("Parameter").path("ARN").asString())
          .as("the parameter the README creates").isEqualTo(arn);
    }
  }

  @Test
  void theServiceIsCreatedAsShippedAndRunsTwoTasksInThePrivateSubnets() throws IOException {
    register();
    emulator.cli("ecs", "create-service", "--cli-input-json", "file://" + fill(DEPLOY.resolve("service.json")))
        .assertOk();

    var service = describeService();
    var network = service.path("networkConfiguration").path("awsvpcConfiguration");
    assertThat(service.path("desiredCount").asInt()).isEqualTo(2);
    assertThat(service.path("launchType").asString()).isEqualTo("FARGATE");
    assertThat(service.path("taskDefinition").asString()).endsWith(":task-definition/ecs-reconciler:1");
    assertThat(network.path("assignPublicIp").asString()).isEqualTo("DISABLED");
    assertThat(List.of(network.path("subnets").get(0).asString(), network.path("subnets").get(1).asString()))
        .containsExactlyInAnyOrder(values.get("<PRIVATE_SUBNET_A>"), values.get("<PRIVATE_SUBNET_B>"));
    assertThat(service.path("deploymentConfiguration").path("deploymentCircuitBreaker").path("rollback")
        .asBoolean()).isTrue();

    assumeThat(emulator.runsTasks()).as("the emulator runs tasks (its ECS runtime model)").isTrue();
    Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
      var now = describeService();
      assertThat(now.path("runningCount").asInt()).isEqualTo(2);
      assertThat(now.path("deployments").get(0).path("rolloutState").asString()).isEqualTo("COMPLETED");
    });
  }

  /**
   * moto does not judge a policy's resources, so the execution role's scopes are held against what the task
   * definition names: the image's repository, the log group and every secret fall inside them.
   */
  @Test
  void theExecutionRolePolicyCoversTheImageTheLogGroupAndEverySecretTheTaskDefinitionNames() throws IOException {
    var definition = JSON.readTree(Files.readString(fill(DEPLOY.resolve("task-definition.json"))));
    var policy = JSON.readTree(filled(IAM.resolve("controller-execution-role-policy.json")));
    var container = definition.path("containerDefinitions").get(0);
    var image = container.path("image").asString();
    var repository = "arn:aws:ecr:us-east-1:" + ACCOUNT + ":repository/"
        + image.substring(image.indexOf('/') + 1, image.indexOf(':', image.indexOf('/')));
    var logStream = "arn:aws:logs:us-east-1:" + ACCOUNT + ":log-group:"
        + container.path("logConfiguration").path("options").path("awslogs-group").asString()
        + ":log-stream:controller/controller/0123";

    assertThat(allows(policy, "ecr:BatchGetImage", repository)).isTrue();
    assertThat(allows(policy, "ecr:GetAuthorizationToken", "*")).isTrue();
    assertThat(allows(policy, "logs:PutLogEvents", logStream)).isTrue();
    for (var secret : container.path("secrets")) {
      assertThat(allows(policy, "ssm:GetParameters", secret.path("valueFrom").asString()))
          .as(secret.path("name").asString()).isTrue();
    }
    assertThat(allows(policy, "ssm:GetParameters", "arn:aws:ssm:us-east-1:" + ACCOUNT + ":parameter/other/secret"))
        .as("no other parameter").isFalse();
  }

  private void register() throws IOException {
    emulator.cli("ecs", "register-task-definition", "--cli-input-json",
        "file://" + fill(DEPLOY.resolve("task-definition.json"))).assertOk();
  }

  private JsonNode describeService() {
    return emulator.cli("ecs", "describe-services", "--cluster", "ecs-reconciler", "--services", "ecs-reconciler")
        .assertOk().json().path("services").get(0);
  }

  private String subnet(String vpc, String cidr, String zone) {
    return emulator.cli("ec2", "create-subnet", "--vpc-id", vpc, "--cidr-block", cidr, "--availability-zone", zone)
        .assertOk().json().path("Subnet").path("SubnetId").asString();
  }

  private static String roleArn(String name) {
    return "arn:aws:iam::" + ACCOUNT + ":role/" + name;
  }

  /** The shipped file with every placeholder filled in, as its README's fill(); a placeholder left is an error. */
  private String filled(Path file) throws IOException {
    var text = Files.readString(file);
    for (var value : values.entrySet()) {
      text = text.replace(value.getKey(), value.getValue());
    }
    var left = PLACEHOLDER.matcher(text);
    if (left.find()) {
      throw new AssertionError(file + ": no value for " + left.group());
    }
    return text;
  }

  private Path fill(Path file) throws IOException {
    return Files.writeString(work.resolve(file.getFileName()), filled(file));
  }

  private static List<String> names(JsonNode list) {
    var names = new ArrayList<String>();
    list.forEach(item -> names.add(item.path("name").asString()));
    return names;
  }

  private static Map<String, String> environment(JsonNode container) {
    var environment = new LinkedHashMap<String, String>();
    container.path("environment").forEach(e -> environment.put(e.path("name").asString(),
        e.path("value").asString()));
    return environment;
  }

  /** Whether an Allow statement names the action and a Resource pattern (IAM's * and ?) that matches the ARN. */
  private static boolean allows(JsonNode policy, String action, String arn) {
    for (var statement : policy.path("Statement")) {
      var actions = statement.path("Action").isArray() ? statement.path("Action") : JSON.createArrayNode()
          .add(statement.path("Action").asString());
      var resources = statement.path("Resource").isArray() ? statement.path("Resource") : JSON.createArrayNode()
          .add(statement.path("Resource").asString());
      var named = false;
      for (var a : actions) {
        named |= a.asString().equals(action);
      }
      for (var r : resources) {
        var pattern = Pattern.quote(r.asString()).replace("*", "\\E.*\\Q").replace("?", "\\E.\\Q");
        if (named && arn.matches(pattern)) {
          return true;
        }
      }
    }
    return false;
  }
}
