package io.ecsreconciler.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ecsreconciler.app.RunningController;
import io.ecsreconciler.aws.ApiCallCounter;
import io.ecsreconciler.aws.AwsClients;
import io.ecsreconciler.aws.AwsSettings;
import io.ecsreconciler.engine.Stack;
import io.ecsreconciler.testing.AwsEmulator;
import io.ecsreconciler.testing.AwsEmulatorTest;
import io.ecsreconciler.testing.DedicatedMoto;
import io.ecsreconciler.testing.DesiredStateRepo;
import io.ecsreconciler.testing.EcrImages;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;

@AwsEmulatorTest
class ReplicasAndOutagesTest {

  private final AwsEmulator emulator;

  ReplicasAndOutagesTest(AwsEmulator emulator) {
    this.emulator = emulator;
  }

  private static Map<String, String> gitSource(DesiredStateRepo repo, Path cache, String... more) {
    return repo.source(cache, more);
  }

  private int owned(String describe, String field) {
    return emulator.cli("ec2", describe, "--filters", "Name=tag:" + Stack.STACK_TAG + ",Values=hello").assertOk()
        .json().path(field).size();
  }

  @Test
  void twoReplicasOnOneRepositoryActOneAtATimeAndCreateNothingTwice(@TempDir Path repoDir, @TempDir Path cacheA,
                                                                     @TempDir Path cacheB) throws Exception {
    EcrImages.push(emulator, "1.0.0");
    try (var repo = DesiredStateRepo.create(repoDir);
         var a = RunningController.start(emulator, gitSource(repo, cacheA, "reconciler.lease.type", "dynamodb",
             "reconciler.lease.holder", "replica-a", "reconciler.lease.duration", "10s",
             "reconciler.lease.heartbeat", "2s"));
         var b = RunningController.start(emulator, gitSource(repo, cacheB, "reconciler.lease.type", "dynamodb",
             "reconciler.lease.holder", "replica-b", "reconciler.lease.duration", "10s",
             "reconciler.lease.heartbeat", "2s"));
         var threads = Executors.newVirtualThreadPerTaskExecutor()) {
      var replicas = List.of(a.bean(Controller.class), b.bean(Controller.class));
      for (int round = 0; round < 3; round++) {
        var passes = new ArrayList<java.util.concurrent.Future<?>>();
        replicas.forEach(replica -> passes.add(threads.submit(() -> replica.runOnce("test"))));
        for (var pass : passes) {
          pass.get();
        }
      }

      assertThat(owned("describe-vpcs", "Vpcs")).isEqualTo(1);
      assertThat(owned("describe-subnets", "Subnets")).isEqualTo(4);
      assertThat(owned("describe-security-groups", "SecurityGroups")).isEqualTo(3);
      assertThat(owned("describe-vpc-endpoints", "VpcEndpoints")).isEqualTo(4);
      assertThat(emulator.cli("elbv2", "describe-load-balancers").assertOk().json().path("LoadBalancers").size())
          .isEqualTo(1);
      var applied = new ArrayList<StackEvent>();
      for (var replica : List.of(a, b)) {
        applied.addAll(replica.bean(StatusBoard.class).events(Optional.of("hello"), 50).stream()
            .filter(e -> e.type().equals("Applied")).toList());
      }
      assertThat(applied).as("the stack was built by exactly one replica, once").hasSize(1);
      var actors = List.of(a, b).stream().map(r -> r.bean(StatusBoard.class).stack("hello").orElseThrow().actingReplica())
          .toList();
      assertThat(actors).containsAnyOf("replica-a", "replica-b");
    }
  }

  @Test
  void whenAwsGoesAwayTheStackIsDegradedAndRecoversWithoutARestart(@TempDir Path repoDir, @TempDir Path cache)
      throws Exception {
    try (var aws = DedicatedMoto.start();
         var repo = DesiredStateRepo.create(repoDir);
         var running = RunningController.start(aws.endpoint(), gitSource(repo, cache))) {
      var controller = running.bean(Controller.class);
      var board = running.bean(StatusBoard.class);
      pushImage(aws);
      controller.runOnce("test");
      assertThat(board.stack("hello").orElseThrow().sync()).isEqualTo(Sync.Synced);

      aws.stop();
      controller.runOnce("test");

      var down = board.stack("hello").orElseThrow();
      assertThat(down.health()).isEqualTo(Health.Degraded);
      assertThat(down.sync()).isEqualTo(Sync.Unknown);
      assertThat(down.lastError()).isPresent();
      assertThat(down.nextAttemptAt()).isPresent();
      assertThat(running.get("/api/v1/stacks").statusCode()).isEqualTo(200);

      aws.restart(); // moto starts empty: the controller has to build the stack again
      pushImage(aws);
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
        controller.runOnce("test");
        assertThat(board.stack("hello").orElseThrow().sync()).isEqualTo(Sync.Synced);
      });
      assertThat(board.stack("hello").orElseThrow().health()).isNotEqualTo(Health.Degraded);
      assertThat(board.events(Optional.of("hello"), 20)).extracting(StackEvent::type).contains("Error", "Recovered");
    }
  }

  private static void pushImage(DedicatedMoto aws) {
    try (var clients = AwsClients.create(AwsSettings.forRegion("us-east-1").withEndpoint(aws.endpoint()),
        new ApiCallCounter())) {
      clients.ecr().createRepository(r -> r.repositoryName("hello"));
      clients.ecr().putImage(r -> r.repositoryName("hello").imageTag("1.0.0").imageManifest(EcrImages.manifest("1.0.0")));
    }
  }
}
