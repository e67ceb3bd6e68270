package io.ecsreconciler.app;

import io.ecsreconciler.engine.Applier;
import io.ecsreconciler.lease.DynamoDbStackLease;
import io.ecsreconciler.lease.LocalStackLease;
import io.ecsreconciler.lease.StackLease;
import io.ecsreconciler.loop.Controller;
import io.ecsreconciler.loop.ControllerMetrics;
import io.ecsreconciler.loop.RegionalClients;
import io.ecsreconciler.loop.StackBackoff;
import io.ecsreconciler.loop.StatusBoard;
import io.ecsreconciler.notify.Notifier;
import io.ecsreconciler.notify.NotifierSettings;
import io.ecsreconciler.notify.RetryPolicy;
import io.ecsreconciler.preview.PlanPreview;
import io.ecsreconciler.rollout.ConnectTo;
import io.ecsreconciler.rollout.PostDeployCheck;
import io.ecsreconciler.source.DesiredStateSource;
import io.ecsreconciler.source.FolderSource;
import io.ecsreconciler.source.GitSource;
import io.ecsreconciler.source.GitSourceSettings;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the controller from {@link ControllerProperties}; every choice (source, lease) is made here, once. */
@Configuration(proxyBeanMethods = false)
class ControllerConfiguration {

  @Bean
  Clock clock() {
    return Clock.systemUTC();
  }

  @Bean
  StatusBoard statusBoard(Clock clock) {
    return new StatusBoard(clock);
  }

  @Bean(destroyMethod = "close")
  RegionalClients regionalClients(ControllerProperties properties) {
    return new RegionalClients(Optional.ofNullable(properties.awsEndpoint()));
  }

  @Bean
  DesiredStateSource desiredStateSource(ControllerProperties properties) {
    var source = properties.source();
    return switch (source.type()) {
      case "folder" -> new FolderSource(source.folder());
      case "git" -> new GitSource(gitSettings(source.git()));
      default -> throw new IllegalArgumentException("reconciler.source.type must be folder or git, not "
          + source.type());
    };
  }

  private static GitSourceSettings gitSettings(ControllerProperties.Git git) {
    if (git.url() == null || git.url().isBlank()) {
      throw new IllegalArgumentException("reconciler.source.git.url is required when reconciler.source.type=git");
    }
    var cache = git.cacheDir() != null ? git.cacheDir() : GitSourceSettings.defaultCacheDir(git.url(), git.branch());
    return new GitSourceSettings(git.url(), git.branch(), git.path(), Optional.ofNullable(git.username()),
        Optional.ofNullable(git.token()), Optional.ofNullable(git.sshKeyFile()), Optional.ofNullable(git.knownHostsFile()),
        cache);
  }

  /**
   * Previews read the controller's own Git source (URL, credentials, folder, and its clone under the same lock)
   * and plan with its shared clients, so their AWS calls are counted in its metrics. Only for a Git source:
   * a folder has no other refs to preview (no bean: null). Chosen here at run time, not by a condition, which
   * Spring AOT (the launcher's mode) would fix when the jar is built; and by the setting, not by testing the source's
   * class: that test would load GitSource, and with it JGit, whose jar is signed, so its classes cannot go in the
   * launcher's AOT cache and are checked against the signature at every start (about 0.1 s).
   */
  @Bean
  PlanPreview planPreview(ControllerProperties properties, DesiredStateSource source, RegionalClients clients) {
    return "git".equals(properties.source().type()) ? new PlanPreview((GitSource) source, clients::forRegion) : null;
  }

  /** Spring closes a lease with a close method (the DynamoDB lease's heartbeat and held locks) on shutdown. */
  @Bean
  StackLease stackLease(ControllerProperties properties, RegionalClients clients) {
    var lease = properties.lease();
    var holder = lease.holder() != null ? lease.holder() : hostName() + "-" + UUID.randomUUID().toString().substring(0, 8);
    return switch (lease.type()) {
      case "local" -> new LocalStackLease(holder);
      case "dynamodb" -> {
        var dynamoDb = clients.forRegion(lease.region()).dynamoDb();
        if (lease.createTable()) {
          DynamoDbStackLease.createTableIfMissing(dynamoDb, lease.table());
        }
        yield new DynamoDbStackLease(dynamoDb, lease.table(), holder, lease.duration(), lease.heartbeat());
      }
      default -> throw new IllegalArgumentException("reconciler.lease.type must be local or dynamodb, not "
          + lease.type());
    };
  }

  @Bean
  ControllerMetrics controllerMetrics(MeterRegistry registry, StatusBoard board, RegionalClients clients) {
    return new ControllerMetrics(registry, board, clients.counter());
  }

  @Bean
  Controller controller(DesiredStateSource source, StackLease lease, RegionalClients clients, StatusBoard board,
                        ControllerMetrics metrics, ControllerProperties properties, Clock clock) {
    var backoff = properties.backoff();
    var settings = new Controller.Settings(properties.deleteRemovedStacks(),
        new StackBackoff(backoff.initial(), backoff.max(), backoff.multiplier(), backoff.jitter()),
        new Applier.Options(properties.readyTimeout(), properties.pollInterval()), properties.maxConcurrentStacks(),
        new Controller.Rollouts(properties.requeueAfter(), postDeployCheck(properties.verify())));
    return new Controller(source, lease, clients, board, metrics, settings, clock);
  }

  /**
   * Notifications, only when a sink is configured (else no bean: null, decided at run time as for previews): the
   * notifier listens to the board's events and delivers on threads of its own; on shutdown it delivers what is
   * queued for a few seconds, then stops.
   */
  @Bean(destroyMethod = "close")
  Notifier notifier(ControllerProperties properties, StatusBoard board, StackLease lease, MeterRegistry registry,
                    Clock clock) {
    var notify = properties.notifications();
    if (!NotifierSettings.anySink(notify.slackWebhookUrl(), notify.webhookUrl())) {
      return null;
    }
    var settings = NotifierSettings.of(notify.slackWebhookUrl(), notify.webhookUrl(), notify.webhookSecret(),
        new RetryPolicy(notify.maxAttempts(), notify.initialBackoff(), RetryPolicy.MAX_BACKOFF), lease.holder());
    var notifier = Notifier.start(settings, registry, clock);
    board.onEvent(notifier::notify);
    return notifier;
  }

  private static PostDeployCheck postDeployCheck(ControllerProperties.Verify verify) {
    var connectTo = Optional.ofNullable(verify.connectTo()).filter(text -> !text.isBlank()).map(ConnectTo::parse);
    return new PostDeployCheck(connectTo, java.time.Duration.ofSeconds(1));
  }

  private static String hostName() {
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.net.UnknownHostException e) {
      return "replica";
    }
  }
}
