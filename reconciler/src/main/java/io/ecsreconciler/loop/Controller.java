package io.ecsreconciler.loop;

import io.ecsreconciler.desired.StackLoader;
import io.ecsreconciler.desired.StackSpec;
import io.ecsreconciler.engine.Applier;
import io.ecsreconciler.lease.StackLease;
import io.ecsreconciler.pass.StackPass;
import io.ecsreconciler.plan.Action;
import io.ecsreconciler.resource.EcsStackResources;
import io.ecsreconciler.resource.RegionLook;
import io.ecsreconciler.suspend.Suspension;
import io.ecsreconciler.rollout.PostDeployCheck;
import io.ecsreconciler.rollout.RolloutStatus;
import io.ecsreconciler.source.DesiredStateSource;
import io.ecsreconciler.source.Snapshot;
import io.ecsreconciler.source.SourceUnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reconcile loop, level-triggered like a Kubernetes controller: every pass reads the source at its current
 * revision, validates each stack file, and runs one {@link StackPass} per valid stack (stacks in parallel, each
 * under its lease). An invalid file makes no AWS call and leaves the stack's resources as they are; a failing
 * stack backs off alone. The stacks of a pass observe AWS through one look per region ({@link PassLooks}).
 * Nothing is carried between passes except the status board and the backoff count (and the caches beside the AWS
 * clients, which hold only what never changes).
 */
public final class Controller implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Controller.class);

  /**
   * What the controller needs besides its collaborators.
   *
   * @param maxConcurrentStacks passes of different stacks that run at once: enough to keep a slow apply from
   *                            holding up the rest, few enough not to turn a pass into a burst of AWS throttling
   */
  public record Settings(boolean deleteRemovedStacks, StackBackoff backoff, Applier.Options applier,
                         int maxConcurrentStacks, Rollouts rollouts) {

    public Settings(boolean deleteRemovedStacks, StackBackoff backoff, Applier.Options applier,
                    int maxConcurrentStacks) {
      this(deleteRemovedStacks, backoff, applier, maxConcurrentStacks, Rollouts.DEFAULT);
    }
  }

  /**
   * @param requeueAfter how soon a stack whose rollout is moving is looked at again (controller-runtime's
   *                     {@code RequeueAfter}): passes never wait for a rollout
   * @param check        the post-deploy check, with its emulator redirect if one is configured
   */
  public record Rollouts(Duration requeueAfter, PostDeployCheck check) {
    public static final Rollouts DEFAULT = new Rollouts(Duration.ofSeconds(10), PostDeployCheck.direct());
  }

  private final DesiredStateSource source;
  private final StackLease lease;
  private final RegionalClients clients;
  private final StatusBoard board;
  private final ControllerMetrics metrics;
  private final Settings settings;
  private final Clock clock;
  private final ReentrantLock passing = new ReentrantLock();
  private final AtomicBoolean requested = new AtomicBoolean();
  private final AtomicBoolean firstPassDone = new AtomicBoolean();
  private final Set<String> forced = ConcurrentHashMap.newKeySet();
  private final Set<String> retrying = ConcurrentHashMap.newKeySet();
  private final Requeue requeue;
  private final PassEvents events;
  private final StackLoader loader = new StackLoader();

  public Controller(DesiredStateSource source, StackLease lease, RegionalClients clients, StatusBoard board,
                    ControllerMetrics metrics, Settings settings, Clock clock) {
    this.source = source;
    this.lease = lease;
    this.clients = clients;
    this.board = board;
    this.metrics = metrics;
    this.settings = settings;
    this.clock = clock;
    this.requeue = new Requeue(settings.rollouts().requeueAfter(), this::requestStacks);
    this.events = new PassEvents(board, metrics, clock);
  }

  /** True once a pass over all stacks has finished: the readiness probe waits for it. */
  public boolean firstPassDone() {
    return firstPassDone.get();
  }

  /**
   * One pass over every stack, on the calling thread. Passes never overlap: a call during a pass waits for it,
   * then makes its own, so it always sees the source as it is now.
   */
  public void runOnce(String reason) {
    passing.lock();
    try {
      passAll(reason, Optional.empty());
      firstPassDone.set(true);
    } finally {
      passing.unlock();
    }
  }

  /** A pass over these stacks only (a requeue), on the calling thread. */
  void runOnce(String reason, Set<String> stacks) {
    passing.lock();
    try {
      passAll(reason, Optional.of(stacks));
    } finally {
      passing.unlock();
    }
  }

  /** Stops the requeue timer; a pass under way finishes. */
  @Override
  public void close() {
    requeue.close();
  }

  /**
   * Asks for a pass soon, on another thread (webhook, manual sync), and returns at once. Requests that arrive
   * while one is still waiting to run are folded into it: a burst of webhooks costs one pass, and none is lost.
   */
  public void requestPass(String reason) {
    if (requested.compareAndSet(false, true)) {
      Thread.ofVirtual().name("reconcile-" + reason).start(() -> {
        passing.lock();
        try {
          requested.set(false);
          passAll(reason, Optional.empty());
          firstPassDone.set(true);
        } finally {
          passing.unlock();
        }
      });
    }
  }

  /** A manual sync: the stack is reconciled on the next pass even if it is backing off. */
  public boolean requestStack(String name) {
    return requestStack(name, false);
  }

  /**
   * A manual sync; with {@code retry} the stack's failed rollout is started again (once: a rollout that fails
   * again is held again).
   */
  public boolean requestStack(String name, boolean retry) {
    if (board.stack(name).isEmpty()) {
      return false;
    }
    forced.add(name);
    if (retry) {
      retrying.add(name);
    }
    requestPass("sync " + name);
    return true;
  }

  /** What became of a request to suspend or resume a stack. */
  public enum Switched { DONE, NO_SUCH_STACK }

  /**
   * Suspends a stack: a tag on its cluster, so the next pass of every replica sees it; passes then observe and
   * report it without changing anything.
   *
   * @throws IllegalStateException when the stack has no cluster yet to keep the flag on
   */
  public Switched suspend(String name, String reason) {
    var spec = board.stack(name).flatMap(StackStatus::spec);
    if (spec.isEmpty()) {
      return Switched.NO_SUCH_STACK;
    }
    var suspension = Suspension.requested(clock.instant(), reason);
    EcsStackResources.suspensionSwitch(spec.get(), clients.forRegion(spec.get().region())).suspend(suspension);
    var before = board.stack(name);
    var after = board.update(name, spec.get().source().toString(),
        s -> s.toBuilder().suspension(Optional.of(suspension)).build());
    events.suspensionChanged(name, before, after);
    return Switched.DONE;
  }

  public Switched resume(String name) {
    var spec = board.stack(name).flatMap(StackStatus::spec);
    if (spec.isEmpty()) {
      return Switched.NO_SUCH_STACK;
    }
    EcsStackResources.suspensionSwitch(spec.get(), clients.forRegion(spec.get().region())).resume();
    var before = board.stack(name);
    var after = board.update(name, spec.get().source().toString(),
        s -> s.toBuilder().suspension(Optional.empty()).build());
    events.suspensionChanged(name, before, after);
    requestStack(name);
    return Switched.DONE;
  }

  /** A requeue: these stacks again, on a thread of their own, without waiting for the next scheduled pass. */
  private void requestStacks(Set<String> names) {
    Thread.ofVirtual().name("requeue").start(() -> runOnce("requeue", names));
  }

  private void passAll(String reason, Optional<Set<String>> only) {
    Snapshot snapshot;
    try {
      snapshot = source.read();
    } catch (SourceUnavailableException e) {
      sourceUnavailable(e);
      return;
    }
    var valid = validate(snapshot);
    if (only.isPresent()) {
      valid = valid.stream().filter(spec -> only.get().contains(spec.name())).toList();
    }
    var slots = new java.util.concurrent.Semaphore(Math.max(1, settings.maxConcurrentStacks()));
    var looks = new PassLooks(clients, valid.size());
    try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
      for (var spec : valid) {
        executor.submit(() -> reconcile(spec, snapshot.revision(), StackPass.Goal.APPLY, slots, looks));
      }
    }
    if (only.isPresent()) {
      return; // a requeue looks at its stacks only; removed stacks are the full pass's business
    }
    var declared = new HashSet<String>();
    valid.forEach(spec -> declared.add(spec.name()));
    board.stacks().stream().filter(s -> s.sync() == Sync.Invalid).forEach(s -> declared.add(s.name()));
    handleRemoved(declared, snapshot.revision());
    log.debug("pass ({}) done at revision {}", reason, snapshot.revision());
  }

  /** Every file is checked before any stack is touched; invalid ones are marked and skipped. */
  private List<StackSpec> validate(Snapshot snapshot) {
    var valid = new ArrayList<StackSpec>();
    var fileOfName = new HashMap<String, String>();
    for (var file : snapshot.files()) {
      var result = loader.load(file.path(), file.content());
      var fileName = file.path().toString();
      if (result.valid()) {
        var spec = result.stack().orElseThrow();
        var other = fileOfName.putIfAbsent(spec.name(), fileName);
        if (other == null) {
          valid.add(spec);
          continue;
        }
        markInvalid(stackNameFor(fileName), fileName, snapshot.revision(),
            List.of(fileName + ":1:1: metadata.name: stack name \"" + spec.name() + "\" is already used by " + other));
      } else {
        markInvalid(stackNameFor(fileName), fileName, snapshot.revision(),
            result.problems().stream().map(Object::toString).toList());
      }
    }
    return valid;
  }

  /** An invalid file keeps the name of the stack it declared last time, so its status stays in one place. */
  private String stackNameFor(String file) {
    return board.stacks().stream().filter(s -> s.file().equals(file)).map(StackStatus::name).findFirst()
        .orElseGet(() -> {
          var name = java.nio.file.Path.of(file).getFileName().toString();
          return name.replaceFirst("\\.ya?ml$", "");
        });
  }

  private void markInvalid(String name, String file, String revision, List<String> problems) {
    var before = board.stack(name);
    board.update(name, file, s -> s.toBuilder().sync(Sync.Invalid)
        .lastError(Optional.of(problems.size() + " validation problem(s) at " + revision)).problems(problems)
        .failures(s.failures(), Optional.empty()).build());
    events.invalid(name, file, revision, problems, before);
    metrics.invalid(name);
  }

  /**
   * One stack's part of a pass: its lease first (a slot of the pass's concurrency for the call), then, once every
   * stack's lease is decided and the region's look can be made for those this replica holds, the pass itself in a
   * slot of its own. The lease is held while the stack waits for its slot.
   */
  private void reconcile(StackSpec spec, String revision, StackPass.Goal goal, java.util.concurrent.Semaphore slots,
                         PassLooks looks) {
    var name = spec.name();
    var file = spec.source().toString();
    var status = board.stack(name);
    var now = clock.instant();
    boolean wasForced = forced.remove(name);
    boolean retry = retrying.remove(name);
    if (!wasForced && status.flatMap(StackStatus::nextAttemptAt).map(now::isBefore).orElse(false)) {
      looks.notHeld();
      return; // backing off
    }
    var decided = new AtomicBoolean();
    var slot = new AtomicBoolean(true);
    slots.acquireUninterruptibly();
    try {
      var ran = lease.runExclusively(name, () -> {
        decided.set(true);
        looks.held(spec);
        slots.release();
        slot.set(false);
        var look = looks.lookFor(spec);
        slots.acquireUninterruptibly();
        slot.set(true);
        runPass(spec, file, revision, goal, retry, look);
      });
      if (!ran) {
        board.update(name, file, s -> s.toBuilder().actingReplica("another replica").build());
      }
    } finally {
      if (!decided.get()) {
        looks.notHeld();
      }
      if (slot.get()) {
        slots.release();
      }
    }
  }

  private void runPass(StackSpec spec, String file, String revision, StackPass.Goal goal, boolean retry,
                       RegionLook look) {
    var started = clock.instant();
    try {
      var rollout = new StackPass.Rollout(retry, revision, settings.rollouts().check(), false,
          healthyBefore(spec.name()));
      var options = new StackPass.Options(goal, false, false, settings.applier(), rollout);
      var progress = events.progress(spec, revision, board.stack(spec.name()));
      var result = StackPass.run(spec, look, options, progress);
      recordResult(spec, file, revision, result, started);
    } catch (RuntimeException e) {
      recordFailure(spec, file, revision, e, started);
    }
  }

  /**
   * The deployment this replica last found Healthy on the stack, if that is how it left it: the next pass need not
   * read its target health again while ECS shows it the same (see {@code RolloutWatcher}).
   */
  private Optional<String> healthyBefore(String name) {
    return board.stack(name).flatMap(StackStatus::rollout)
        .filter(rollout -> rollout.phase() == RolloutStatus.Phase.HEALTHY)
        .flatMap(RolloutStatus::deployment).map(io.ecsreconciler.rollout.Deployment::id);
  }

  private void recordResult(StackSpec spec, String file, String revision, StackPass.Result result, Instant started) {
    var name = spec.name();
    var plan = result.plan();
    var succeeded = result.succeeded() || (!result.skippedWhy().isEmpty() && !plan.hasErrors());
    var converged = (!plan.hasChanges() || (result.applied() && result.succeeded())) && !plan.hasHolds();
    var sync = converged ? Sync.Synced : Sync.OutOfSync;
    var health = health(result, succeeded);
    var before = board.stack(name);
    int failures = succeeded ? 0 : before.map(StackStatus::failures).orElse(0) + 1;
    var next = failures == 0 ? Optional.<Instant>empty() : Optional.of(clock.instant().plus(settings.backoff().after(failures)));
    var error = !succeeded ? Optional.of(failureText(result))
        : result.rolloutFailed() ? result.rollout().map(RolloutStatus::summary) : Optional.<String>empty();
    var after = board.update(name, file, s -> s.toBuilder().sync(sync).health(health).revision(revision)
        .syncedRevision(sync == Sync.Synced ? revision : s.syncedRevision()).spec(spec)
        .lastPass(started, result.took()).lastPlan(plan).lastError(error).problems(List.of())
        .notReady(result.notReady()).failures(failures, next).actingReplica(lease.holder())
        .rollout(result.rollout()).suspension(result.suspension()).build());
    events.passed(spec, revision, result, before, after);
    metrics.pass(name, result, succeeded, sync, health);
    if (result.rollout().map(RolloutStatus::moving).orElse(false)) {
      requeue.after(name);
    }
  }

  /**
   * A failed pass is Degraded; otherwise the service's rollout decides (a failed or rolled-back rollout is
   * Degraded), and anything else not ready yet keeps the stack Progressing.
   */
  private static Health health(StackPass.Result result, boolean succeeded) {
    var creates = result.plan().changes().stream().anyMatch(c -> c.action() == Action.CREATE);
    var rollout = result.rollout().map(RolloutStatus::phase);
    if (!succeeded || rollout.equals(Optional.of(RolloutStatus.Phase.DEGRADED))) {
      return Health.Degraded;
    } else if (creates && !result.applied()) {
      return Health.Missing;
    }
    var progressing = rollout.equals(Optional.of(RolloutStatus.Phase.PROGRESSING)) || !result.notReady().isEmpty();
    return progressing ? Health.Progressing : Health.Healthy;
  }

  private void recordFailure(StackSpec spec, String file, String revision, RuntimeException e, Instant started) {
    var name = spec.name();
    var before = board.stack(name);
    int failures = before.map(StackStatus::failures).orElse(0) + 1;
    var wait = settings.backoff().after(failures);
    var message = e.getClass().getSimpleName() + ": " + e.getMessage();
    var after = board.update(name, file, s -> s.toBuilder().sync(Sync.Unknown).health(Health.Degraded).spec(spec)
        .lastPass(started, Duration.between(started, clock.instant())).lastError(Optional.of(message))
        .problems(List.of()).failures(failures, Optional.of(clock.instant().plus(wait)))
        .actingReplica(lease.holder()).build());
    events.failed(name, revision, before, after, "pass failed (" + failures + " in a row, next try in "
        + wait.toSeconds() + " s): " + message);
    metrics.failed(name, e);
  }

  private static String failureText(StackPass.Result result) {
    var blocked = result.plan().changes().stream().filter(c -> c.blocked())
        .map(c -> c.key() + ": " + c.error()).toList();
    var failed = result.outcomes().stream().filter(o -> o.status() == Applier.Status.FAILED)
        .map(o -> o.key() + ": " + o.detail()).toList();
    var all = new ArrayList<String>(blocked);
    failed.stream().filter(f -> !all.contains(f)).forEach(all::add);
    return all.isEmpty() ? "some resources were skipped" : String.join("; ", all);
  }

  private void sourceUnavailable(SourceUnavailableException e) {
    log.warn("cannot read {}: {}", source.describe(), e.getMessage());
    for (var status : board.stacks()) {
      board.update(status.name(), status.file(), s -> s.toBuilder().sync(Sync.Unknown).health(Health.Degraded)
          .lastError(Optional.of("source: " + e.getMessage())).build());
    }
    board.event("", "SourceUnavailable", "", source.describe() + ": " + e.getMessage());
    metrics.sourceFailed();
  }

  /** A stack whose file is gone: destroyed only when configured so (the delete guard still applies). */
  private void handleRemoved(Set<String> declared, String revision) {
    for (var status : board.stacks()) {
      if (declared.contains(status.name())) {
        continue;
      }
      if (settings.deleteRemovedStacks() && status.spec().isPresent()) {
        board.event(status.name(), "Removed", revision, status.file() + " is gone at " + revision
            + ": destroying the stack");
        reconcile(status.spec().get(), revision, StackPass.Goal.DESTROY, new java.util.concurrent.Semaphore(1),
            new PassLooks(clients, 1));
        var after = board.stack(status.name());
        if (after.map(s -> s.sync() == Sync.Synced).orElse(false)) {
          board.remove(status.name());
          board.event(status.name(), "Destroyed", revision, "every resource of the removed stack is deleted");
        }
      } else if (status.lastError().map(e -> !e.startsWith("removed")).orElse(true)) {
        board.update(status.name(), status.file(), s -> s.toBuilder().sync(Sync.Unknown)
            .lastError(Optional.of("removed from the source at " + revision + "; its resources are kept "
                + "(reconciler.delete-removed-stacks=false)"))
            .problems(List.of()).failures(s.failures(), Optional.empty()).build());
        board.event(status.name(), "Removed", revision, status.file() + " is gone at " + revision
            + "; resources kept");
      }
    }
  }
}
