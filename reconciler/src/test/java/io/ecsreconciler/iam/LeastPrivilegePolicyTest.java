package io.ecsreconciler.iam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ecsreconciler.aws.ApiCallCounter;
import io.ecsreconciler.aws.AssumeRoleSettings;
import io.ecsreconciler.aws.AwsClients;
import io.ecsreconciler.pass.StackPass;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * docs/iam/reconciler-policy.json is enough and no more, proven against a moto that enforces IAM: a user holding
 * only that policy (installed as docs/iam/README.md says, placeholders filled in for moto's account) lives a whole
 * stack's life, and without any one statement the same life fails, naming an action of that statement.
 *
 * <p>What moto checks is the action: it evaluates every call (IAM's on an existing role aside) against the resource
 * {@code *} and ignores conditions, so the user holds the policy with every Resource set to {@code *}; ARN scopes
 * and tag conditions are AWS's to check (see {@link #AWS_ONLY} and README's "Least privilege").
 *
 * <p>One statement removed costs one life up to the step that fails (the slowest about 10 s). By default a sample
 * across services runs; {@code -Dreconciler.iam.full-sweep=true} (or env {@code RECONCILER_IAM_FULL_SWEEP=true})
 * removes each statement in turn.
 */
@Tag("aws-emulator")
class LeastPrivilegePolicyTest {

  /** Statements moto cannot tell are needed, and why: each is what AWS itself checks. */
  static final Map<String, String> AWS_ONLY = Map.of(
      "Ec2TagOnlyInTheCreateCall", "moto authorizes a create call, never the ec2:CreateTags that tagging in it costs",
      "ElbTagOnlyInTheCreateCall", "moto authorizes a create call, never the elasticloadbalancing:AddTags in it",
      "EcsTagOnlyInTheCreateCall", "moto authorizes a create call, never the ecs:TagResource in it",
      "ScalingTagTargetsOnlyAsOwned", "moto authorizes RegisterScalableTarget, never the TagResource in it",
      "IamPassExecutionRolesOnlyToEcsTasks", "moto never checks iam:PassRole",
      "IamCreateServiceLinkedRolesOnFirstUse", "moto makes no service-linked role",
      "CloudWatchAlarmsOfTargetTrackingPolicies",
      "the alarms of a target-tracking policy are made on the caller's behalf, which moto does not authorize");

  /**
   * Statements that moto only sees together: AWS authorizes a create call once per resource (the new one by its
   * request tags, the VPC and subnets it goes into by theirs), moto once, so either statement alone passes there.
   */
  static final List<Set<String>> TOGETHER = List.of(
      Set.of("Ec2CreateNetworkResourcesTaggedAsOwned", "Ec2CreateOnlyInsideOwnedVpcs"));

  /** The sample CI runs: one early and one late failure per part of the policy. */
  private static final Set<String> SAMPLE = Set.of("DescribeWhatHasNoResourceLevelPermissions",
      "EcsDeregisterTaskDefinitionsHasNoResourceLevelPermissions", "IamAttachOnlyTheEcsTaskExecutionPolicy",
      "LeaseItemsOfStacks", "EcrDeleteOwnedRepositories");

  private static final PolicyDocument POLICY = PolicyDocument.read(PolicyDocument.RECONCILER,
      PolicyDocument.motoValues());
  private static IamEnforcingMoto moto;

  @BeforeAll
  static void startMoto() {
    moto = IamEnforcingMoto.start();
  }

  @AfterAll
  static void stopMoto() {
    moto.close();
  }

  @Test
  void aUserHoldingOnlyThePolicyConvergesRepairsDriftRollsOutAndDestroys() {
    try (var account = moto.freshAccount();
         var reconciler = account.userWith("reconciler", PolicyParts.of(POLICY.withEveryResourceStar()))) {
      var life = new ReconcilerLife(reconciler, account.admin());

      assertThat(life.live()).isEmpty();
      assertThat(life.completed()).containsExactly("lease table", "first apply creates the repository", "converge",
          "drift repair", "rollout of a new image", "suspend and resume", "destroy");
      var called = actionsCalled(reconciler);
      called.removeAll(TRIED_ONCE_WITHOUT_PERMISSION);
      assertThat(called).as("every call the reconciler made is an action of the policy").isSubsetOf(actionsOf(POLICY));
      assertThat(reconciler.counter().count("Iam", "GetAccountAuthorizationDetails"))
          .as("the one read of every role, which the policy leaves out, is tried once and done without").isEqualTo(1);
      assertThat(actionsCalled(reconciler)).as("and the policy has no action the life did not need, but those "
              + "AWS alone checks and the unreachable ones")
          .containsAll(expectedCalls());
    }
  }

  @ParameterizedTest(name = "without {0}")
  @MethodSource("removals")
  void withoutAStatementTheLifeFailsOnADeniedActionOfIt(String removed) {
    var sids = Set.of(removed.split("\\+"));
    var policy = POLICY;
    for (var sid : sids) {
      policy = policy.without(sid);
    }
    var actions = POLICY.statements().stream().filter(s -> sids.contains(s.sid()))
        .flatMap(s -> s.actions().stream()).toList();
    try (var account = moto.freshAccount();
         var reconciler = account.userWith("reconciler", PolicyParts.of(policy.withEveryResourceStar()))) {
      var failure = new ReconcilerLife(reconciler, account.admin()).live();

      assertThat(failure).as("the life without " + removed).isPresent();
      // The reconciler names the refused call's action (FailedActionNaming); moto's own "is not authorized to
      // perform" text reaches the message only for EC2, the one protocol whose error body the SDK reads from moto.
      assertThat(failure.get().message()).as(failure.get().step())
          .containsAnyOf("Status Code: 403", "is not authorized to perform")
          .satisfies(message -> assertThat(actions).anySatisfy(action -> assertThat(message).contains(action + ": ")));
    }
  }

  /**
   * trust-assume-role.json as moto judges it: the caller it names, holding only sts:AssumeRole on the role, gets the
   * role's policies with the external id; a wrong external id or another caller is refused. (moto compares the
   * external id only when one is sent: a call without any passes there, AWS refuses it.)
   */
  @Test
  void theRoleIsAssumedOnlyByTheCallerItTrustsWithTheExternalId() {
    try (var account = moto.freshAccount()) {
      var caller = "arn:aws:iam::" + IamEnforcingMoto.ACCOUNT + ":user/ci-caller";
      var trust = PolicyDocument.read(PolicyDocument.FOLDER.resolve("trust-assume-role.json"),
          Map.of("<CALLER_PRINCIPAL_ARN>", caller, "<EXTERNAL_ID>", "ext-7f3a"));
      var role = account.role("ecs-reconciler", trust, PolicyParts.of(POLICY.withEveryResourceStar()));
      var mayAssume = List.of(PolicyDocument.of("assume", """
          {"Version":"2012-10-17","Statement":[{"Sid":"AssumeTheReconcilerRole","Effect":"Allow",
           "Action":"sts:AssumeRole","Resource":"%s"}]}""".formatted(role)));

      var callerKey = account.keyOf("ci-caller", mayAssume);
      var strangerKey = account.keyOf("stranger", mayAssume);

      try (var trusted = account.assuming(callerKey, assume(role, "ext-7f3a"))) {
        var plan = StackPass.run(ReconcilerLife.spec("1.0.0", 4), trusted, StackPass.Options.of(StackPass.Goal.PLAN),
            StackPass.Progress.SILENT).plan();
        assertThat(plan.hasChanges()).as("a plan of the whole stack, read as the role").isTrue();
      }
      try (var wrongId = account.assuming(callerKey, assume(role, "ext-wrong"))) {
        assertThatThrownBy(() -> wrongId.ec2().describeVpcs()).hasStackTraceContaining("sts:AssumeRole: ");
      }
      try (var stranger = account.assuming(strangerKey, assume(role, "ext-7f3a"))) {
        assertThatThrownBy(() -> stranger.ec2().describeVpcs()).hasStackTraceContaining("sts:AssumeRole: ");
      }
    }
  }

  private static AssumeRoleSettings assume(String role, String externalId) {
    return new AssumeRoleSettings(role, "ecs-reconciler", Optional.of(externalId));
  }

  @Test
  void everyStatementIsSweptOrCheckedByAwsAlone() {
    var swept = new TreeSet<String>();
    allRemovals().forEach(removal -> swept.addAll(List.of(removal.split("\\+"))));
    swept.addAll(AWS_ONLY.keySet());

    assertThat(swept).containsExactlyInAnyOrderElementsOf(POLICY.statements().stream()
        .map(PolicyDocument.Statement::sid).toList());
  }

  static Stream<String> removals() {
    var full = Boolean.parseBoolean(System.getProperty("reconciler.iam.full-sweep",
        System.getenv().getOrDefault("RECONCILER_IAM_FULL_SWEEP", "false")));
    return allRemovals().stream().filter(removal -> full || SAMPLE.contains(removal));
  }

  /** Each statement alone, or with the ones moto only sees together with it; not those only AWS checks. */
  private static List<String> allRemovals() {
    var removals = new ArrayList<String>();
    for (var statement : POLICY.statements()) {
      var sid = statement.sid();
      if (AWS_ONLY.containsKey(sid)) {
        continue;
      }
      var group = TOGETHER.stream().filter(together -> together.contains(sid)).findFirst();
      if (group.isEmpty()) {
        removals.add(sid);
      } else if (group.get().stream().sorted().findFirst().orElseThrow().equals(sid)) {
        removals.add(String.join("+", group.get().stream().sorted().toList()));
      }
    }
    return removals;
  }

  /** What the reconciler may call that a life does not: only reachable with a spec the schema refuses. */
  private static Set<String> expectedCalls() {
    var expected = new TreeSet<>(actionsOf(POLICY));
    POLICY.statements().stream().filter(s -> AWS_ONLY.containsKey(s.sid()))
        .forEach(s -> expected.removeAll(s.actions()));
    expected.removeAll(Set.of(
        "logs:DeleteRetentionPolicy", // retention 0 ("never expire"), which spec.service.logRetentionDays refuses
        "ec2:ReplaceRoute",           // a managed route retargeted to another gateway: a stack has one
        "ecr:TagResource",            // in CreateRepository (tag on create), not called by itself
        "logs:TagResource",           // in CreateLogGroup
        "iam:TagRole"));              // in CreateRole
    return expected;
  }

  /**
   * Actions the policy leaves out on purpose and the reconciler does without when refused (docs/iam/README.md says
   * when to add them): reading every role of the account in one call instead of each stack's role on its own.
   */
  private static final Set<String> TRIED_ONCE_WITHOUT_PERMISSION = Set.of("iam:GetAccountAuthorizationDetails");

  private static Set<String> actionsOf(PolicyDocument policy) {
    var actions = new TreeSet<String>();
    policy.statements().forEach(s -> actions.addAll(s.actions()));
    return actions;
  }

  /** The SDK's service names as IAM's action prefixes. */
  private static final Map<String, String> PREFIXES = Map.of("Ec2", "ec2", "ElasticLoadBalancingV2",
      "elasticloadbalancing", "Ecs", "ecs", "Ecr", "ecr", "CloudWatchLogs", "logs", "Iam", "iam",
      "ApplicationAutoScaling", "application-autoscaling", "DynamoDb", "dynamodb", "Sts", "sts");

  private static Set<String> actionsCalled(AwsClients clients) {
    var actions = new TreeSet<String>();
    for (ApiCallCounter.Call call : clients.counter().snapshot().keySet()) {
      actions.add(PREFIXES.getOrDefault(call.service(), call.service()) + ":" + call.operation());
    }
    return actions;
  }
}
