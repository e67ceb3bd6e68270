package io.ecsreconciler.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecsreconciler.plan.Action;
import io.ecsreconciler.plan.Change;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class PlannerTest {

  private final FakeKind parents = new FakeKind("parent");
  private final FakeKind children = new FakeKind("child");
  private final Stack stack = new Stack("demo");
  private final ResourceKey parentKey = ResourceKey.of("parent", "p");

  private List<Change> plan(List<DesiredResource<?>> desired) {
    var model = new StackModel(stack, List.of(parents, children), desired);
    return new Planner().plan(model, "eu-west-1").changes();
  }

  private List<DesiredResource<?>> parentAndChild(String childSize) {
    return List.of(parents.desired("p", new FakeKind.Box("s", "red", "")), children.child("c", childSize, parentKey));
  }

  @Nested
  class OnAnEmptyAccount {

    @Test
    void everyDesiredResourceIsToBeCreatedInDependencyOrder() {
      var changes = plan(parentAndChild("s"));

      assertThat(changes).extracting(Change::action).containsOnly(Action.CREATE);
      assertThat(changes).extracting(c -> c.key().toString()).containsExactly("parent/p", "child/c");
      assertThat(changes).extracting(Change::wave).containsExactly(0, 1);
    }

    @Test
    void everyKindIsObservedOnceEvenWithManyResources() {
      plan(List.of(parents.desired("a", new FakeKind.Box("s", "red", "")),
          parents.desired("b", new FakeKind.Box("s", "red", ""))));

      assertThat(parents.observeCalls).isEqualTo(1);
      assertThat(children.observeCalls).isEqualTo(1);
    }
  }

  @Nested
  class WhenResourcesExist {

    @Test
    void aResourceMatchingItsDesiredStateIsUnchanged() {
      parents.put("p", new FakeKind.Box("s", "red", ""));
      children.put("c", new FakeKind.Box("s", "red", "parent-p-id"));

      assertThat(plan(parentAndChild("s"))).extracting(Change::action).containsOnly(Action.NOOP);
    }

    @Test
    void aChangedMutableFieldIsAnUpdateWithItsDelta() {
      parents.put("p", new FakeKind.Box("s", "blue", ""));

      var change = plan(List.of(parents.desired("p", new FakeKind.Box("s", "red", "")))).getFirst();

      assertThat(change.action()).isEqualTo(Action.UPDATE);
      assertThat(change.deltas()).containsExactly(new Delta("colour", "red", "blue"));
    }

    @Test
    void aChangedImmutableFieldIsAReplaceThatSaysWhy() {
      parents.put("p", new FakeKind.Box("s", "red", ""));

      var change = plan(List.of(parents.desired("p", new FakeKind.Box("xl", "red", "")))).getFirst();

      assertThat(change.action()).isEqualTo(Action.REPLACE);
      assertThat(change.reason()).isEqualTo("size cannot change in place");
    }

    @Test
    void aDependentSeesTheObservedIdOfItsDependency() {
      parents.put("p", new FakeKind.Box("s", "red", ""));
      children.put("c", new FakeKind.Box("s", "red", "some-other-parent"));

      var child = plan(parentAndChild("s")).get(1);

      assertThat(child.action()).isEqualTo(Action.UPDATE);
      assertThat(child.deltas()).containsExactly(new Delta("parentId", "parent-p-id", "some-other-parent"));
    }

    @Test
    void anOwnedResourceNoLongerDesiredIsToBeDeleted() {
      parents.put("p", new FakeKind.Box("s", "red", ""));
      parents.put("old", new FakeKind.Box("s", "red", ""));

      var changes = plan(List.of(parents.desired("p", new FakeKind.Box("s", "red", ""))));

      assertThat(changes).extracting(c -> c.key() + " " + c.action())
          .containsExactly("parent/p NOOP", "parent/old DELETE");
    }
  }

  @Test
  void aDependencyNotYetCreatedIsKnownAfterApply() {
    var desired = children.child("c", "s", parentKey);
    assertThat(desired.desiredWith(Inputs.none()).parentId()).isEqualTo(Inputs.UNKNOWN);
  }
}
