package io.ecsreconciler.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DeltaTest {

  record Network(String cidr, List<String> subnets, boolean dns) {}

  @Test
  void equalStatesHaveNoDelta() {
    var state = new Network("10.0.0.0/16", List.of("a", "b"), true);
    assertThat(Delta.between(state, new Network("10.0.0.0/16", List.of("a", "b"), true))).isEmpty();
  }

  @Test
  void eachDifferingFieldIsOneDeltaInDeclarationOrder() {
    var desired = new Network("10.0.0.0/16", List.of("a", "b"), true);
    var actual = new Network("10.1.0.0/16", List.of("a", "b"), false);

    assertThat(Delta.between(desired, actual)).containsExactly(
        new Delta("cidr", "10.0.0.0/16", "10.1.0.0/16"),
        new Delta("dns", true, false));
  }

  @Test
  void listsAreComparedByContentAndOrder() {
    var desired = new Network("10.0.0.0/16", List.of("a", "b"), true);
    assertThat(Delta.between(desired, new Network("10.0.0.0/16", List.of("b", "a"), true)))
        .extracting(Delta::path).containsExactly("subnets");
  }
}
