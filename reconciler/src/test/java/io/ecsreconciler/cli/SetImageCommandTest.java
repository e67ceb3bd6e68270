package io.ecsreconciler.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** set-image changes the tag's characters and nothing else, or refuses and changes nothing. */
class SetImageCommandTest {

  private Path file;
  private String original;

  @BeforeEach
  void copyOfHello(@TempDir Path dir) throws IOException {
    file = dir.resolve("hello.yaml");
    original = Files.readString(PlanCommandTest.HELLO);
    Files.writeString(file, original);
  }

  @Test
  void onlyTheTagChangesCommentsOrderAndFormattingStayByteForByte() throws IOException {
    var run = CommandRun.of("set-image", "--tag", "1.4.2-rc.1", file.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("spec.image.tag 1.0.0 -> 1.4.2-rc.1");
    assertThat(Files.readString(file)).isEqualTo(original.replace("tag: \"1.0.0\"", "tag: \"1.4.2-rc.1\""));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "tag: \"1.0.0\"    # pinned by CI | 2.0.0  | tag: \"2.0.0\"    # pinned by CI",
      "tag: '1.0.0'                     | 2.0.0  | tag: '2.0.0'",
      "tag: v1                          | v2     | tag: v2",
      "tag: v1                          | 2.0    | tag: \"2.0\"",
      "tag: v1                          | true   | tag: \"true\"",
      "tag: v1  # plain                 | 1e3    | tag: \"1e3\"  # plain"})
  void theScalarKeepsItsQuotingUnlessYamlWouldReadThePlainTagAsSomethingElse(String line, String tag,
                                                                             String expected) throws IOException {
    Files.writeString(file, original.replace("tag: \"1.0.0\"", line.strip()));

    var run = CommandRun.of("set-image", "--tag", tag, file.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(Files.readString(file)).isEqualTo(original.replace("tag: \"1.0.0\"", expected.strip()));
  }

  @Test
  void aTagThatIsNoImageTagIsRefusedAndTheFileIsUntouched() throws IOException {
    var run = CommandRun.of("set-image", "--tag", "1.0.0; rm -rf /", file.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains(file + ":1:1: spec.image.tag: \"1.0.0; rm -rf /\" is not an image tag")
        .contains("nothing written");
    assertThat(Files.readString(file)).isEqualTo(original);
  }

  @Test
  void anInvalidFileIsReportedAtItsLineAndNoFileIsWritten(@TempDir Path other) throws IOException {
    var second = other.resolve("broken.yaml");
    Files.writeString(second, original.replace("cpu: 256", "cpu: 300").replace("name: hello", "name: broken"));

    var run = CommandRun.of("set-image", "--tag", "2.0.0", file.toString(), second.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).containsPattern(second + ":\\d+:10: spec.service.cpu: value 300 is not allowed");
    assertThat(Files.readString(file)).as("all or nothing").isEqualTo(original);
  }

  @Test
  void theSameTagIsNoChange() throws IOException {
    var run = CommandRun.of("set-image", "--tag", "1.0.0", file.toString());

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("spec.image.tag already 1.0.0");
    assertThat(Files.readString(file)).isEqualTo(original);
  }
}
