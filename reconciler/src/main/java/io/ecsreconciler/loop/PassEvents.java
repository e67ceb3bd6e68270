package io.ecsreconciler.loop;

import io.ecsreconciler.desired.StackSpec;
import io.ecsreconciler.engine.Applier;
import io.ecsreconciler.pass.StackPass;
import io.ecsreconciler.plan.Action;
import io.ecsreconciler.plan.Change;
import io.ecsreconciler.plan.DeltaText;
import io.ecsreconciler.plan.Plan;
import io.ecsreconciler.resource.ecsservice.ServiceKind;
import io.ecsreconciler.rollout.RolloutStatus;
import io.ecsreconciler.rollout.RolloutTransitions;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a stack's pass tells its operator: an audit line (logger {@code io.ecsreconciler.audit}) for every AWS
 * change with its fields {@code old -> new} and the desired-state revision, one per pass outcome, and the events of
 * the status board (drift before it is put right, what was applied, failures, degradation and recovery, rollouts)
 * with the same field deltas. Key-value pairs go with each audit line, so JSON logs
 * ({@code logging.structured.format.console=ecs}) carry them as fields. Nothing here holds a secret: plans hold
 * names, ids and settings, never credentials.
 */
final class PassEvents {

  static final String AUDIT_LOGGER = "io.ecsreconciler.audit";
  private static final Logger audit = LoggerFactory.getLogger(AUDIT_LOGGER);
  /** An event names at most this many resources in its message; its details list every change. */
  private static final int NAMED_IN_MESSAGE = 6;

  private final StatusBoard board;
  private final ControllerMetrics metrics;
  private final Clock clock;

  PassEvents(StatusBoard board, ControllerMetrics metrics, Clock clock) {
    this.board = board;
    this.metrics = metrics;
    this.clock = clock;
  }

  /**
   * Follows one pass as it runs: drift is recorded once planned, before the apply puts it right, and each
   * change is logged as it finishes.
   */
  StackPass.Progress progress(StackSpec spec, String revision, Optional<StackStatus> before) {
    var changes = new ConcurrentHashMap<String, Change>();
    return new StackPass.Progress() {
      @Override
      public void planned(Plan plan) {
        plan.changes().forEach(change -> changes.put(change.key().toString(), change));
        var drift = toMake(plan);
        if (!drift.isEmpty() && isDrift(spec, revision, before)) {
          board.event(spec.name(), "Drift", revision, "drift found at " + revision + ": " + names(drift)
              + (enforcing(spec) ? "" : " (observe mode: reported, not changed)"), details(drift));
          drift.forEach(change -> audit.atInfo().addKeyValue("stack", spec.name()).addKeyValue("revision", revision)
              .addKeyValue("resource", change.key().toString()).addKeyValue("event", "drift")
              .addKeyValue("changes", deltas(change))
              .log("stack {} drifted at {}: {} {}", spec.name(), revision, change.key(), deltas(change)));
        }
      }

      @Override
      public void finished(Applier.Outcome outcome) {
        var change = changes.get(outcome.key().toString());
        var what = change == null ? "" : deltas(change);
        audit.atInfo().addKeyValue("stack", spec.name()).addKeyValue("revision", revision)
            .addKeyValue("resource", outcome.key().toString())
            .addKeyValue("action", outcome.action().verb())
            .addKeyValue("status", outcome.status().name().toLowerCase(Locale.ROOT))
            .addKeyValue("changes", what)
            .log("stack {} at {}: {} {} {}{}{}", spec.name(), revision, outcome.action().verb(), outcome.key(),
                outcome.status().name().toLowerCase(Locale.ROOT), what.isEmpty() ? "" : ": " + what,
                outcome.detail().isEmpty() ? "" : " (" + outcome.detail() + ")");
      }
    };
  }

  /** After the pass: what was applied, failures, degradation and recovery, the rollout's transitions. */
  void passed(StackSpec spec, String revision, StackPass.Result result, Optional<StackStatus> before,
              StackStatus after) {
    var name = spec.name();
    var changes = toMake(result.plan());
    if (!changes.isEmpty() && result.applied()) {
      var drift = isDrift(spec, revision, before);
      board.event(name, drift ? "DriftCorrected" : "Applied", revision, (drift ? "drift put right at " : "applied at ")
          + revision + ": " + names(changes), details(changes));
    } else if (!changes.isEmpty() && !isDrift(spec, revision, before)) {
      board.event(name, "OutOfSync", revision, "out of sync at " + revision + ": " + names(changes)
          + (result.skippedWhy().isEmpty() ? "" : " (" + result.skippedWhy() + ")"), details(changes));
    }
    var succeeded = result.succeeded() || (!result.skippedWhy().isEmpty() && !result.plan().hasErrors());
    if (!succeeded) {
      board.event(name, "Error", revision, after.lastError().orElse("the pass failed"));
    }
    healthChanged(name, revision, before, after);
    suspensionChanged(name, before, after);
    var rolloutBefore = before.flatMap(StackStatus::rollout).or(() -> createdTheService(result)
        ? Optional.of(RolloutTransitions.beforeTheServiceExisted()) : Optional.empty());
    for (var transition : RolloutTransitions.between(rolloutBefore, result.rollout(), clock.instant())) {
      board.event(name, transition.type(), revision, transition.message() + " at " + revision);
      transition.outcome().ifPresent(outcome -> metrics.rollout(name, outcome, transition.duration()));
    }
    audit.atInfo().addKeyValue("stack", name).addKeyValue("revision", revision)
        .addKeyValue("sync", after.sync().name()).addKeyValue("health", after.health().name())
        .addKeyValue("changes", changes.size()).addKeyValue("tookMillis", result.took().toMillis())
        .log("stack {} pass at {}: {} change(s){}, {}, {}, {} ms{}", name, revision, changes.size(),
            result.applied() ? " applied" : "", after.sync(), after.health(), result.took().toMillis(),
            after.lastError().map(e -> ": " + e).orElse(""));
  }

  void failed(String name, String revision, Optional<StackStatus> before, StackStatus after, String message) {
    board.event(name, "Error", revision, message);
    healthChanged(name, revision, before, after);
    audit.atWarn().addKeyValue("stack", name).addKeyValue("revision", revision).addKeyValue("error", message)
        .log("stack {} pass at {} failed: {}", name, revision, message);
  }

  void invalid(String name, String file, String revision, List<String> problems, Optional<StackStatus> before) {
    if (before.map(s -> s.sync() != Sync.Invalid || !s.problems().equals(problems)).orElse(true)) {
      board.event(name, "Invalid", revision, file + " does not validate at " + revision + ": " + problems.getFirst()
          + (problems.size() > 1 ? " (+" + (problems.size() - 1) + " more)" : ""), problems);
      audit.atWarn().addKeyValue("stack", name).addKeyValue("revision", revision).addKeyValue("file", file)
          .log("stack {}: {} does not validate at {}: {}", name, file, revision, String.join("; ", problems));
    }
  }

  /** Suspended or Resumed, once, whoever did it (this replica's API, or another replica seen in a pass). */
  void suspensionChanged(String name, Optional<StackStatus> before, StackStatus after) {
    var was = before.flatMap(StackStatus::suspension);
    var is = after.suspension();
    if (is.isPresent() && !is.equals(was)) {
      board.event(name, "Suspended", after.revision(), "suspended since " + is.get().since()
          + (is.get().reason().isEmpty() ? "" : ": " + is.get().reason())
          + "; observed and reported, nothing is changed until it is resumed");
      audit.atInfo().addKeyValue("stack", name).addKeyValue("event", "suspended")
          .addKeyValue("reason", is.get().reason()).log("stack {} suspended: {}", name, is.get().reason());
    } else if (is.isEmpty() && was.isPresent()) {
      board.event(name, "Resumed", after.revision(), "resumed: changes are made again");
      audit.atInfo().addKeyValue("stack", name).addKeyValue("event", "resumed").log("stack {} resumed", name);
    }
  }

  /** Degraded once when it becomes so, Recovered once when it stops being so (or when a file is valid again). */
  private void healthChanged(String name, String revision, Optional<StackStatus> before, StackStatus after) {
    var wasDegraded = before.map(s -> s.health() == Health.Degraded).orElse(false);
    var wasInvalid = before.map(s -> s.sync() == Sync.Invalid).orElse(false);
    if (after.health() == Health.Degraded && !wasDegraded) {
      board.event(name, "Degraded", revision, "degraded at " + revision + ": "
          + after.lastError().or(() -> after.rollout().map(RolloutStatus::summary)).orElse("unknown cause"));
    } else if (after.health() != Health.Degraded && (wasDegraded || wasInvalid)) {
      board.event(name, "Recovered", revision, "reconciled again at " + revision);
    }
  }

  /**
   * Drift is a difference found at a revision AWS once matched: AWS changed, not the desired state. A new commit's
   * changes are a rollout of that commit, not drift; so is what a failed first apply left to do. In observe mode
   * every difference is reported as drift.
   */
  private static boolean isDrift(StackSpec spec, String revision, Optional<StackStatus> before) {
    return before.map(s -> s.syncedRevision().equals(revision)).orElse(false)
        || (!enforcing(spec) && before.isPresent());
  }

  private static boolean enforcing(StackSpec spec) {
    return spec.policy().mode() == StackSpec.Mode.ENFORCE;
  }

  /** Whether this pass created the stack's service, and with it its first deployment. */
  private static boolean createdTheService(StackPass.Result result) {
    return result.applied() && result.plan().changes().stream()
        .anyMatch(c -> c.key().kind().equals(ServiceKind.KIND) && c.action() == Action.CREATE);
  }

  private static List<Change> toMake(Plan plan) {
    return plan.changes().stream().filter(c -> c.action().changes() && !c.onlyHeld()).toList();
  }

  private static String names(List<Change> changes) {
    var named = changes.stream().limit(NAMED_IN_MESSAGE).map(c -> c.action().symbol() + c.key())
        .collect(Collectors.joining(", "));
    return named + (changes.size() > NAMED_IN_MESSAGE ? " (+" + (changes.size() - NAMED_IN_MESSAGE) + " more)" : "");
  }

  /** One line per change: {@code ~ ecs-service desiredCount: 5 -> 2; taskDefinitionArn: ...}. */
  static List<String> details(List<Change> changes) {
    return changes.stream().map(c -> c.action().symbol() + " " + c.key()
        + (c.deltas().isEmpty() ? (c.reason().isEmpty() ? "" : " (" + c.reason() + ")") : " " + deltas(c)))
        .toList();
  }

  private static String deltas(Change change) {
    if (change.action() == Action.CREATE || change.action() == Action.DELETE) {
      return change.reason();
    }
    return change.deltas().stream().filter(d -> !change.hold().holds(d.path())).map(DeltaText::describe)
        .collect(Collectors.joining("; "));
  }
}
