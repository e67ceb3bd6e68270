package io.ecsreconciler.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ResourceGraphTest {

  private final FakeKind kind = new FakeKind("thing");
  private final FakeKind.Box box = new FakeKind.Box("s", "red", "");

  private ResourceKey key(String name) {
    return ResourceKey.of("thing", name);
  }

  @Test
  void independentResourcesShareAWaveAndDependentsComeAfterAllTheyNeed() {
    var graph = ResourceGraph.of(List.of(
        kind.desired("d", box, key("b"), key("c")),
        kind.desired("b", box, key("a")),
        kind.desired("c", box),
        kind.desired("a", box)));

    assertThat(graph.waves()).containsExactly(
        List.of(key("a"), key("c")),
        List.of(key("b")),
        List.of(key("d")));
  }

  @Test
  void aCycleIsRefusedNamingTheResourcesInIt() {
    assertThatThrownBy(() -> ResourceGraph.of(List.of(
        kind.desired("a", box, key("b")),
        kind.desired("b", box, key("a")),
        kind.desired("c", box))))
        .hasMessageContaining("dependency cycle among [thing/a, thing/b]");
  }

  @Test
  void aDependencyThatIsNotDeclaredIsRefused() {
    assertThatThrownBy(() -> ResourceGraph.of(List.of(kind.desired("a", box, key("ghost")))))
        .hasMessage("thing/a depends on thing/ghost, which is not declared");
  }

  @Test
  void aKeyDeclaredTwiceIsRefused() {
    assertThatThrownBy(() -> ResourceGraph.of(List.of(kind.desired("a", box), kind.desired("a", box))))
        .hasMessage("resource thing/a is declared twice");
  }
}
