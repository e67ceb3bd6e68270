package io.ecsreconciler.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.ecsreconciler.engine.Applier;
import io.ecsreconciler.lease.LocalStackLease;
import io.ecsreconciler.lease.StackLease;
import io.ecsreconciler.rollout.PostDeployCheck;
import io.ecsreconciler.source.FolderSource;
import io.ecsreconciler.testing.AwsEmulator;
import io.ecsreconciler.testing.AwsEmulatorTest;
import io.ecsreconciler.testing.EcrImages;
import io.ecsreconciler.testing.RecordingEndpoint;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DESIGN §10, counted: a controller pass observes a region once per kind for all its stacks, so a steady pass of
 * hello alone stays within 20 read calls and every further stack adds at most 6, with no mutating call; a stack
 * another replica holds is not even named in this replica's calls.
 */
@AwsEmulatorTest
class ObservationAcrossStacksTest {

  private static final Path HELLO = Path.of("../desired-state/hello.yaml");

  private final AwsEmulator emulator;

  ObservationAcrossStacksTest(AwsEmulator emulator) {
    this.emulator = emulator;
  }

  /** A controller of its own over a folder, passes driven by the test (no requeue timer). */
  private record Replica(Controller controller, StatusBoard board, RegionalClients clients) implements AutoCloseable {

    static Replica over(Path folder, URI endpoint, StackLease lease) {
      var board = new StatusBoard(Clock.systemUTC());
      var clients = new RegionalClients(Optional.of(endpoint));
      var settings = new Controller.Settings(false, new StackBackoff(Duration.ofSeconds(1), Duration.ofSeconds(2), 2, 0),
          new Applier.Options(Duration.ofSeconds(10), Duration.ofMillis(100)), 8,
          new Controller.Rollouts(Duration.ofHours(1), PostDeployCheck.direct()));
      var controller = new Controller(new FolderSource(folder), lease, clients, board,
          new ControllerMetrics(new SimpleMeterRegistry(), board, clients.counter()), settings, Clock.systemUTC());
      return new Replica(controller, board, clients);
    }

    /** Passes until every stack is in sync and healthy, its rollout done (bounded). */
    void converge(List<String> stacks) throws InterruptedException {
      for (int pass = 0; pass < 60; pass++) {
        controller.runOnce("converge");
        if (stacks.stream().allMatch(this::settled)) {
          return;
        }
        Thread.sleep(250);
      }
      throw new AssertionError("not converged: " + board.stacks());
    }

    boolean settled(String stack) {
      return board.stack(stack).map(s -> s.sync() == Sync.Synced && s.health() == Health.Healthy).orElse(false);
    }

    @Override
    public void close() {
      controller.close();
      clients.close();
    }
  }

  /** Stacks s0..s(n-1): copies of hello under their own names (one shared, adopted image repository). */
  private static List<String> stacks(Path folder, String... names) throws IOException {
    var hello = Files.readString(HELLO);
    for (var name : names) {
      Files.writeString(folder.resolve(name + ".yaml"), hello.replace("name: hello", "name: " + name));
    }
    return List.of(names);
  }

  private static String[] numbered(int count) {
    var names = new String[count];
    for (int i = 0; i < count; i++) {
      names[i] = "s" + i;
    }
    return names;
  }

  @Test
  void aSteadyPassCostsHelloAtMostTwentyReadsAndEachFurtherStackAtMostSixWithNothingChanged(@TempDir Path root)
      throws Exception {
    assumeThat(emulator.runsTasks()).as("steady means rollouts done: needs the emulator's ECS runtime model").isTrue();
    var reads = new TreeMap<Integer, Long>();
    for (int count : List.of(1, 3, 10)) {
      emulator.reset();
      EcrImages.push(emulator, "1.0.0");
      var folder = Files.createDirectory(root.resolve("stacks-" + count));
      var names = stacks(folder, numbered(count));
      try (var replica = Replica.over(folder, emulator.endpoint(), new LocalStackLease("replica"))) {
        replica.converge(names);
        var counter = replica.clients().counter();
        counter.reset();

        replica.controller().runOnce("steady");

        assertThat(names).allMatch(replica::settled);
        assertThat(counter.mutations()).as(counter.snapshot().toString()).isZero();
        reads.put(count, counter.reads());
        System.out.println("steady pass of " + count + " stack(s): " + counter.reads() + " reads " + counter.snapshot());
      }
    }

    assertThat(reads.get(1)).as("hello alone").isLessThanOrEqualTo(20);
    assertThat((reads.get(3) - reads.get(1)) / 2.0).as("each of 2 more stacks, " + reads).isLessThanOrEqualTo(6);
    assertThat((reads.get(10) - reads.get(1)) / 9.0).as("each of 9 more stacks, " + reads).isLessThanOrEqualTo(6);
  }

  @Test
  void aStackAnotherReplicaHoldsIsNotNamedInAnyCallOfThisReplica(@TempDir Path folder) throws Exception {
    EcrImages.push(emulator, "1.0.0");
    var names = stacks(folder, "hello", "bystander");
    try (var first = Replica.over(folder, emulator.endpoint(), new LocalStackLease("first"))) {
      first.converge(names);
    }
    var local = new LocalStackLease("this");
    StackLease bystanderElsewhere = new StackLease() {
      @Override
      public boolean runExclusively(String stack, Runnable work) {
        return !stack.equals("bystander") && local.runExclusively(stack, work);
      }

      @Override
      public String holder() {
        return "this";
      }
    };
    try (var recording = RecordingEndpoint.forwardingTo(emulator.endpoint());
         var replica = Replica.over(folder, recording.uri(), bystanderElsewhere)) {

      replica.controller().runOnce("test");

      assertThat(replica.board().stack("bystander").orElseThrow().actingReplica()).isEqualTo("another replica");
      assertThat(replica.board().stack("hello").orElseThrow().sync()).isEqualTo(Sync.Synced);
      assertThat(recording.requests()).as("no request names the stack another replica holds")
          .noneMatch(request -> request.body().contains("bystander"));
      var perStack = Map.of("DescribeVpcAttribute", 2L, "DescribeServices", 1L, "DescribeTaskDefinition", 1L,
          "DescribeListeners", 1L);
      perStack.forEach((operation, times) -> assertThat(recording.operations().stream()
          .filter(operation::equals).count()).as(operation + " only for hello").isEqualTo(times));
    }
  }
}
