package io.ecsreconciler.testing;

/**
 * What the team's CI does before a deployment: push the image tag to the stack's ECR repository (created when
 * missing). The emulator keeps the manifest only; the tag is what the reconciler's preflight looks for.
 */
public final class EcrImages {

  private EcrImages() {
  }

  /** Pushes {@code hello:<tag>} with the AWS CLI, an independent client. */
  public static void push(AwsEmulator emulator, String tag) {
    if (emulator.cli("ecr", "describe-repositories", "--repository-names", "hello").exitCode() != 0) {
      emulator.cli("ecr", "create-repository", "--repository-name", "hello").assertOk();
    }
    var put = emulator.cli("ecr", "put-image", "--repository-name", "hello", "--image-tag", tag, "--image-manifest",
        manifest(tag));
    if (put.exitCode() != 0 && put.stderr().contains("ImageAlreadyExistsException")) {
      return; // pushed before (a class's @BeforeAll runs before the emulator is reset for its first test)
    }
    put.assertOk();
  }

  /** Pushes {@code <repository>:<tag>} into a repository that exists, with the SDK (signed as whoever the client is). */
  public static void push(software.amazon.awssdk.services.ecr.EcrClient ecr, String repository, String tag) {
    ecr.putImage(r -> r.repositoryName(repository).imageTag(tag).imageManifest(manifest(tag)));
  }

  /** Deletes every image of the repository (AWS refuses to delete a repository that holds any). */
  public static void deleteAll(software.amazon.awssdk.services.ecr.EcrClient ecr, String repository) {
    var images = ecr.listImages(r -> r.repositoryName(repository)).imageIds();
    if (!images.isEmpty()) {
      ecr.batchDeleteImage(r -> r.repositoryName(repository).imageIds(images));
    }
  }

  /** A minimal image manifest whose digest differs per tag. */
  public static String manifest(String tag) {
    var digest = String.format("%064x", tag.hashCode() & 0xffffffffL);
    return "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.docker.distribution.manifest.v2+json\","
        + "\"config\":{\"mediaType\":\"application/vnd.docker.container.image.v1+json\",\"size\":1,"
        + "\"digest\":\"sha256:" + digest + "\"},\"layers\":[]}";
  }
}
