package io.ecsreconciler.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecsreconciler.testing.AwsEmulator;
import io.ecsreconciler.testing.AwsEmulatorTest;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@AwsEmulatorTest
class PlanFormatTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final AwsEmulator emulator;

  PlanFormatTest(AwsEmulator emulator) {
    this.emulator = emulator;
  }

  private CommandRun plan(String format) {
    return CommandRun.of("plan", "--endpoint-url", emulator.endpoint().toString(), "--format", format,
        PlanCommandTest.HELLO.toString());
  }

  @Nested
  class Json {

    @Test
    void isOneParseableDocumentWithTheStackItsCountsAndEveryChange() {
      var run = plan("json");

      assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
      JsonNode stack = JSON.readTree(run.out()).path("stacks").get(0);
      assertThat(stack.path("stack").asString()).isEqualTo("hello");
      assertThat(stack.path("region").asString()).isEqualTo("us-east-1");
      assertThat(stack.path("counts").path("create").asInt()).isEqualTo(27);
      assertThat(stack.path("counts").path("noop").asInt()).isEqualTo(1);
      assertThat(stack.path("hasChanges").asBoolean()).isTrue();
      assertThat(stack.path("hasErrors").asBoolean()).as("no image is pushed").isTrue();
      var changes = stack.path("changes");
      assertThat(changes.size()).isEqualTo(28);
      assertThat(changes.valueStream().map(c -> c.path("resource").asString()))
          .containsAll(PlanCommandTest.HELLO_RESOURCES);
      assertThat(changes.valueStream().filter(c -> c.path("resource").asString().equals("vpc")).findFirst())
          .hasValueSatisfying(vpc -> {
            assertThat(vpc.path("action").asString()).isEqualTo("create");
            assertThat(vpc.path("error").asString()).isEmpty();
          });
      assertThat(changes.valueStream().filter(c -> c.path("resource").asString().equals("task-definition"))
          .findFirst()).hasValueSatisfying(taskDefinition -> {
            assertThat(taskDefinition.path("action").asString()).isEqualTo("create");
            assertThat(taskDefinition.path("error").asString()).startsWith("image tag 1.0.0 is not in ECR repository hello");
          });
    }

    @Test
    void keepsTheBlockedWarningOutOfTheDocument() {
      var run = plan("json");

      assertThat(run.out().strip()).startsWith("{").endsWith("}");
      assertThat(run.err()).contains("stack hello: some changes are blocked");
    }
  }

  @Nested
  class Markdown {

    @Test
    void hasAHeadingPerStackATableOfChangesAndTheUnchangedFoldedAway() {
      var run = plan("markdown");

      assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
      assertThat(run.out()).contains("### Stack `hello` (us-east-1)")
          .contains("**Plan: 27 to create, 0 to update, 0 to replace, 0 to delete, 1 unchanged. 1 blocked.**")
          .contains("| | resource | action | details |\n|---|---|---|---|\n")
          .containsPattern("(?m)^\\| \\S+ \\| `vpc` \\| create \\| +\\|$")
          .containsPattern("(?m)^\\| ⛔ \\| `task-definition` \\| create \\| \\*\\*blocked:\\*\\* image tag 1.0.0")
          .containsPattern("(?s)<details><summary>1 unchanged</summary>\n\n- `[^`]+`\n\n</details>");
    }
  }

  @Test
  void anUnknownFormatIsRefusedNamingTheAllowedOnes() {
    var run = plan("yaml");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("--format").contains("yaml").contains("text, json, markdown");
    assertThat(run.out()).isEmpty();
  }
}
