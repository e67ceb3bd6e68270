package io.ecsreconciler.loop;

import io.ecsreconciler.desired.StackSpec;
import io.ecsreconciler.plan.Plan;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the controller knows of one stack, recomputed by every pass (conditions, not history).
 *
 * @param file          where the stack is declared, relative to the source root
 * @param revision      the source revision the stack was last reconciled at
 * @param spec          the last valid desired state (kept while the file is invalid, for status and removal)
 * @param lastPlan      the plan of the last pass that reached AWS
 * @param problems      validation errors ({@code file:line:column: field: problem}) while Invalid
 * @param notReady      resources that exist but are not ready
 * @param failures      consecutive failed passes (drives the backoff)
 * @param nextAttemptAt when a failing stack is tried again; empty when not backing off
 */
public record StackStatus(String name, String file, Sync sync, Health health, String revision,
                          Optional<StackSpec> spec, Optional<Instant> lastPassAt, Optional<Duration> lastPassTook,
                          Optional<Plan> lastPlan, Optional<String> lastError, List<String> problems,
                          List<String> notReady, int failures, Optional<Instant> nextAttemptAt, String actingReplica) {

  public StackStatus {
    problems = List.copyOf(problems);
    notReady = List.copyOf(notReady);
  }

  public static StackStatus unknown(String name, String file) {
    return new StackStatus(name, file, Sync.Unknown, Health.Missing, "", Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.empty(), Optional.empty(), List.of(), List.of(), 0, Optional.empty(), "");
  }

  public String mode() {
    return spec.map(s -> s.policy().mode().name().toLowerCase(java.util.Locale.ROOT)).orElse("");
  }
}
