package io.ecsreconciler.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecsreconciler.plan.Action;
import io.ecsreconciler.plan.Change;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FoundTest {

  private final ResourceKey key = ResourceKey.of("parent", "p");
  private final FakeKind.Box box = new FakeKind.Box("s", "red", "");

  private Observed<FakeKind.Box> observed(String id) {
    return Observed.ready(id, box, Map.of("id", id));
  }

  @Test
  void aTwinCarryingTheSameKeyIsKeptApartAndTheSameOneWinsWhateverTheOrder() {
    var found = new Found<FakeKind.Box>();
    found.add(key, observed("id-b"));
    found.add(key, observed("id-a"));
    var reversed = new Found<FakeKind.Box>();
    reversed.add(key, observed("id-a"));
    reversed.add(key, observed("id-b"));

    assertThat(found.toMap()).isEqualTo(reversed.toMap());
    assertThat(found.toMap().get(key).id()).isEqualTo("id-a");
    assertThat(found.toMap().get(ResourceKey.of("parent", "p~twin-id-b")).id()).isEqualTo("id-b");
  }

  @Test
  void theTwinOfALostCreateResponseIsPlannedForDeletion() {
    var kind = new FakeKind("parent") {
      @Override
      public Map<ResourceKey, Observed<Box>> observe(Stack stack) {
        var found = new Found<Box>();
        found.add(key, observed("id-a"));
        found.add(key, observed("id-b"));
        return found.toMap();
      }
    };
    var model = new StackModel(new Stack("demo"), List.of(kind), List.of(kind.desired("p", box)));

    var changes = new Planner().plan(model, "r").changes();

    assertThat(changes).extracting(c -> c.key() + " " + c.action())
        .containsExactly("parent/p NOOP", "parent/p~twin-id-b DELETE");
    assertThat(changes).extracting(Change::action).contains(Action.DELETE);
  }

  /**
   * A lost CreateVpc answer: the SDK's retry made a second VPC and the pass built everything in it. The first has
   * the lower id, which alone would keep it: every child would then want a replacement and the stack would never
   * converge, the twin full of its resources never deleted.
   */
  @Test
  void theTwinTheStacksOtherResourcesUseIsKeptAndTheUnusedOneDeleted() {
    var parents = new FakeKind("parent") {
      @Override
      public Map<ResourceKey, Observed<Box>> observe(Stack stack) {
        var found = new Found<Box>();
        found.add(key, observed("id-a"));
        found.add(key, observed("id-b"));
        return found.toMap();
      }
    };
    var children = new FakeKind("child");
    children.put("c1", new FakeKind.Box("s", "red", "id-b"));
    children.put("c2", new FakeKind.Box("s", "red", "id-b"));
    var model = new StackModel(new Stack("demo"), List.of(parents, children), List.of(parents.desired("p", box),
        children.child("c1", "s", key), children.child("c2", "s", key)));

    var changes = new Planner().plan(model, "r").changes();

    assertThat(changes).extracting(c -> c.key() + " " + c.action())
        .containsExactly("parent/p NOOP", "child/c1 NOOP", "child/c2 NOOP", "parent/p~twin-id-a DELETE");
  }
}
