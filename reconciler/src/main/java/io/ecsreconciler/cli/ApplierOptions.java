package io.ecsreconciler.cli;

import io.ecsreconciler.engine.Applier;
import java.time.Duration;
import picocli.CommandLine.Option;

/** How long apply waits for resources that later ones depend on (VPC endpoints, load balancer). */
final class ApplierOptions {

  @Option(names = "--ready-timeout", defaultValue = "PT10M", paramLabel = "DURATION",
      description = "bounded wait for a resource's readiness, ISO-8601 (default PT10M)")
  Duration readyTimeout;

  @Option(names = "--poll-interval", defaultValue = "PT5S", paramLabel = "DURATION",
      description = "how often to look again while waiting (default PT5S)")
  Duration pollInterval;

  Applier.Options options() {
    return new Applier.Options(readyTimeout, pollInterval);
  }
}
