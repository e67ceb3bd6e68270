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

  /** A minimal image manifest whose digest differs per tag. */
  public static String manifest(String tag) {
    var digest = String.format("%064x", tag.hashCode() & 0xffffffffL);
    return "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.docker.distribution.manifest.v2+json\","
        + "\"config\":{\"mediaType\":\"application/vnd.docker.container.image.v1+json\",\"size\":1,"
        + "\"digest\":\"sha256:" + digest + "\"},\"layers\":[]}";
  }
}
