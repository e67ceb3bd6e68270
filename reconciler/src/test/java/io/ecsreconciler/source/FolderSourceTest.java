package io.ecsreconciler.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FolderSourceTest {

  @TempDir
  Path folder;

  FolderSource source;

  @BeforeEach
  void createSource() throws IOException {
    Files.writeString(folder.resolve("hello.yaml"), "name: hello\n");
    source = new FolderSource(folder);
  }

  @Test
  void onlyYamlFilesDirectlyInTheFolderAreReadSortedByName() throws IOException {
    Files.writeString(folder.resolve("b.yml"), "name: b\n");
    Files.writeString(folder.resolve("README.md"), "# not yaml\n");
    Files.createDirectories(folder.resolve("nested"));
    Files.writeString(folder.resolve("nested/deep.yaml"), "name: deep\n");
    Files.createDirectories(folder.resolve("dir.yaml"));

    var snapshot = source.read();

    assertThat(snapshot.files()).extracting(file -> file.path().getFileName().toString())
        .containsExactly("b.yml", "hello.yaml");
    // Named like a file in a repository: the folder's own name, then the file's.
    assertThat(snapshot.files().getLast()).isEqualTo(
        new Snapshot.File(java.nio.file.Path.of(folder.getFileName().toString(), "hello.yaml"), "name: hello\n"));
  }

  @Test
  void theRevisionIsStableWhileNothingChanges() {
    var first = source.read();

    assertThat(source.read()).isEqualTo(first);
    assertThat(new FolderSource(folder).read().revision()).isEqualTo(first.revision());
  }

  @Test
  void theRevisionChangesWhenAFileChanges() throws IOException {
    var before = source.read().revision();

    Files.writeString(folder.resolve("hello.yaml"), "name: world\n");

    assertThat(source.read().revision()).isNotEqualTo(before).startsWith("folder:");
  }

  @Test
  void theRevisionChangesWhenAFileIsAddedOrRemovedButNotForOtherFiles() throws IOException {
    var before = source.read().revision();

    Files.writeString(folder.resolve("notes.txt"), "ignored\n");
    assertThat(source.read().revision()).isEqualTo(before);

    Files.writeString(folder.resolve("world.yaml"), "name: world\n");
    var added = source.read().revision();
    assertThat(added).isNotEqualTo(before);

    Files.delete(folder.resolve("world.yaml"));
    assertThat(source.read().revision()).isEqualTo(before);
  }

  @Test
  void aFolderWithoutYamlGivesAnEmptySnapshot() throws IOException {
    Files.delete(folder.resolve("hello.yaml"));

    assertThat(source.read().files()).isEmpty();
  }

  @Test
  void aMissingFolderIsReportedAsUnavailable() {
    var missing = folder.resolve("missing");

    assertThatThrownBy(() -> new FolderSource(missing).read())
        .isInstanceOf(SourceUnavailableException.class)
        .hasMessageContaining(missing.toString());
  }

  @Test
  void describeNamesTheFolder() {
    assertThat(source.describe()).isEqualTo("folder " + folder);
  }
}
