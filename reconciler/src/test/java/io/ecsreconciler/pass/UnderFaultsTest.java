package io.ecsreconciler.pass;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecsreconciler.aws.ApiCallCounter;
import io.ecsreconciler.aws.AwsClients;
import io.ecsreconciler.engine.Stack;
import io.ecsreconciler.testing.AwsEmulator;
import io.ecsreconciler.testing.AwsEmulatorTest;
import io.ecsreconciler.testing.OwnedInventory;
import io.ecsreconciler.testing.faults.ChaosReport;
import io.ecsreconciler.testing.faults.Fault;
import io.ecsreconciler.testing.faults.FaultMix;
import io.ecsreconciler.testing.faults.FaultProxy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The hello stack built, repaired after drift and destroyed with the reconciler's AWS calls going through a
 * {@link FaultProxy}: each fault on its own and all mixed, and the answer of each kind of create lost once. Passes
 * are repeated as the controller repeats them, a bounded number of times, until one finds nothing left to do;
 * then, without faults, boto3 counts what exists (no duplicate, no leftover) and a plan finds nothing to
 * change. CI runs a sample; {@code bin/chaos} runs them all
 * ({@code -Dreconciler.chaos.full-sweep=true}).
 */
@AwsEmulatorTest
class UnderFaultsTest {

  /** Far more than a stack needs (3 to 6 under the mixed faults); one that needs more does not converge. */
  private static final int MAX_PASSES = 12;
  private static final List<String> HEADER = List.of("faults", "step", "passes", "wall time", "calls made",
      "HTTP attempts", "SDK retries", "faults injected", "mutations AWS received", "duplicates", "leftovers");

  private final AwsEmulator emulator;
  private FaultProxy proxy;
  private AwsClients clients;

  UnderFaultsTest(AwsEmulator emulator) {
    this.emulator = emulator;
  }

  /**
   * CI: every fault at once, at lighter rates; {@code bin/chaos}: every fault on its own, and all mixed at the
   * issue's rates (20% throttling costs minutes: the SDK's adaptive mode then slows its own calls).
   */
  static Stream<FaultMix> mixes() {
    if (!ChaosReport.full()) {
      return Stream.of(FaultMix.sample());
    }
    return Stream.of(FaultMix.only(Fault.THROTTLING, 0.20), FaultMix.only(Fault.SERVER_ERROR, 0.10),
        FaultMix.only(Fault.UNAVAILABLE, 0.10), FaultMix.only(Fault.RESET, 0.10), FaultMix.only(Fault.LATENCY, 0.50),
        FaultMix.only(Fault.LOST_RESPONSE, 0.10), FaultMix.mixed());
  }

  /** Every call that makes something; CI: the one whose twin left the stack unable to converge. */
  static Stream<String> creates() {
    if (!ChaosReport.full()) {
      return Stream.of("ec2:CreateVpc");
    }
    return Stream.of("ec2:CreateVpc", "ec2:CreateInternetGateway", "ec2:AttachInternetGateway", "ec2:CreateSubnet",
        "ec2:CreateRouteTable", "ec2:CreateRoute", "ec2:AssociateRouteTable", "ec2:CreateSecurityGroup",
        "ec2:AuthorizeSecurityGroupIngress", "ec2:CreateVpcEndpoint", "logs:CreateLogGroup", "iam:CreateRole",
        "iam:AttachRolePolicy", "ecs:CreateCluster", "ecs:RegisterTaskDefinition",
        "elasticloadbalancing:CreateTargetGroup", "elasticloadbalancing:CreateLoadBalancer",
        "elasticloadbalancing:CreateListener", "ecs:CreateService");
  }

  @BeforeEach
  void stackBehindAFaultyNetwork() {
    HelloStack.pushImage(emulator, "1.0.0");
    proxy = FaultProxy.start(emulator.endpoint());
    clients = AwsClients.create(emulator.settings().withEndpoint(proxy.uri()), new ApiCallCounter());
  }

  @AfterEach
  void closeProxy() {
    clients.close();
    proxy.close();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("mixes")
  void theStackIsBuiltRepairedAndDestroyedWithNoDuplicateAndNoLeftover(FaultMix mix) {
    proxy.mix(mix);
    converge(mix.name(), "converge", StackPass.Goal.APPLY, OwnedInventory.HELLO_CONVERGED);

    drift();
    proxy.mix(mix);
    converge(mix.name(), "drift repair", StackPass.Goal.APPLY, OwnedInventory.HELLO_CONVERGED);

    proxy.mix(mix);
    converge(mix.name(), "destroy", StackPass.Goal.DESTROY, OwnedInventory.NOTHING);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("creates")
  void aCreateWhoseAnswerIsLostOnceLeavesNoTwin(String call) {
    var lost = new AtomicBoolean();
    proxy.watchMutations((forwarded, number) -> !(forwarded.name().equals(call) && lost.compareAndSet(false, true)));

    converge("answer of " + call + " lost", "converge", StackPass.Goal.APPLY, OwnedInventory.HELLO_CONVERGED);

    assertThat(lost).as("the stack made a %s call", call).isTrue();
  }

  /** Passes under faults until one finds nothing to do; then, without faults, what exists is counted. */
  private void converge(String faults, String step, StackPass.Goal goal, Map<String, Integer> expected) {
    clients.counter().reset();
    proxy.counts().reset();
    var started = Instant.now();
    var passes = new ArrayList<String>();
    var steady = false;
    while (!steady && passes.size() < MAX_PASSES) {
      try {
        var result = pass(goal);
        steady = !result.plan().hasChanges();
        passes.add(steady ? "nothing to do" : result.succeeded() ? "applied" : "partly failed: " + result.outcomes());
      } catch (RuntimeException e) {
        passes.add("failed: " + e.getMessage());
      }
    }
    var took = Duration.between(started, Instant.now());
    proxy.mix(FaultMix.NONE);
    proxy.watchMutations(null);
    var inventory = OwnedInventory.of(emulator, "hello");
    var beyond = OwnedInventory.beyond(inventory, expected);
    var destroying = goal == StackPass.Goal.DESTROY;
    var counter = clients.counter();
    ChaosReport.row("under-faults", HEADER, List.of(faults, step, passes.size(),
        String.format(Locale.ROOT, "%.1f s", took.toMillis() / 1000.0), counter.total(), counter.attempts(),
        counter.attempts() - counter.total(), ChaosReport.faults(proxy.counts().faultsByKind()),
        proxy.counts().forwardedMutations(), destroying ? 0 : beyond.size(), destroying ? beyond.size() : 0));

    assertThat(steady).as("%s under %s: a pass with nothing left to do within %d passes: %s; faults: %s", step,
        faults, MAX_PASSES, passes, proxy.journal()).isTrue();
    assertThat(OwnedInventory.text(inventory)).as("%s under %s; faults: %s", step, faults, proxy.journal())
        .isEqualTo(OwnedInventory.text(expected));
    var plan = StackPass.run(HelloStack.spec(), emulator.clients(), StackPass.Options.of(destroying
        ? StackPass.Goal.PLAN_DESTROY : StackPass.Goal.PLAN), StackPass.Progress.SILENT).plan();
    assertThat(plan.hasChanges()).as("a plan without faults after %s: %s", step, plan.changes()).isFalse();
  }

  private StackPass.Result pass(StackPass.Goal goal) {
    var destroy = goal == StackPass.Goal.DESTROY; // the destroy command lifts the delete guard
    return StackPass.run(HelloStack.spec(), clients,
        new StackPass.Options(goal, destroy, false, StackLifecycleTest.QUICK), StackPass.Progress.SILENT);
  }

  /** Someone changes things by hand: the service's count, a route, the listener, the log retention. */
  private void drift() {
    emulator.cli("ecs", "update-service", "--cluster", "hello", "--service", "hello", "--desired-count", "5").assertOk();
    var table = emulator.cli("ec2", "describe-route-tables", "--filters", "Name=tag:" + Stack.RESOURCE_TAG
        + ",Values=route-table/public").assertOk().json().path("RouteTables").get(0).path("RouteTableId").asString();
    emulator.cli("ec2", "delete-route", "--route-table-id", table, "--destination-cidr-block", "0.0.0.0/0").assertOk();
    var balancer = emulator.cli("elbv2", "describe-load-balancers", "--names", "hello-alb").assertOk().json()
        .path("LoadBalancers").get(0).path("LoadBalancerArn").asString();
    var listener = emulator.cli("elbv2", "describe-listeners", "--load-balancer-arn", balancer).assertOk().json()
        .path("Listeners").get(0).path("ListenerArn").asString();
    emulator.cli("elbv2", "delete-listener", "--listener-arn", listener).assertOk();
    emulator.cli("logs", "put-retention-policy", "--log-group-name", "/ecs/hello", "--retention-in-days", "30")
        .assertOk();
  }
}
