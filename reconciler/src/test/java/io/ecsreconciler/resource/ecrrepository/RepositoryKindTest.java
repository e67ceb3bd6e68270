package io.ecsreconciler.resource.ecrrepository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ecsreconciler.engine.ResourceKey;
import io.ecsreconciler.engine.Stack;
import io.ecsreconciler.resource.StackReads;
import io.ecsreconciler.testing.AwsEmulator;
import io.ecsreconciler.testing.AwsEmulatorTest;
import java.util.HashMap;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecr.model.EcrException;

@AwsEmulatorTest
class RepositoryKindTest {

  private static final String NAME = "hello";
  private static final ResourceKey KEY = RepositoryKind.KEY;
  private static final String MANIFEST = """
      {"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.v2+json",\
      "config":{"mediaType":"application/vnd.docker.container.image.v1+json","size":7023,\
      "digest":"sha256:b5b2b2c507a0944348e0303114d8d93aaaa081732b86451d9bce1f432a537bc7"},"layers":[]}""";

  private final Stack stack = new Stack("t1");
  private final AwsEmulator emulator;
  private final RepositoryState desired = new RepositoryState(NAME);

  RepositoryKindTest(AwsEmulator emulator) {
    this.emulator = emulator;
  }

  private RepositoryKind kind(boolean createAllowed) {
    var reads = StackReads.fresh(emulator.clients());
    return new RepositoryKind(emulator.clients().ecr(), reads, NAME, createAllowed, true);
  }

  @Test
  void createdRepositoryObservesEqualToDesiredAndCarriesTheOwnershipTags() {
    var kind = kind(true);

    var created = kind.create(stack, KEY, desired);

    var observed = kind.observe(stack).get(KEY);
    assertThat(observed.state()).isEqualTo(desired);
    assertThat(created.state()).isEqualTo(desired);
    assertThat(created.outputs()).isEqualTo(observed.outputs()).containsKeys("id", "arn", "uri");
    var tags = new HashMap<String, String>();
    emulator.cli("ecr", "list-tags-for-resource", "--resource-arn", created.outputs().get("arn")).assertOk().json()
        .path("tags").forEach(tag -> tags.put(tag.path("Key").asString(), tag.path("Value").asString()));
    assertThat(stack.ownedKey(tags)).contains(KEY);
    var scan = emulator.cli("ecr", "describe-repositories", "--repository-names", NAME).assertOk().json()
        .path("repositories").get(0).path("imageScanningConfiguration").path("scanOnPush");
    assertThat(scan.asBoolean()).isTrue();
  }

  @Test
  void createIsRefusedWhenTheSpecDoesNotAllowIt() {
    assertThatThrownBy(() -> kind(false).create(stack, KEY, desired))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("push the image first or set create: true");

    assertThat(emulator.cli("ecr", "describe-repositories", "--repository-names", NAME).exitCode()).isNotZero();
  }

  @Test
  void foreignUntaggedRepositoryIsAdoptedButNeverDeleted() {
    emulator.cli("ecr", "create-repository", "--repository-name", NAME).assertOk();
    var kind = kind(false);

    var adopted = kind.observe(stack).get(KEY);
    assertThat(adopted.state()).isEqualTo(desired);
    assertThat(adopted.outputs()).containsKeys("id", "arn", "uri");

    kind.delete(stack, KEY, adopted);

    emulator.cli("ecr", "describe-repositories", "--repository-names", NAME).assertOk();
  }

  @Test
  void deleteRemovesAnOwnedEmptyRepositoryAndASecondDeleteIsANoOp() {
    var kind = kind(true);
    var created = kind.create(stack, KEY, desired);

    kind.delete(stack, KEY, created);
    kind.delete(stack, KEY, created);

    assertThat(emulator.cli("ecr", "describe-repositories", "--repository-names", NAME).exitCode()).isNotZero();
    assertThat(kind.observe(stack)).isEmpty();
  }

  @Test
  void deleteOfAnOwnedRepositoryWithImagesSurfacesTheRefusal() {
    var kind = kind(true);
    var created = kind.create(stack, KEY, desired);
    pushImage("1.0.0");

    assertThatThrownBy(() -> kind.delete(stack, KEY, created)).isInstanceOf(EcrException.class);

    emulator.cli("ecr", "describe-repositories", "--repository-names", NAME).assertOk();
  }

  @Test
  void imageTagExistsOnlyForAPushedTag() {
    var kind = kind(true);
    assertThat(kind.imageTagExists("1.0.0")).isFalse(); // no repository yet
    kind.create(stack, KEY, desired);
    pushImage("1.0.0");

    assertThat(kind.imageTagExists("1.0.0")).isTrue();
    assertThat(kind.imageTagExists("2.0.0")).isFalse();
  }

  private void pushImage(String tag) {
    emulator.cli("ecr", "put-image", "--repository-name", NAME, "--image-tag", tag, "--image-manifest", MANIFEST)
        .assertOk();
  }
}
