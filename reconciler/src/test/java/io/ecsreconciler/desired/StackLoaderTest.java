package io.ecsreconciler.desired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.ecsreconciler.desired.StackSpec.Mode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every bad input is {@link #VALID} (desired-state/hello.yaml, trimmed) with one thing broken, and
 * must yield exactly one problem at the exact line, column and field. Line numbers below refer to {@link #VALID}.
 */
class StackLoaderTest {

  /** desired-state/hello.yaml without its comments (and image.create), so that line N here is line N of the text. */
  static final String VALID = """
      apiVersion: ecs-reconciler/v1
      kind: EcsStack
      metadata:
        name: hello
      spec:
        region: us-east-1
        network:
          vpcCidr: 10.20.0.0/16
          availabilityZones: [us-east-1a, us-east-1b]
          publicSubnets: [10.20.0.0/24, 10.20.1.0/24]
          privateSubnets: [10.20.10.0/24, 10.20.11.0/24]
          endpoints: [ecr.dkr, ecr.api, logs, s3]
        image:
          repository: hello
          tag: "1.0.0"
        service:
          containerPort: 8888
          cpu: 256
          memory: 512
          desiredCount: 2
          healthCheckPath: /hello
          logRetentionDays: 14
        loadBalancer:
          listenerPort: 80
          ingressCidrs: [0.0.0.0/0]
        policy:
          mode: enforce
          prune: true
          maxDeletesPerPass: 5
      """;

  static final Path HELLO = Path.of("../desired-state/hello.yaml");

  private final StackLoader loader = new StackLoader();

  /** A bad input: the one problem it must produce (1-based line and column, as printed). */
  record Case(String description, String yaml, int line, int column, String field, String message, String allowed) {
    @Override
    public String toString() {
      return description;
    }
  }

  static Case bad(String description, String yaml, int line, int column, String field, String message,
                  String allowed) {
    return new Case(description, yaml, line, column, field, message, allowed);
  }

  /** {@link #VALID} with one whole line replaced (by several lines when {@code with} has line breaks). */
  static String replacing(String line, String with) {
    return replacing(VALID, line, with);
  }

  static String replacing(String text, String line, String with) {
    var whole = "\n" + line + "\n";
    var at = ("\n" + text).indexOf(whole);
    if (at < 0 || ("\n" + text).indexOf(whole, at + 1) >= 0) {
      throw new IllegalArgumentException("not exactly one line \"" + line + "\" in the text");
    }
    return ("\n" + text).replace(whole, "\n" + with + "\n").substring(1);
  }

  static String inserting(String after, String line) {
    return replacing(after, after + "\n" + line);
  }

  static String removing(String line) {
    var text = replacing(line, "\u0000");
    return text.replace("\u0000\n", "");
  }

  private StackLoader.Result load(String yaml) {
    return loader.load(Path.of("bad.yaml"), yaml);
  }

  private void assertOneProblem(Case c) {
    var result = load(c.yaml());

    assertThat(result.valid()).as(c.description()).isFalse();
    assertThat(result.stack()).as(c.description()).isEmpty();
    assertThat(result.problems()).as(c.description()).singleElement().satisfies(problem -> {
      assertThat(problem).extracting(Problem::file, Problem::line, Problem::column, Problem::field)
          .as(c.description() + ": " + problem)
          .containsExactly(Path.of("bad.yaml"), c.line(), c.column(), c.field());
      assertThat(problem.message()).as(c.description()).contains(c.message());
      assertThat(problem.allowed()).as(c.description()).contains(c.allowed());
      var where = "bad.yaml:" + c.line() + ":" + c.column() + ": " + (c.field().isEmpty() ? "" : c.field() + ": ");
      assertThat(problem.toString()).as(c.description()).startsWith(where + problem.message());
    });
  }

  @Nested
  class AValidFile {

    @Test
    void theSampleHelloStackLoadsWithEveryValueItStates() {
      var result = loader.load(HELLO);

      assertThat(result.problems()).isEmpty();
      assertThat(result.valid()).isTrue();
      assertThat(result.stack()).contains(new StackSpec("hello", HELLO, "us-east-1",
          new StackSpec.Network("10.20.0.0/16", List.of("us-east-1a", "us-east-1b"),
              List.of("10.20.0.0/24", "10.20.1.0/24"), List.of("10.20.10.0/24", "10.20.11.0/24"),
              List.of("ecr.dkr", "ecr.api", "logs", "s3")),
          new StackSpec.Image("hello", "1.0.0", true),
          new StackSpec.Service(8888, 256, 512, 2, "/hello", 14),
          new StackSpec.LoadBalancer(80, List.of("0.0.0.0/0")),
          new StackSpec.Policy(Mode.ENFORCE, true, 5, 3)));
    }

    @Test
    void omittedOptionalFieldsGetTheDocumentedDefaults() {
      var yaml = """
          apiVersion: ecs-reconciler/v1
          kind: EcsStack
          metadata:
            name: minimal
          spec:
            region: eu-west-1
            network:
              vpcCidr: 10.0.0.0/16
              availabilityZones: [eu-west-1a, eu-west-1b]
              publicSubnets: [10.0.0.0/24, 10.0.1.0/24]
              privateSubnets: [10.0.10.0/24, 10.0.11.0/24]
            image:
              repository: team/minimal
              tag: v2
            service:
              containerPort: 8080
              cpu: 512
              memory: 1024
            loadBalancer: {}
          """;

      var stack = loader.load(Path.of("minimal.yaml"), yaml).stack().orElseThrow();

      assertThat(stack.name()).isEqualTo("minimal");
      assertThat(stack.region()).isEqualTo("eu-west-1");
      assertThat(stack.network().endpoints()).containsExactly("ecr.dkr", "ecr.api", "logs", "s3");
      assertThat(stack.image()).isEqualTo(new StackSpec.Image("team/minimal", "v2", false));
      assertThat(stack.service()).isEqualTo(new StackSpec.Service(8080, 512, 1024, 1, "/", 14));
      assertThat(stack.loadBalancer()).isEqualTo(new StackSpec.LoadBalancer(80, List.of("0.0.0.0/0")));
      assertThat(stack.policy()).isEqualTo(new StackSpec.Policy(Mode.ENFORCE, true, 5, 3));
    }

    @Test
    void statedValuesWinOverTheDefaults() {
      var yaml = replacing(replacing(replacing(replacing(replacing(replacing(
          "    tag: \"1.0.0\"", "    tag: \"1.0.0\"\n    create: true"),
          "    desiredCount: 2", "    desiredCount: 0"),
          "    listenerPort: 80", "    listenerPort: 8080"),
          "    mode: enforce", "    mode: observe"),
          "    prune: true", "    prune: false"),
          "    maxDeletesPerPass: 5", "    maxDeletesPerPass: 0\n    keepRevisions: 7");

      var stack = load(yaml).stack().orElseThrow();

      assertThat(stack.image().create()).isTrue();
      assertThat(stack.service().desiredCount()).isZero();
      assertThat(stack.loadBalancer().listenerPort()).isEqualTo(8080);
      assertThat(stack.policy()).isEqualTo(new StackSpec.Policy(Mode.OBSERVE, false, 0, 7));
    }

    @Test
    void aPostDeployCheckDefaultsToTheHealthCheckPathAndReportingOnly() {
      var stack = load(replacing("    logRetentionDays: 14", "    logRetentionDays: 14\n    verify: {}"))
          .stack().orElseThrow();

      assertThat(stack.service().verify()).contains(
          new StackSpec.Verify("/hello", 200, "", 3, 5, StackSpec.OnFailure.REPORT));
      assertThat(load(VALID).stack().orElseThrow().service().verify()).isEmpty();
    }

    @Test
    void autoscalingAndIgnoredDriftAreRead() {
      var yaml = replacing(replacing("    logRetentionDays: 14", "    logRetentionDays: 14\n    autoscaling: {minCount: 1, "
          + "maxCount: 4}"), "    maxDeletesPerPass: 5", "    maxDeletesPerPass: 5\n    ignoreDrift: [log-group.retentionDays]");

      var stack = load(yaml).stack().orElseThrow();

      assertThat(stack.service().autoscaling()).contains(new StackSpec.Autoscaling(1, 4, 60));
      assertThat(stack.policy().ignoreDrift()).containsExactly("log-group.retentionDays");
    }

    @Test
    void aStackNameOfTwentyEightCharactersIsTheLongestAllowed() {
      var name = "a".repeat(27) + "z";

      var result = load(replacing("  name: hello", "  name: " + name));

      assertThat(result.problems()).isEmpty();
      assertThat(result.stack().orElseThrow().name()).isEqualTo(name);
    }

    @Test
    void theCpuAndMemoryOfEveryFargateSizeClassAreAccepted() {
      var sizes = List.of(List.of(256, 2048), List.of(512, 4096), List.of(1024, 3072), List.of(2048, 16384),
          List.of(4096, 30720), List.of(8192, 61440), List.of(16384, 122880));

      for (var size : sizes) {
        var yaml = replacing(replacing("    cpu: 256", "    cpu: " + size.get(0)), "    memory: 512",
            "    memory: " + size.get(1));
        assertThat(load(yaml).problems()).as("cpu %s memory %s", size.get(0), size.get(1)).isEmpty();
      }
    }

    @Test
    void aFileOfExactly64KiBIsStillRead() {
      var padding = "#".repeat(YamlDocument.MAX_CHARACTERS - VALID.length() - 1) + "\n";
      var yaml = VALID + padding;

      assertThat(yaml).hasSize(64 * 1024);
      assertThat(load(yaml).problems()).isEmpty();
    }

    @Test
    void sixteenLevelsOfNestingAreStillParsedAndLeftToTheSchema() {
      // root, spec and loadBalancer are three levels; 13 brackets make 16.
      var yaml = replacing("    ingressCidrs: [0.0.0.0/0]", "    ingressCidrs: " + "[".repeat(13) + "0.0.0.0/0"
          + "]".repeat(13));

      assertThat(load(yaml).problems()).singleElement().satisfies(problem -> {
        assertThat(problem.field()).isEqualTo("spec.loadBalancer.ingressCidrs[0]");
        assertThat(problem.message()).contains("expected string, got list");
      });
    }

    @Test
    void eightAliasesToACollectionAreAllowed() {
      var yaml = replacing("    endpoints: [ecr.dkr, ecr.api, logs, s3]", "    endpoints: &e [ecr.dkr, ecr.api, logs, s3]")
          + "x-copies: [" + "*e, ".repeat(7) + "*e]\n";

      assertThat(load(yaml).problems()).singleElement().satisfies(problem -> {
        assertThat(problem.field()).isEqualTo("x-copies");
        assertThat(problem.message()).isEqualTo("unknown field");
      });
    }
  }

  @Nested
  class TheYamlItself {

    static Stream<Case> cases() {
      return Stream.of(
          bad("a syntax error is reported at its line and column",
              replacing("    cpu: 256", "    cpu: 256: 1"), 18, 13, "", "mapping values are not allowed", ""),
          bad("a tab used for indentation",
              replacing("    cpu: 256", "\tcpu: 256"), 18, 1, "", "TAB", ""),
          bad("an unclosed bracket is reported where the parser gives up, on the next line",
              replacing("    cpu: 256", "    cpu: [256"), 19, 11, "", "expected ',' or ']'", ""),
          bad("an empty file",
              "", 1, 1, "", "file is empty", "one EcsStack document"),
          bad("a file of only comments is empty too",
              "# yaml-language-server: $schema=../schema/ecs-stack.v1.schema.json\n# nothing else\n",
              1, 1, "", "file is empty", "one EcsStack document"),
          bad("two documents in one file, at the start of the second",
              VALID + "---\nkind: EcsStack\n", 31, 1, "", "more than one YAML document", "one stack per file"),
          bad("a duplicate key, at its second occurrence",
              inserting("    memory: 512", "    cpu: 512"), 20, 5, "spec.service.cpu", "duplicate key",
              "each key once per mapping"),
          bad("an alias to an anchor that does not exist",
              replacing("    cpu: 256", "    cpu: *small"), 18, 10, "", "undefined alias small", ""),
          bad("a key that is a collection, at the key",
              inserting("    cpu: 256", "    ? [cpu]\n    : 256"), 19, 7, "spec.service",
              "a key must be a plain name", ""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void isRefusedAtTheExactPlace(Case c) {
      assertOneProblem(c);
    }
  }

  @Nested
  class TheSchema {

    static Stream<Case> cases() {
      return Stream.of(
          bad("an unknown top-level field, at its key",
              VALID + "status: ready\n", 30, 1, "status", "unknown field", "apiVersion, kind, metadata, spec"),
          bad("an unknown nested field, at its key",
              inserting("    cpu: 256", "    colour: blue"), 19, 5, "spec.service.colour", "unknown field",
              "containerPort, cpu, memory, desiredCount, healthCheckPath, logRetentionDays"),
          bad("a misspelt optional section, at its key",
              replacing("  policy:", "  polcy:"), 26, 3, "spec.polcy", "unknown field",
              "region, network, image, service, loadBalancer, policy"),
          bad("a wrong apiVersion",
              replacing("apiVersion: ecs-reconciler/v1", "apiVersion: ecs-reconciler/v2"), 1, 13, "apiVersion",
              "\"ecs-reconciler/v2\" is not allowed", "ecs-reconciler/v1"),
          bad("a wrong kind",
              replacing("kind: EcsStack", "kind: EcsCluster"), 2, 7, "kind", "\"EcsCluster\" is not allowed",
              "EcsStack"),
          bad("a missing metadata.name, at the key of the mapping that lacks it",
              replacing(replacing("metadata:", "metadata: {}"), "  name: hello", "# unnamed"), 3, 1,
              "metadata.name", "required field is missing", ""),
          bad("a missing spec.image.tag, at the key of the mapping that lacks it",
              removing("    tag: \"1.0.0\""), 13, 3, "spec.image.tag", "required field is missing", ""),
          bad("an empty metadata section is null, not a mapping",
              removing("  name: hello"), 3, 10, "metadata", "expected object, got null", "object"),
          bad("a stack name with an uppercase letter",
              replacing("  name: hello", "  name: Hello"), 4, 9, "metadata.name", "\"Hello\" is not valid",
              "^[a-z]([a-z0-9-]{0,26}[a-z0-9])?$"),
          bad("a stack name of 29 characters, one too long for '<name>-alb'",
              replacing("  name: hello", "  name: " + "a".repeat(29)), 4, 9, "metadata.name", "is not valid",
              "[a-z0-9-]{0,26}"),
          bad("a region that is not an AWS region name",
              replacing("  region: us-east-1", "  region: us-east"), 6, 11, "spec.region", "\"us-east\" is not valid",
              "text matching"),
          bad("an unquoted tag 1.0 is a number, not a string",
              replacing("    tag: \"1.0.0\"", "    tag: 1.0"), 15, 10, "spec.image.tag",
              "expected string, got number 1.0", "string"),
          bad("a quoted port is a string, not an integer",
              replacing("    containerPort: 8888", "    containerPort: \"8888\""), 17, 20,
              "spec.service.containerPort", "expected integer, got string \"8888\"", "integer"),
          bad("a hexadecimal count is kept as text and refused as such",
              replacing("    desiredCount: 2", "    desiredCount: 0x10"), 20, 19, "spec.service.desiredCount",
              "expected integer, got string \"0x10\"", "integer"),
          bad("prune: yes is a string in YAML 1.2, not a boolean",
              replacing("    prune: true", "    prune: yes"), 28, 12, "spec.policy.prune",
              "expected boolean, got string \"yes\"", "boolean"),
          bad("a vpcCidr without a prefix",
              replacing("    vpcCidr: 10.20.0.0/16", "    vpcCidr: 10.20.0.0"), 8, 14, "spec.network.vpcCidr",
              "\"10.20.0.0\" is not valid", "text matching"),
          bad("only one availability zone",
              replacing("    availabilityZones: [us-east-1a, us-east-1b]", "    availabilityZones: [us-east-1a]"),
              9, 24, "spec.network.availabilityZones", "list has 1 items", "at least 2 items"),
          bad("the same availability zone twice",
              replacing("    availabilityZones: [us-east-1a, us-east-1b]",
                  "    availabilityZones: [us-east-1a, us-east-1a]"),
              9, 24, "spec.network.availabilityZones", "duplicate items", "each item once"),
          bad("a cpu value Fargate does not offer",
              replacing("    cpu: 256", "    cpu: 300"), 18, 10, "spec.service.cpu", "value 300 is not allowed",
              "256, 512, 1024, 2048, 4096, 8192, 16384"),
          bad("container port 0",
              replacing("    containerPort: 8888", "    containerPort: 0"), 17, 20, "spec.service.containerPort",
              "value 0 is out of range", ">= 1"),
          bad("listener port 70000",
              replacing("    listenerPort: 80", "    listenerPort: 70000"), 24, 19, "spec.loadBalancer.listenerPort",
              "value 70000 is out of range", "<= 65535"),
          bad("an endpoint name that is not offered, at the item",
              replacing("    endpoints: [ecr.dkr, ecr.api, logs, s3]", "    endpoints: [ecr.dkr, ecr.api, logs, s3, dynamodb]"),
              12, 45, "spec.network.endpoints[4]", "\"dynamodb\" is not allowed", "secretsmanager, ssm, sts"),
          bad("an ingress CIDR with a prefix over 32",
              replacing("    ingressCidrs: [0.0.0.0/0]", "    ingressCidrs: [0.0.0.0/33]"), 25, 20,
              "spec.loadBalancer.ingressCidrs[0]", "\"0.0.0.0/33\" is not valid", "text matching"),
          bad("log retention of 13 days, which CloudWatch does not offer",
              replacing("    logRetentionDays: 14", "    logRetentionDays: 13"), 22, 23, "spec.service.logRetentionDays",
              "value 13 is not allowed", "7, 14, 30"),
          bad("a desired count of -1",
              replacing("    desiredCount: 2", "    desiredCount: -1"), 20, 19, "spec.service.desiredCount",
              "value -1 is out of range", ">= 0"),
          bad("a health check path without its leading slash",
              replacing("    healthCheckPath: /hello", "    healthCheckPath: hello"), 21, 22,
              "spec.service.healthCheckPath", "\"hello\" is not valid", "^/"),
          bad("a post-deploy check with zero attempts",
              replacing("    logRetentionDays: 14", "    logRetentionDays: 14\n    verify: {attempts: 0}"), 23, 24,
              "spec.service.verify.attempts", "value 0 is out of range", ">= 1"),
          bad("a post-deploy check expecting status 700",
              replacing("    logRetentionDays: 14", "    logRetentionDays: 14\n    verify:\n      expectedStatus: 700"),
              24, 23, "spec.service.verify.expectedStatus", "value 700 is out of range", "<= 599"),
          bad("a post-deploy check that would undo rollouts on its own",
              replacing("    logRetentionDays: 14", "    logRetentionDays: 14\n    verify: {onFailure: redeploy}"), 23, 25,
              "spec.service.verify.onFailure", "\"redeploy\" is not allowed", "report, rollback"),
          bad("drift ignored on a field no kind has",
              replacing("    maxDeletesPerPass: 5", "    maxDeletesPerPass: 5\n    ignoreDrift: [ecs-service.replicas]"),
              30, 19, "spec.policy.ignoreDrift[0]", "\"ecs-service.replicas\" is not allowed", "ecs-service.desiredCount"),
          bad("an autoscaling CPU target of 95 percent",
              replacing("    logRetentionDays: 14", "    logRetentionDays: 14\n    autoscaling: {minCount: 1, maxCount: 4, "
                  + "cpuTargetPercent: 95}"), 23, 63, "spec.service.autoscaling.cpuTargetPercent",
              "value 95 is out of range", "<= 90"),
          bad("mode yolo",
              replacing("    mode: enforce", "    mode: yolo"), 27, 11, "spec.policy.mode", "\"yolo\" is not allowed",
              "observe, enforce"),
          bad("a negative maxDeletesPerPass",
              replacing("    maxDeletesPerPass: 5", "    maxDeletesPerPass: -1"), 29, 24, "spec.policy.maxDeletesPerPass",
              "value -1 is out of range", ">= 0"),
          bad("an ECR repository name with an uppercase letter",
              replacing("    repository: hello", "    repository: Hello"), 14, 17, "spec.image.repository",
              "\"Hello\" is not valid", "text matching"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void isRefusedAtTheExactPlace(Case c) {
      assertOneProblem(c);
    }
  }

  @Nested
  class TheSemanticRules {

    static Stream<Case> cases() {
      return Stream.of(
          bad("an autoscaling range whose maximum is below its minimum",
              replacing("    logRetentionDays: 14", "    logRetentionDays: 14\n    autoscaling: {minCount: 3, maxCount: 2}"),
              23, 42, "spec.service.autoscaling.maxCount", "maxCount 2 is below minCount 3", ">= 3"),
          bad("a desired count outside the autoscaling range",
              replacing("    logRetentionDays: 14", "    logRetentionDays: 14\n    autoscaling: {minCount: 3, maxCount: 6}"),
              20, 19, "spec.service.desiredCount", "desiredCount 2 is outside autoscaling's range 3-6", "3 to 6"),
          bad("a vpcCidr with host bits set names the canonical block",
              replacing("    vpcCidr: 10.20.0.0/16", "    vpcCidr: 10.20.0.1/16"), 8, 14, "spec.network.vpcCidr",
              "10.20.0.1/16 has host bits set", "10.20.0.0/16"),
          bad("a VPC prefix of /8, larger than AWS allows",
              replacing("    vpcCidr: 10.20.0.0/16", "    vpcCidr: 10.0.0.0/8"), 8, 14, "spec.network.vpcCidr",
              "prefix /8 is out of range", "/16 to /28"),
          bad("a subnet prefix of /29, smaller than AWS allows",
              replacing("    publicSubnets: [10.20.0.0/24, 10.20.1.0/24]", "    publicSubnets: [10.20.0.0/24, 10.20.1.0/29]"),
              10, 35, "spec.network.publicSubnets[1]", "prefix /29 is out of range", "/16 to /28"),
          bad("a subnet outside the VPC, at the item",
              replacing("    publicSubnets: [10.20.0.0/24, 10.20.1.0/24]", "    publicSubnets: [10.20.0.0/24, 10.30.1.0/24]"),
              10, 35, "spec.network.publicSubnets[1]", "10.30.1.0/24 is not inside the VPC 10.20.0.0/16",
              "a block inside 10.20.0.0/16"),
          bad("overlapping subnets, at the later one",
              replacing("    privateSubnets: [10.20.10.0/24, 10.20.11.0/24]", "    privateSubnets: [10.20.10.0/24, 10.20.1.0/25]"),
              11, 37, "spec.network.privateSubnets[1]", "10.20.1.0/25 overlaps spec.network.publicSubnets[1] 10.20.1.0/24",
              "disjoint subnets"),
          bad("overlapping subnets in the same list, at the later one",
              replacing("    publicSubnets: [10.20.0.0/24, 10.20.1.0/24]", "    publicSubnets: [10.20.0.0/23, 10.20.1.0/24]"),
              10, 35, "spec.network.publicSubnets[1]", "overlaps spec.network.publicSubnets[0] 10.20.0.0/23",
              "disjoint subnets"),
          bad("fewer private subnets than availability zones",
              replacing(replacing("    availabilityZones: [us-east-1a, us-east-1b]",
                      "    availabilityZones: [us-east-1a, us-east-1b, us-east-1c]"),
                  "    publicSubnets: [10.20.0.0/24, 10.20.1.0/24]", "    publicSubnets: [10.20.0.0/24, 10.20.1.0/24, 10.20.2.0/24]"),
              11, 21, "spec.network.privateSubnets", "has 2 subnets for 3 availability zones",
              "exactly one subnet per availability zone"),
          bad("an availability zone of another region, at the item",
              replacing("    availabilityZones: [us-east-1a, us-east-1b]", "    availabilityZones: [us-east-1a, us-west-2b]"),
              9, 37, "spec.network.availabilityZones[1]", "zone us-west-2b is not in region us-east-1",
              "us-east-1a, us-east-1b"),
          bad("memory 4096 with cpu 256",
              replacing("    memory: 512", "    memory: 4096"), 19, 13, "spec.service.memory",
              "memory 4096 is not a Fargate size for cpu 256", "512, 1024, 2048"),
          bad("memory off the 1 GiB steps of cpu 1024",
              replacing(replacing("    cpu: 256", "    cpu: 1024"), "    memory: 512", "    memory: 2500"), 19, 13,
              "spec.service.memory", "memory 2500 is not a Fargate size for cpu 1024", "2048 to 8192 in steps of 1024"),
          bad("endpoints without logs",
              replacing("    endpoints: [ecr.dkr, ecr.api, logs, s3]", "    endpoints: [ecr.dkr, ecr.api, s3]"), 12, 16,
              "spec.network.endpoints", "missing logs", "ecr.dkr, ecr.api, logs, s3"),
          bad("an ingress CIDR with host bits set, at the item",
              replacing("    ingressCidrs: [0.0.0.0/0]", "    ingressCidrs: [0.0.0.0/0, 10.0.0.1/8]"), 25, 31,
              "spec.loadBalancer.ingressCidrs[1]", "10.0.0.1/8 has host bits set", "10.0.0.0/8"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void isRefusedAtTheExactPlace(Case c) {
      assertOneProblem(c);
    }
  }

  @Nested
  class HostileInput {

    static Stream<Case> cases() {
      return Stream.of(
          bad("more than 16 levels of nesting, at the 17th",
              // root, spec and loadBalancer are three levels; the 14th bracket is the 17th level.
              replacing("    ingressCidrs: [0.0.0.0/0]", "    ingressCidrs: " + "[".repeat(14) + "0.0.0.0/0"
                  + "]".repeat(14)),
              25, 32, "", "nested more than 16 levels deep", "at most 16 levels"),
          bad("a billion laughs, at the ninth alias to a collection",
              VALID + """
                  lol1: &l1 [lol, lol, lol, lol, lol, lol, lol, lol, lol]
                  lol2: &l2 [*l1, *l1, *l1, *l1, *l1, *l1, *l1, *l1, *l1]
                  lol3: &l3 [*l2, *l2, *l2, *l2, *l2, *l2, *l2, *l2, *l2]
                  lol4: [*l3, *l3, *l3, *l3, *l3, *l3, *l3, *l3, *l3]
                  """,
              31, 52, "", "more than 8 aliases to collections", "at most 8"),
          bad("a collection that contains an alias to itself, at the alias",
              replacing("    endpoints: [ecr.dkr, ecr.api, logs, s3]", "    endpoints: &e [ecr.dkr, ecr.api, logs, s3, *e]"),
              12, 48, "", "alias *e refers to a collection that contains it", ""),
          bad("a file over 64 KiB, before parsing any of it",
              VALID + "#" + "x".repeat(64 * 1024) + "\n", 1, 1, "",
              "file is " + (VALID.length() + 64 * 1024 + 2) + " characters long", "at most 65536"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void isRefusedAtTheExactPlace(Case c) {
      assertOneProblem(c);
    }

    @Test
    void aFileOverTheByteLimitOnDiskIsNotEvenRead(@TempDir Path dir) throws IOException {
      var file = Files.writeString(dir.resolve("huge.yaml"), "#" + "x".repeat(300 * 1024) + "\n");

      assertThat(loader.load(file).problems()).singleElement().satisfies(problem -> {
        assertThat(problem).extracting(Problem::line, Problem::column).containsExactly(1, 1);
        assertThat(problem.message()).isEqualTo("file is " + (300 * 1024 + 2) + " bytes long");
      });
    }
  }

  @Nested
  class AFileWithSeveralProblems {

    @Test
    void reportsEverySchemaProblemSortedByLine() {
      var yaml = replacing(replacing(replacing(replacing(
          "    mode: enforce", "    mode: yolo"),
          "    listenerPort: 80", "    listenerPort: 0"),
          "    cpu: 256", "    cpu: 300"),
          "kind: EcsStack", "kind: EcsStack\nextra: 1");

      var problems = load(yaml).problems();

      assertThat(problems).extracting(Problem::line, Problem::column, Problem::field).containsExactly(
          tuple(3, 1, "extra"),
          tuple(19, 10, "spec.service.cpu"),
          tuple(25, 19, "spec.loadBalancer.listenerPort"),
          tuple(28, 11, "spec.policy.mode"));
    }

    @Test
    void reportsEverySemanticProblemSortedByLineThoughTheyAreFoundInAnotherOrder() {
      // Checked in the order network, task size, endpoints: lines 10, 19, 12.
      var yaml = replacing(replacing(replacing(
          "    memory: 512", "    memory: 4096"),
          "    publicSubnets: [10.20.0.0/24, 10.20.1.0/24]", "    publicSubnets: [10.20.0.0/24, 10.30.1.0/24]"),
          "    endpoints: [ecr.dkr, ecr.api, logs, s3]", "    endpoints: [ecr.dkr, ecr.api, s3]");

      var problems = load(yaml).problems();

      assertThat(problems).extracting(Problem::line, Problem::field).containsExactly(
          tuple(10, "spec.network.publicSubnets[1]"),
          tuple(12, "spec.network.endpoints"),
          tuple(19, "spec.service.memory"));
      assertThat(problems).isSorted();
    }

    @Test
    void reportsEveryDuplicateKey() {
      var yaml = insertingInto(inserting("    memory: 512", "    cpu: 512"), "  region: us-east-1", "  region: us-west-2");

      assertThat(load(yaml).problems()).extracting(Problem::line, Problem::field, Problem::message).containsExactly(
          tuple(7, "spec.region", "duplicate key"),
          tuple(21, "spec.service.cpu", "duplicate key"));
    }

    private String insertingInto(String text, String after, String line) {
      return replacing(text, after, after + "\n" + line);
    }
  }

  @Nested
  class AFolderOfFiles {

    @TempDir
    Path dir;

    @Test
    void loadsOnlyYamlFilesInNameOrder() throws IOException {
      Files.writeString(dir.resolve("b.yml"), replacing("  name: hello", "  name: second"));
      Files.writeString(dir.resolve("a.yaml"), VALID);
      Files.writeString(dir.resolve("README.md"), "# not a stack\n");
      Files.writeString(dir.resolve("notes.txt"), "kind: nonsense\n");
      Files.writeString(dir.resolve("a.yaml.bak"), "{{{\n");
      Files.createDirectory(dir.resolve("nested.yaml"));

      var results = loader.loadAll(List.of(dir));

      assertThat(results).extracting(StackLoader.Result::file).containsExactly(dir.resolve("a.yaml"), dir.resolve("b.yml"));
      assertThat(results).allSatisfy(result -> assertThat(result.problems()).isEmpty());
      assertThat(results).extracting(result -> result.stack().orElseThrow().name()).containsExactly("hello", "second");
    }

    @Test
    void theSecondFileNamingTheSameStackIsRejectedAndTheFirstKept() throws IOException {
      var first = Files.writeString(dir.resolve("a.yaml"), VALID);
      var second = Files.writeString(dir.resolve("b.yaml"), VALID.replace("us-east-1a", "us-east-1c"));

      var results = loader.loadAll(List.of(dir));

      assertThat(results).hasSize(2);
      assertThat(results.get(0).stack()).isPresent();
      assertThat(results.get(1).stack()).isEmpty();
      assertThat(results.get(1).problems()).singleElement().satisfies(problem -> {
        assertThat(problem.file()).isEqualTo(second);
        assertThat(problem.field()).isEqualTo("metadata.name");
        assertThat(problem.message()).isEqualTo("stack name \"hello\" is already used by " + first);
        assertThat(problem.allowed()).contains("unique");
      });
    }

    @Test
    void aNamedFileAndAFolderAreLoadedTogether() throws IOException {
      var outside = Files.writeString(Files.createDirectory(dir.resolve("other")).resolve("x.txt"), VALID);
      Files.writeString(dir.resolve("a.yaml"), replacing("  name: hello", "  name: inside"));

      var results = loader.loadAll(List.of(outside, dir));

      assertThat(results).extracting(StackLoader.Result::file).containsExactly(outside, dir.resolve("a.yaml"));
      assertThat(results).allSatisfy(result -> assertThat(result.valid()).isTrue());
    }

    @Test
    void aMissingFileIsAProblemOfThatFile() throws IOException {
      var missing = dir.resolve("missing.yaml");

      var results = loader.loadAll(List.of(missing));

      assertThat(results).singleElement().satisfies(result -> {
        assertThat(result.file()).isEqualTo(missing);
        assertThat(result.problems()).singleElement().satisfies(problem -> {
          assertThat(problem.message()).startsWith("cannot read file").contains(missing.toString());
          assertThat(problem.toString()).startsWith(missing + ":1:1: cannot read file");
        });
      });
    }
  }
}
