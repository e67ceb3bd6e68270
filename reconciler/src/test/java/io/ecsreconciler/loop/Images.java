package io.ecsreconciler.loop;

import io.ecsreconciler.testing.AwsEmulator;

/** Pushes an image tag to the emulator's ECR the way the team's CI would (the manifest only). */
final class Images {

  private Images() {
  }

  static void push(AwsEmulator emulator, String tag) {
    if (emulator.cli("ecr", "describe-repositories", "--repository-names", "hello").exitCode() != 0) {
      emulator.cli("ecr", "create-repository", "--repository-name", "hello").assertOk();
    }
    emulator.cli("ecr", "put-image", "--repository-name", "hello", "--image-tag", tag, "--image-manifest",
        manifest(tag)).assertOk();
  }

  static String manifest(String tag) {
    var digest = String.format("%064x", tag.hashCode() & 0xffffffffL);
    return "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.docker.distribution.manifest.v2+json\","
        + "\"config\":{\"mediaType\":\"application/vnd.docker.container.image.v1+json\",\"size\":1,"
        + "\"digest\":\"sha256:" + digest + "\"},\"layers\":[]}";
  }
}
