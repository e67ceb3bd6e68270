package io.ecsreconciler.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecsreconciler.plan.Action;
import io.ecsreconciler.plan.Change;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ApplierTest {

  private final List<String> log = Collections.synchronizedList(new ArrayList<>());
  private final FakeKind parents = new FakeKind("parent", log);
  private final FakeKind children = new FakeKind("child", log);
  private final ResourceKey parent = ResourceKey.of("parent", "p");
  private final Applier applier = new Applier(new Applier.Options(Duration.ofMillis(200), Duration.ofMillis(20)));

  private StackModel model(List<DesiredResource<?>> declared) {
    return new StackModel(new Stack("demo"), List.of(parents, children), declared);
  }

  private List<DesiredResource<?>> parentWithChildren(String... names) {
    var declared = new ArrayList<DesiredResource<?>>();
    declared.add(parents.desired("p", new FakeKind.Box("s", "red", "")));
    for (var name : names) {
      declared.add(children.child(name, "s", parent));
    }
    return declared;
  }

  private List<Applier.Outcome> converge(StackModel model) {
    var planner = new Planner();
    var observation = planner.observe(model);
    return applier.apply(model, planner.plan(model, "r", observation), observation, Applier.Listener.SILENT);
  }

  private List<Change> plan(StackModel model) {
    return new Planner().plan(model, "r").changes();
  }

  @Nested
  class LeavingFieldsToAws {

    @Test
    void aFieldLeftToAwsIsNoDifferenceOnceTheResourceExistsButIsSetOnCreate() {
      var leftToAws = parents.desired("p", new FakeKind.Box("s", "red", ""))
          .leaving((want, have) -> DesiredResource.withFields(want, have, java.util.Set.of("colour")));

      converge(model(List.of(leftToAws)));
      assertThat(parents.existing.get(parent).state().colour()).as("created as desired").isEqualTo("red");

      parents.put("p", new FakeKind.Box("s", "blue", ""));
      assertThat(plan(model(List.of(leftToAws)))).singleElement()
          .satisfies(change -> assertThat(change.action()).isEqualTo(Action.NOOP));
      converge(model(List.of(leftToAws)));
      assertThat(log).containsExactly("create parent/p");
    }

    @Test
    void aLiveValueCanBeBroughtBackIntoARange() {
      var clamped = parents.desired("p", new FakeKind.Box("s", "red", "5"))
          .leaving((want, have) -> new FakeKind.Box(want.size(), want.colour(),
              String.valueOf(Math.clamp(Integer.parseInt(have.parentId()), 1, 4))));
      parents.put("p", new FakeKind.Box("s", "red", "9"));

      converge(model(List.of(clamped)));

      assertThat(log).containsExactly("update parent/p [parentId]");
      assertThat(parents.existing.get(parent).state().parentId()).isEqualTo("4");
    }
  }

  @Nested
  class Holding {

    @Test
    void aHeldFieldIsLeftAsItIsWhileTheOtherFieldsConverge() {
      parents.put("p", new FakeKind.Box("s", "blue", "x"));
      parents.holding = new Hold(java.util.Set.of("colour"), "colour rolled back");
      var model = model(List.of(parents.desired("p", new FakeKind.Box("s", "red", "y"))));

      var change = plan(model).getFirst();
      var outcomes = converge(model);

      assertThat(change.held()).isTrue();
      assertThat(change.onlyHeld()).isFalse();
      assertThat(log).containsExactly("update parent/p [parentId]");
      assertThat(parents.existing.get(parent).state()).isEqualTo(new FakeKind.Box("s", "red", "y"));
      assertThat(outcomes).singleElement().extracting(Applier.Outcome::status).isEqualTo(Applier.Status.DONE);
    }

    @Test
    void aChangeThatIsAllHeldIsNotAttemptedAndIsNoFailure() {
      parents.put("p", new FakeKind.Box("s", "blue", ""));
      parents.holding = new Hold(java.util.Set.of("colour"), "colour rolled back");
      var model = model(List.of(parents.desired("p", new FakeKind.Box("s", "red", ""))));

      var plan = new Planner().plan(model, "r");
      var outcomes = converge(model);

      assertThat(plan.hasHolds()).isTrue();
      assertThat(plan.hasErrors()).isFalse();
      assertThat(plan.changes().getFirst().onlyHeld()).isTrue();
      assertThat(log).isEmpty();
      assertThat(outcomes).singleElement().satisfies(outcome -> {
        assertThat(outcome.status()).isEqualTo(Applier.Status.HELD);
        assertThat(outcome.detail()).isEqualTo("colour rolled back");
      });
    }

    @Test
    void aHoldFoundAtApplyTimeIsKeptThoughThePlanDidNotShowIt() {
      parents.put("p", new FakeKind.Box("s", "blue", ""));
      var model = model(List.of(parents.desired("p", new FakeKind.Box("s", "red", ""))));
      var planner = new Planner();
      var observation = planner.observe(model);
      var plan = planner.plan(model, "r", observation);

      parents.holding = new Hold(java.util.Set.of("colour"), "held after planning");
      var outcomes = applier.apply(model, plan, observation, Applier.Listener.SILENT);

      assertThat(log).isEmpty();
      assertThat(outcomes).singleElement().extracting(Applier.Outcome::status).isEqualTo(Applier.Status.HELD);
    }
  }

  @Nested
  class Converging {

    @Test
    void createsParentsBeforeChildrenAndHandsTheNewIdDown() {
      converge(model(parentWithChildren("a", "b")));

      assertThat(log.getFirst()).isEqualTo("create parent/p");
      assertThat(log.subList(1, 3)).containsExactlyInAnyOrder("create child/a", "create child/b");
      assertThat(children.existing.get(ResourceKey.of("child", "a")).state().parentId()).isEqualTo("parent-p-id");
    }

    @Test
    void aSecondPassFindsNothingToDo() {
      var model = model(parentWithChildren("a"));
      converge(model);
      log.clear();

      assertThat(plan(model)).extracting(Change::action).containsOnly(Action.NOOP);
      converge(model);
      assertThat(log).isEmpty();
    }

    @Test
    void aFailedParentSkipsItsChildrenButNotIndependentResources() {
      parents.failing.add("create parent/p");
      var declared = new ArrayList<>(parentWithChildren("a"));
      declared.add(children.desired("loner", new FakeKind.Box("s", "red", "")));

      var outcomes = converge(model(declared));

      assertThat(outcomes).extracting(o -> o.key() + " " + o.status()).containsExactlyInAnyOrder(
          "parent/p FAILED", "child/loner DONE", "child/a SKIPPED");
    }

    @Test
    void dependentsOfAResourceThatNeverBecomesReadyWaitABoundedTime() {
      parents.createsReady = false;

      var outcomes = converge(model(parentWithChildren("a")));

      assertThat(outcomes).extracting(o -> o.key() + " " + o.status())
          .containsExactly("parent/p PROGRESSING", "child/a SKIPPED");
      assertThat(parents.observeCalls).isGreaterThan(1);
    }
  }

  @Nested
  class Deleting {

    @Test
    void resourcesNoLongerDeclaredAreDeletedChildrenFirst() {
      converge(model(parentWithChildren("a")));
      log.clear();

      converge(model(List.of()));

      assertThat(log).containsExactly("delete child/a", "delete parent/p");
    }

    @Test
    void destroyDeletesEverythingOwnedInReverseDependencyOrder() {
      var model = model(parentWithChildren("a", "b"));
      converge(model);
      log.clear();

      converge(model.forDestroy());

      assertThat(log.subList(0, 2)).containsExactlyInAnyOrder("delete child/a", "delete child/b");
      assertThat(log.get(2)).isEqualTo("delete parent/p");
      assertThat(parents.existing).isEmpty();
      assertThat(children.existing).isEmpty();
    }

    @Test
    void withoutPruneNothingIsDeleted() {
      converge(model(parentWithChildren("a")));
      log.clear();

      var model = model(List.of()).withPolicy(new Policy(false, 5, false, false));
      assertThat(plan(model)).isEmpty();
      converge(model);
      assertThat(log).isEmpty();
    }

    @Test
    void moreDeletesThanTheGuardAllowsAreRefusedUnlessExplicitlyAllowed() {
      converge(model(parentWithChildren("a", "b", "c")));
      log.clear();
      var guarded = model(List.of()).withPolicy(new Policy(true, 2, false, false));

      var outcomes = converge(guarded);

      assertThat(log).isEmpty();
      assertThat(outcomes).allSatisfy(o -> assertThat(o.detail()).contains("4 deletes exceed maxDeletesPerPass 2"));
      converge(guarded.withPolicy(new Policy(true, 2, true, false)));
      assertThat(log).hasSize(4);
    }
  }

  @Nested
  class Guarding {

    @Test
    void aReplaceIsRefusedUnlessThePolicyAllowsIt() {
      converge(model(List.of(parents.desired("p", new FakeKind.Box("s", "red", "")))));
      log.clear();
      var bigger = model(List.of(parents.desired("p", new FakeKind.Box("xl", "red", ""))));

      var change = plan(bigger).getFirst();
      assertThat(change.action()).isEqualTo(Action.REPLACE);
      assertThat(change.error()).contains("--allow-replace");
      converge(bigger);
      assertThat(log).isEmpty();

      converge(bigger.withPolicy(new Policy(true, 5, false, true)));
      assertThat(log).containsExactly("delete parent/p", "create parent/p");
    }

    @Test
    void aFailedPreconditionBlocksItsResourceAndItsDependentsOnly() {
      var declared = new ArrayList<>(parentWithChildren("a"));
      declared.add(children.desired("loner", new FakeKind.Box("s", "red", "")));
      var model = model(declared).withPreconditions(
          List.of(new Precondition(parent, () -> java.util.Optional.of("image tag 9.9 not found"))));

      assertThat(plan(model)).filteredOn(Change::blocked).extracting(c -> c.key() + ": " + c.error())
          .containsExactly("parent/p: image tag 9.9 not found");
      var outcomes = converge(model);

      assertThat(log).containsExactly("create child/loner");
      assertThat(outcomes).extracting(o -> o.key() + " " + o.status()).containsExactlyInAnyOrder(
          "parent/p FAILED", "child/a SKIPPED", "child/loner DONE");
    }

    @Test
    void aPreconditionIsNotCheckedWhenItsResourceDoesNotChange() {
      var model = model(parentWithChildren());
      converge(model);
      var checks = new java.util.concurrent.atomic.AtomicInteger();
      var checked = model.withPreconditions(List.of(new Precondition(parent, () -> {
        checks.incrementAndGet();
        return java.util.Optional.empty();
      })));

      plan(checked);

      assertThat(checks).hasValue(0);
    }
  }
}
