package io.ecsreconciler.testing;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.testcontainers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * LocalStack in Docker through Testcontainers, started once per test JVM ({@code RECONCILER_TEST_BACKEND=localstack}).
 * Image {@code localstack/localstack-pro} when {@code LOCALSTACK_AUTH_TOKEN} is set (passed to the container),
 * else {@code localstack/localstack}; {@code RECONCILER_LOCALSTACK_IMAGE} overrides the image.
 *
 * <p>Reset is best effort: {@code POST /_localstack/state/reset} (LocalStack's state API, which not every edition
 * or version serves); failures are ignored, so tests must not depend on an empty account — isolate by unique
 * names and filter by tags, as the moto-based tests should anyway.
 */
final class LocalStackBackend implements EmulatorBackend {

  private static final String COMMUNITY_IMAGE = "localstack/localstack";
  private static final String PRO_IMAGE = "localstack/localstack-pro";

  private final LocalStackContainer container;
  private final URI endpoint;

  private LocalStackBackend(LocalStackContainer container) {
    this.container = container;
    this.endpoint = container.getEndpoint();
  }

  @SuppressWarnings("resource") // closed by close()
  static LocalStackBackend start() {
    String token = AwsEmulatorExtension.setting("LOCALSTACK_AUTH_TOKEN");
    String image = AwsEmulatorExtension.setting("RECONCILER_LOCALSTACK_IMAGE");
    if (image == null) {
      image = (token != null ? PRO_IMAGE : COMMUNITY_IMAGE) + ":latest";
    }
    LocalStackContainer container = new LocalStackContainer(
        DockerImageName.parse(image).asCompatibleSubstituteFor(COMMUNITY_IMAGE));
    if (token != null) {
      container.withEnv("LOCALSTACK_AUTH_TOKEN", token);
    }
    long started = System.nanoTime();
    container.start();
    System.err.printf("[aws-emulator] LocalStack (%s) ready at %s in %d ms%n",
        image, container.getEndpoint(), (System.nanoTime() - started) / 1_000_000);
    return new LocalStackBackend(container);
  }

  @Override
  public String name() {
    return "localstack";
  }

  @Override
  public URI endpoint() {
    return endpoint;
  }

  @Override
  public void reset() {
    try {
      EmulatorHttp.post(EmulatorHttp.resolve(endpoint, "/_localstack/state/reset"), Duration.ofSeconds(60));
    } catch (IOException bestEffort) {
      // documented: no guaranteed reset on LocalStack
    }
  }

  @Override
  public Path awsCli() {
    EmulatorInstall.ensureInstalled();
    return EmulatorInstall.venvBin("aws");
  }

  @Override
  public void close() {
    container.stop();
  }

  @Override
  public String toString() {
    return "LocalStack at " + endpoint;
  }
}
