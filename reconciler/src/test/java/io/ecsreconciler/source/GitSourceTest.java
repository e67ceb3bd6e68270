package io.ecsreconciler.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.storage.file.FileBasedConfig;
import org.eclipse.jgit.util.FS;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitSourceTest {

  private static final String HELLO = "kind: EcsStack\nmetadata:\n  name: hello\n";
  private static final String WORLD = "kind: EcsStack\nmetadata:\n  name: world\n";

  @TempDir
  Path temp;

  TestRepo remote;
  Path cache;
  final List<GitSource> sources = new ArrayList<>();

  @BeforeEach
  void createRemote() {
    remote = TestRepo.create(temp.resolve("remote"));
    cache = temp.resolve("cache");
  }

  @AfterEach
  void closeAll() {
    sources.forEach(GitSource::close);
    remote.close();
  }

  GitSource source(GitSourceSettings settings) {
    var source = new GitSource(settings);
    sources.add(source);
    return source;
  }

  GitSource source() {
    return source(GitSourceSettings.of(remote.url(), cache));
  }

  static List<String> paths(Snapshot snapshot) {
    return snapshot.files().stream().map(file -> file.path().toString()).toList();
  }

  @Nested
  class Reading {

    @Test
    void firstReadReturnsTheYamlFilesOfTheFolderAndTheCommitId() {
      var commit = remote.commit(Map.of("desired-state/hello.yaml", HELLO));

      var snapshot = source().read();

      assertThat(snapshot.revision()).isEqualTo(commit).hasSize(40);
      assertThat(snapshot.files()).containsExactly(new Snapshot.File(Path.of("desired-state/hello.yaml"), HELLO));
    }

    @Test
    void filesOutsideThePathNonYamlFilesAndSubfoldersAreIgnored() {
      remote.commit(Map.of(
          "desired-state/hello.yaml", HELLO,
          "desired-state/world.yml", WORLD,
          "desired-state/README.md", "# not yaml",
          "desired-state/yaml", "no extension",
          "desired-state/nested/deep.yaml", HELLO,
          "other/elsewhere.yaml", HELLO,
          "root.yaml", HELLO));

      assertThat(paths(source().read())).containsExactly("desired-state/hello.yaml", "desired-state/world.yml");
    }

    @Test
    void filesComeSortedByName() {
      remote.commit(Map.of("desired-state/c.yaml", "c: 1\n", "desired-state/a.yml", "a: 1\n",
          "desired-state/b.yaml", "b: 1\n"));

      assertThat(paths(source().read()))
          .containsExactly("desired-state/a.yml", "desired-state/b.yaml", "desired-state/c.yaml");
    }

    @Test
    void thePathDotReadsTheRepositoryRoot() {
      remote.commit(Map.of("root.yaml", HELLO, "desired-state/hello.yaml", HELLO));

      var snapshot = source(GitSourceSettings.of(remote.url(), cache).withPath(".")).read();

      assertThat(paths(snapshot)).containsExactly("root.yaml");
      assertThat(source(GitSourceSettings.of(remote.url(), temp.resolve("cache2")).withPath("")).read())
          .isEqualTo(snapshot);
    }

    @Test
    void aNestedPathIsReadAndNamedRelativeToTheRepositoryRoot() {
      remote.commit(Map.of("envs/prod/hello.yaml", HELLO, "envs/dev/hello.yaml", WORLD));

      var snapshot = source(GitSourceSettings.of(remote.url(), cache).withPath("/envs/prod/")).read();

      assertThat(snapshot.files()).containsExactly(new Snapshot.File(Path.of("envs/prod/hello.yaml"), HELLO));
    }

    @Test
    void aFolderWithoutYamlGivesAnEmptySnapshotNotAnError() {
      var commit = remote.commit(Map.of("desired-state/README.md", "nothing yet"));

      var snapshot = source().read();

      assertThat(snapshot.revision()).isEqualTo(commit);
      assertThat(snapshot.files()).isEmpty();
    }

    @Test
    void aPlainLocalPathWorksAsUrl() {
      var commit = remote.commit(Map.of("desired-state/hello.yaml", HELLO));

      var snapshot = source(GitSourceSettings.of(remote.dir().toString(), cache)).read();

      assertThat(snapshot.revision()).isEqualTo(commit);
      assertThat(paths(snapshot)).containsExactly("desired-state/hello.yaml");
    }

    @Test
    void theCacheIsABareCloneWithNothingCheckedOut() {
      remote.commit(Map.of("desired-state/hello.yaml", HELLO));

      source().read();

      assertThat(cache.resolve("HEAD")).isRegularFile();
      assertThat(cache.resolve("desired-state")).doesNotExist();
      assertThat(cache.resolve(".git")).doesNotExist();
    }
  }

  @Nested
  class FollowingTheBranch {

    @Test
    void aNewCommitIsSeenOnTheNextRead() {
      var first = remote.commit(Map.of("desired-state/hello.yaml", HELLO));
      var source = source();
      assertThat(source.read().revision()).isEqualTo(first);

      var second = remote.commit(Map.of("desired-state/hello.yaml", WORLD));
      var snapshot = source.read();

      assertThat(snapshot.revision()).isEqualTo(second).isNotEqualTo(first);
      assertThat(snapshot.files()).containsExactly(new Snapshot.File(Path.of("desired-state/hello.yaml"), WORLD));
    }

    @Test
    void theSameCommitReadTwiceGivesTheSameSnapshot() {
      remote.commit(Map.of("desired-state/hello.yaml", HELLO));
      var source = source();

      assertThat(source.read()).isEqualTo(source.read());
    }

    @Test
    void aFileDeletedInACommitDisappears() {
      remote.commit(Map.of("desired-state/hello.yaml", HELLO, "desired-state/world.yaml", WORLD));
      var source = source();
      assertThat(paths(source.read())).hasSize(2);

      var deletion = remote.delete("desired-state/world.yaml");
      var snapshot = source.read();

      assertThat(snapshot.revision()).isEqualTo(deletion);
      assertThat(paths(snapshot)).containsExactly("desired-state/hello.yaml");
    }

    @Test
    void aCommitOnAnotherBranchIsNotSeen() {
      var onMain = remote.commit(Map.of("desired-state/hello.yaml", HELLO));
      var source = source();
      source.read();

      remote.checkout("feature", true);
      remote.commit(Map.of("desired-state/world.yaml", WORLD));
      var snapshot = source.read();

      assertThat(snapshot.revision()).isEqualTo(onMain);
      assertThat(paths(snapshot)).containsExactly("desired-state/hello.yaml");
    }

    @Test
    void theSelectedBranchIsTheOneRead() {
      remote.commit(Map.of("desired-state/hello.yaml", HELLO));
      remote.checkout("feature", true);
      var onFeature = remote.commit(Map.of("desired-state/world.yaml", WORLD));
      remote.checkout("main", false);

      var snapshot = source(GitSourceSettings.of(remote.url(), cache).withBranch("feature")).read();

      assertThat(snapshot.revision()).isEqualTo(onFeature);
      assertThat(paths(snapshot)).containsExactly("desired-state/hello.yaml", "desired-state/world.yaml");
    }

    @Test
    void lastRevisionIsTheCommitOfTheLastSuccessfulRead() {
      var commit = remote.commit(Map.of("desired-state/hello.yaml", HELLO));
      var source = source();
      assertThat(source.lastRevision()).isEmpty();

      source.read();

      assertThat(source.lastRevision()).contains(commit);
    }
  }

  @Nested
  class ReadingARef {

    String onMain;
    String onFeature;

    /** main holds hello; the branch feature adds world. */
    @BeforeEach
    void twoBranches() {
      onMain = remote.commit(Map.of("desired-state/hello.yaml", HELLO));
      remote.checkout("feature", true);
      onFeature = remote.commit(Map.of("desired-state/world.yaml", WORLD));
      remote.checkout("main", false);
    }

    @Test
    void aBranchIsReadWhileTheFollowedBranchStaysWhereItWas() throws Exception {
      var source = source();
      source.read();

      var snapshot = source.readAt("feature");

      assertThat(snapshot.revision()).isEqualTo(onFeature);
      assertThat(paths(snapshot)).containsExactly("desired-state/hello.yaml", "desired-state/world.yaml");
      assertThat(source.lastRevision()).contains(onMain);
      assertThat(trackingRefOfMain()).isEqualTo(onMain);
      assertThat(source.read().revision()).isEqualTo(onMain);
    }

    @Test
    void aRefReadBeforeTheFirstReadOfTheBranchLeavesThatReadToFetchIt() {
      var source = source();

      assertThat(source.readAt("feature").revision()).isEqualTo(onFeature);

      assertThat(source.lastRevision()).isEmpty();
      assertThat(source.read().revision()).isEqualTo(onMain);
    }

    @Test
    void aTagIsReadAtTheCommitItNames() {
      remote.tag("v1");
      remote.commit(Map.of("desired-state/hello.yaml", WORLD));

      var snapshot = source().readAt("v1");

      assertThat(snapshot.revision()).isEqualTo(onMain);
      assertThat(snapshot.files()).containsExactly(new Snapshot.File(Path.of("desired-state/hello.yaml"), HELLO));
    }

    @Test
    void pullAndMergeRequestRefsAreReadByTheirFullNames() {
      remote.ref("refs/pull/7/head", onFeature);
      remote.ref("refs/merge-requests/8/head", onMain);
      var source = source();

      assertThat(source.readAt("refs/pull/7/head").revision()).isEqualTo(onFeature);
      assertThat(source.readAt("refs/merge-requests/8/head").revision()).isEqualTo(onMain);
      assertThat(source.readAt("refs/heads/feature").revision()).isEqualTo(onFeature);
    }

    @Test
    void aCommitIdFullOrAbbreviatedIsFoundOnAnyBranch() {
      var source = source();

      assertThat(source.readAt(onFeature).revision()).isEqualTo(onFeature);
      assertThat(source().readAt(onFeature.substring(0, 7)).revision()).isEqualTo(onFeature);
      assertThat(source.readAt(onMain.substring(0, 10).toUpperCase(java.util.Locale.ROOT)).revision())
          .isEqualTo(onMain);
    }

    @Test
    void aBranchWinsOverATagOfTheSameNameAsInGit() {
      remote.tag("feature");

      assertThat(source().readAt("feature").revision()).isEqualTo(onFeature);
      assertThat(source().readAt("refs/tags/feature").revision()).isEqualTo(onMain);
    }

    @Test
    void anUnknownRefIsNotFoundNamingTheRefAndTheRepository() {
      var source = source();

      assertThatThrownBy(() -> source.readAt("no-such-branch"))
          .isInstanceOf(SourceNotFoundException.class)
          .hasMessage("ref 'no-such-branch' not found in " + remote.url() + ": no branch, tag or ref of that name");
      assertThatThrownBy(() -> source.readAt("refs/pull/404/head"))
          .isInstanceOf(SourceNotFoundException.class)
          .hasMessageContaining("'refs/pull/404/head' not found");
      assertThatThrownBy(() -> source.readAt("deadbeef"))
          .isInstanceOf(SourceNotFoundException.class)
          .hasMessageContaining("no commit on any branch starts with it");
    }

    @Test
    void aRefWithoutTheFolderIsNotFoundNamingTheRef() {
      remote.checkout("elsewhere", true);
      remote.delete("desired-state/hello.yaml");

      assertThatThrownBy(() -> source().readAt("elsewhere"))
          .isInstanceOf(SourceNotFoundException.class)
          .hasMessageContaining("path 'desired-state' not found in git " + remote.url() + " elsewhere:desired-state");
    }

    @Test
    void namesThatAreRefspecsOrNoRefsAreRefusedBeforeAnyFetch() throws Exception {
      var source = source();
      source.read();

      for (var bad : List.of("feature:refs/remotes/origin/main", "+refs/heads/*", "refs/heads/*", "-v", "a..b",
          "with space", "", "feature^", "HEAD@{1}")) {
        assertThatThrownBy(() -> source.readAt(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("is not a valid ref");
      }
      assertThat(trackingRefOfMain()).isEqualTo(onMain);
    }

    @Test
    void previewsLeaveNoRefsButTheirOwnBehind() throws Exception {
      var source = source();
      source.read();
      source.readAt("feature");
      source.readAt(onFeature.substring(0, 8));

      try (var clone = org.eclipse.jgit.storage.file.FileRepositoryBuilder.create(cache.toFile())) {
        assertThat(clone.getRefDatabase().getRefs()).extracting(org.eclipse.jgit.lib.Ref::getName)
            .allSatisfy(name -> assertThat(name).matches("refs/remotes/origin/main|refs/ecs-reconciler/.*|HEAD"));
      }
    }

    private String trackingRefOfMain() throws IOException {
      try (var clone = org.eclipse.jgit.storage.file.FileRepositoryBuilder.create(cache.toFile())) {
        return clone.exactRef("refs/remotes/origin/main").getObjectId().name();
      }
    }
  }

  @Nested
  class Failures {

    @Test
    void anUnreachableRemoteIsReportedAsUnavailableNamingTheRemote() {
      var missing = "file://" + temp.resolve("no-such-repo");

      assertThatThrownBy(() -> source(GitSourceSettings.of(missing, cache)).read())
          .isInstanceOf(SourceUnavailableException.class)
          .hasMessageContaining("cannot fetch branch 'main'")
          .hasMessageContaining("no-such-repo");
    }

    @Test
    void aMissingBranchIsReportedAsUnavailableNamingTheBranch() {
      remote.commit(Map.of("desired-state/hello.yaml", HELLO));

      assertThatThrownBy(() -> source(GitSourceSettings.of(remote.url(), cache).withBranch("nope")).read())
          .isInstanceOf(SourceUnavailableException.class)
          .hasMessageContaining("'nope'");
    }

    @Test
    void aMissingPathIsReportedAsUnavailable() {
      remote.commit(Map.of("elsewhere/hello.yaml", HELLO));

      assertThatThrownBy(() -> source().read())
          .isInstanceOf(SourceUnavailableException.class)
          .hasMessageContaining("path 'desired-state' not found");
    }

    @Test
    void aPathThatIsAFileIsReportedAsUnavailable() {
      remote.commit(Map.of("desired-state", "a file"));

      assertThatThrownBy(() -> source().read())
          .isInstanceOf(SourceUnavailableException.class)
          .hasMessageContaining("is a file, not a folder");
    }

    @Test
    void aReadThatFailedDoesNotSpoilTheNextOne() {
      remote.commit(Map.of("elsewhere/hello.yaml", HELLO));
      var source = source();
      assertThatThrownBy(source::read).isInstanceOf(SourceUnavailableException.class);

      var fixed = remote.commit(Map.of("desired-state/hello.yaml", HELLO));

      assertThat(source.read().revision()).isEqualTo(fixed);
    }
  }

  @Nested
  class Secrets {

    static final String TOKEN = "ghp_S3cr3tT0kenValue0123456789";

    @Test
    void theTokenIsNeitherDescribedNorInAnyFailureMessage() {
      var settings = new GitSourceSettings("https://127.0.0.1:9/repo.git", "main", "desired-state",
          Optional.empty(), Optional.of(TOKEN), Optional.empty(), Optional.empty(), cache);
      var source = source(settings);

      assertThat(source.describe()).doesNotContain(TOKEN);
      assertThat(settings.toString()).doesNotContain(TOKEN);
      var failure = catchUnavailable(source);
      assertThat(failure.getMessage()).contains("127.0.0.1:9");
      for (Throwable t = failure; t != null; t = t.getCause()) {
        assertThat(String.valueOf(t.getMessage())).doesNotContain(TOKEN);
        assertThat(t.toString()).doesNotContain(TOKEN);
      }
    }

    @Test
    void credentialsInTheUrlAreNeitherDescribedNorInAnyFailureMessage() {
      var source = source(GitSourceSettings.of("https://someone:" + TOKEN + "@127.0.0.1:9/repo.git", cache));

      assertThat(source.describe()).isEqualTo("git https://127.0.0.1:9/repo.git main:desired-state");
      var failure = catchUnavailable(source);
      for (Throwable t = failure; t != null; t = t.getCause()) {
        assertThat(String.valueOf(t.getMessage())).doesNotContain(TOKEN);
      }
    }

    @Test
    void describeNamesUrlBranchAndPath() {
      assertThat(source().describe()).isEqualTo("git " + remote.url() + " main:desired-state");
      assertThat(source(GitSourceSettings.of("git@github.com:acme/infra.git", cache).withBranch("prod").withPath("."))
          .describe()).isEqualTo("git git@github.com:acme/infra.git prod:.");
    }

    private SourceUnavailableException catchUnavailable(GitSource source) {
      try {
        source.read();
      } catch (SourceUnavailableException e) {
        return e;
      }
      throw new AssertionError("read() should have failed");
    }
  }

  @Nested
  class Cache {

    @Test
    void aSecondInstanceOnTheSameCacheFetchesIntoTheExistingClone() throws Exception {
      remote.commit(Map.of("desired-state/hello.yaml", HELLO));
      source().read();
      markClone();

      var next = remote.commit(Map.of("desired-state/hello.yaml", WORLD));
      var snapshot = source().read();

      assertThat(snapshot.revision()).isEqualTo(next);
      assertThat(markerOfClone()).isEqualTo("kept");
    }

    @Test
    void aCacheClonedFromAnotherUrlIsReplaced() throws Exception {
      remote.commit(Map.of("desired-state/hello.yaml", HELLO));
      source().read();
      markClone();

      try (var other = TestRepo.create(temp.resolve("other"))) {
        var commit = other.commit(Map.of("desired-state/world.yaml", WORLD));
        var snapshot = source(GitSourceSettings.of(other.url(), cache)).read();

        assertThat(snapshot.revision()).isEqualTo(commit);
        assertThat(paths(snapshot)).containsExactly("desired-state/world.yaml");
        assertThat(markerOfClone()).isNull();
      }
    }

    @Test
    void aBrokenCloneIsReplaced() throws IOException {
      var commit = remote.commit(Map.of("desired-state/hello.yaml", HELLO));
      Files.createDirectories(cache);
      Files.writeString(cache.resolve("HEAD"), "garbage");

      assertThat(source().read().revision()).isEqualTo(commit);
    }

    @Test
    void aFolderThatIsNotACloneIsNeverDeleted() throws IOException {
      remote.commit(Map.of("desired-state/hello.yaml", HELLO));
      Files.createDirectories(cache);
      Files.writeString(cache.resolve("precious.txt"), "keep me");

      assertThatThrownBy(() -> source().read())
          .isInstanceOf(SourceUnavailableException.class)
          .hasMessageContaining("refusing to delete it");
      assertThat(cache.resolve("precious.txt")).hasContent("keep me");
    }

    private void markClone() throws Exception {
      var config = new FileBasedConfig(cache.resolve("config").toFile(), FS.DETECTED);
      config.load();
      config.setString("test", null, "marker", "kept");
      config.save();
    }

    private String markerOfClone() throws Exception {
      var config = new FileBasedConfig(cache.resolve("config").toFile(), FS.DETECTED);
      config.load();
      return config.getString("test", null, "marker");
    }
  }

  @Nested
  class Concurrency {

    @Test
    void concurrentReadsFromFourThreadsReturnConsistentSnapshots() throws Exception {
      var versionOfCommit = new ConcurrentHashMap<String, Integer>();
      versionOfCommit.put(remote.commit(version(0)), 0);
      var source = source();
      var snapshots = new CopyOnWriteArrayList<Snapshot>();
      var pool = Executors.newFixedThreadPool(4);
      try {
        var readers = new ArrayList<Future<?>>();
        for (int thread = 0; thread < 4; thread++) {
          readers.add(pool.submit(() -> {
            for (int i = 0; i < 8; i++) {
              snapshots.add(source.read());
            }
          }));
        }
        for (int v = 1; v <= 5; v++) {
          versionOfCommit.put(remote.commit(version(v)), v);
        }
        for (var reader : readers) {
          reader.get(60, TimeUnit.SECONDS);
        }
      } finally {
        pool.shutdownNow();
      }

      assertThat(snapshots).hasSize(32);
      for (var snapshot : snapshots) {
        var version = versionOfCommit.get(snapshot.revision());
        assertThat(version).as("revision %s is a commit of main", snapshot.revision()).isNotNull();
        assertThat(snapshot.files()).hasSize(2).extracting(Snapshot.File::content)
            .as("both files at revision %s", snapshot.revision())
            .containsOnly("version: " + version + "\n");
      }
      assertThat(source.read().revision()).isEqualTo(findCommit(versionOfCommit, 5));
    }

    private static Map<String, String> version(int v) {
      return Map.of("desired-state/a.yaml", "version: " + v + "\n", "desired-state/b.yaml", "version: " + v + "\n");
    }

    private static String findCommit(Map<String, Integer> versions, int version) {
      return versions.entrySet().stream().filter(e -> e.getValue() == version).findFirst().orElseThrow().getKey();
    }
  }
}
