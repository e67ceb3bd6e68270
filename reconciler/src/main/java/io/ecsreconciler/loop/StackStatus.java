package io.ecsreconciler.loop;

import io.ecsreconciler.desired.StackSpec;
import io.ecsreconciler.plan.Plan;
import io.ecsreconciler.rollout.RolloutStatus;
import io.ecsreconciler.suspend.Suspension;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the controller knows of one stack, recomputed by every pass (conditions, not history).
 *
 * @param file          where the stack is declared, relative to the source root
 * @param revision      the source revision the stack was last reconciled at
 * @param syncedRevision the last revision AWS matched: differences found at it again are drift
 * @param spec          the last valid desired state (kept while the file is invalid, for status and removal)
 * @param lastPlan      the plan of the last pass that reached AWS
 * @param problems      validation errors ({@code file:line:column: field: problem}) while Invalid
 * @param notReady      resources that exist but are not ready
 * @param failures      consecutive failed passes (drives the backoff)
 * @param nextAttemptAt when a failing stack is tried again; empty when not backing off
 * @param rollout       the service's rollout as the last pass saw it (deployment, counts, ECS's latest events)
 * @param suspension    set while an operator has the stack suspended: observed and reported, never changed
 */
public record StackStatus(String name, String file, Sync sync, Health health, String revision,
                          String syncedRevision, Optional<StackSpec> spec, Optional<Instant> lastPassAt, Optional<Duration> lastPassTook,
                          Optional<Plan> lastPlan, Optional<String> lastError, List<String> problems,
                          List<String> notReady, int failures, Optional<Instant> nextAttemptAt, String actingReplica,
                          Optional<RolloutStatus> rollout, Optional<Suspension> suspension) {

  public StackStatus {
    problems = List.copyOf(problems);
    notReady = List.copyOf(notReady);
  }

  public static StackStatus unknown(String name, String file) {
    return new StackStatus(name, file, Sync.Unknown, Health.Missing, "", "", Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.empty(), Optional.empty(), List.of(), List.of(), 0, Optional.empty(), "",
        Optional.empty(), Optional.empty());
  }

  /** A copy to change a few fields of; the rest stay as they are. */
  Builder toBuilder() {
    return new Builder(this);
  }

  /** Changes to a status, field by field (a pass changes some conditions and keeps the others). */
  static final class Builder {
    private final StackStatus from;
    private Sync sync;
    private Health health;
    private String revision;
    private String syncedRevision;
    private Optional<StackSpec> spec;
    private Optional<Instant> lastPassAt;
    private Optional<Duration> lastPassTook;
    private Optional<Plan> lastPlan;
    private Optional<String> lastError;
    private List<String> problems;
    private List<String> notReady;
    private int failures;
    private Optional<Instant> nextAttemptAt;
    private String actingReplica;
    private Optional<RolloutStatus> rollout;
    private Optional<Suspension> suspension;

    private Builder(StackStatus from) {
      this.from = from;
      sync = from.sync;
      health = from.health;
      revision = from.revision;
      syncedRevision = from.syncedRevision;
      spec = from.spec;
      lastPassAt = from.lastPassAt;
      lastPassTook = from.lastPassTook;
      lastPlan = from.lastPlan;
      lastError = from.lastError;
      problems = from.problems;
      notReady = from.notReady;
      failures = from.failures;
      nextAttemptAt = from.nextAttemptAt;
      actingReplica = from.actingReplica;
      rollout = from.rollout;
      suspension = from.suspension;
    }

    Builder sync(Sync value) {
      sync = value;
      return this;
    }

    Builder health(Health value) {
      health = value;
      return this;
    }

    Builder revision(String value) {
      revision = value;
      return this;
    }

    Builder syncedRevision(String value) {
      syncedRevision = value;
      return this;
    }

    Builder spec(StackSpec value) {
      spec = Optional.of(value);
      return this;
    }

    Builder lastPass(Instant at, Duration took) {
      lastPassAt = Optional.of(at);
      lastPassTook = Optional.of(took);
      return this;
    }

    Builder lastPlan(Plan value) {
      lastPlan = Optional.of(value);
      return this;
    }

    Builder lastError(Optional<String> value) {
      lastError = value;
      return this;
    }

    Builder problems(List<String> value) {
      problems = value;
      return this;
    }

    Builder notReady(List<String> value) {
      notReady = value;
      return this;
    }

    Builder failures(int value, Optional<Instant> next) {
      failures = value;
      nextAttemptAt = next;
      return this;
    }

    Builder actingReplica(String value) {
      actingReplica = value;
      return this;
    }

    Builder rollout(Optional<RolloutStatus> value) {
      rollout = value;
      return this;
    }

    Builder suspension(Optional<Suspension> value) {
      suspension = value;
      return this;
    }

    StackStatus build() {
      return new StackStatus(from.name, from.file, sync, health, revision, syncedRevision, spec, lastPassAt, lastPassTook, lastPlan,
          lastError, problems, notReady, failures, nextAttemptAt, actingReplica, rollout, suspension);
    }
  }

  public String mode() {
    return spec.map(s -> s.policy().mode().name().toLowerCase(java.util.Locale.ROOT)).orElse("");
  }
}
