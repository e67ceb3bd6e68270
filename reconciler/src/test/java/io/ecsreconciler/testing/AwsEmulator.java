package io.ecsreconciler.testing;

import io.ecsreconciler.aws.ApiCallCounter;
import io.ecsreconciler.aws.AwsClients;
import io.ecsreconciler.aws.AwsSettings;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.regions.Region;

/**
 * The AWS emulator as a test sees it; injected by {@link AwsEmulatorExtension} into test methods, constructors
 * and lifecycle methods of an {@link AwsEmulatorTest} class. The backend is shared by the whole test JVM and
 * reset before each test; {@link #clients()} are fresh per test (with a fresh {@link ApiCallCounter}) and closed
 * after it.
 */
public final class AwsEmulator {

  public static final String REGION = "us-east-1";
  /** The credentials every call to the emulator uses (the emulators accept any). */
  public static final String ACCESS_KEY_ID = "test";
  public static final String SECRET_ACCESS_KEY = "test";
  private static final long CLI_TIMEOUT_SECONDS = 60;
  private static final Path NO_AWS_CONFIG = Path.of(System.getProperty("java.io.tmpdir"), "ecs-reconciler-no-aws-config");

  private final EmulatorBackend backend;
  private AwsClients clients;

  AwsEmulator(EmulatorBackend backend) {
    this.backend = backend;
  }

  public URI endpoint() {
    return backend.endpoint();
  }

  public String region() {
    return REGION;
  }

  /** Region {@value #REGION}, the emulator's endpoint, no role to assume. */
  public AwsSettings settings() {
    return new AwsSettings(Region.of(REGION), Optional.of(endpoint()), Optional.empty());
  }

  /**
   * This test's clients: built on first use with a fresh {@link ApiCallCounter} and the default credential
   * chain (which finds the {@code aws.accessKeyId}/{@code aws.secretAccessKey} system properties the extension
   * sets); closed by the extension after the test.
   */
  public synchronized AwsClients clients() {
    if (clients == null) {
      clients = AwsClients.create(settings(), new ApiCallCounter());
    }
    return clients;
  }

  /** True when ECS services run tasks (the project's runtime model): deployments progress, fail, roll back. */
  public boolean runsTasks() {
    return backend.runsTasks();
  }

  /** Drops all emulator state now (the extension also does this before each test), and the clients' caches of it. */
  public void reset() {
    backend.reset();
    forgetClientCaches();
  }

  /** After a reset: what the clients keep of the account (see {@link AwsClients#kept}) is no longer true. */
  synchronized void forgetClientCaches() {
    if (clients != null) {
      clients.forgetKept();
    }
  }

  /** "moto", "localstack" or "external". */
  public String backendName() {
    return backend.name();
  }

  /**
   * Runs {@code aws --endpoint-url <endpoint> --region us-east-1 --output json <args>} with the emulator's
   * credentials (the user's AWS config and profile are ignored); fails the test after 60 s.
   */
  public CliResult cli(String... args) {
    List<String> command = new ArrayList<>(List.of(backend.awsCli().toString(),
        "--endpoint-url", endpoint().toString(), "--region", REGION, "--output", "json"));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command)
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    Map<String, String> env = builder.environment();
    env.keySet().removeIf(name -> name.startsWith("AWS_") && !name.equals("AWS_CA_BUNDLE")); // no profile, role, keys
    env.put("AWS_ACCESS_KEY_ID", ACCESS_KEY_ID);
    env.put("AWS_SECRET_ACCESS_KEY", SECRET_ACCESS_KEY);
    env.put("AWS_DEFAULT_REGION", REGION);
    env.put("AWS_CONFIG_FILE", NO_AWS_CONFIG.toString());
    env.put("AWS_SHARED_CREDENTIALS_FILE", NO_AWS_CONFIG.toString());
    env.put("AWS_EC2_METADATA_DISABLED", "true");
    env.put("AWS_PAGER", "");
    Path stdout = null;
    Path stderr = null;
    try {
      stdout = Files.createTempFile("aws-cli", ".out");
      stderr = Files.createTempFile("aws-cli", ".err");
      Process process = builder.redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
      if (!process.waitFor(CLI_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        throw new AssertionError("AWS CLI did not finish within " + CLI_TIMEOUT_SECONDS + " s: "
            + String.join(" ", command) + "\nstderr:\n" + Files.readString(stderr)
            + "\nstdout:\n" + Files.readString(stdout));
      }
      return new CliResult(process.exitValue(), Files.readString(stdout), Files.readString(stderr));
    } catch (IOException e) {
      throw new UncheckedIOException("could not run " + String.join(" ", command), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running the AWS CLI", e);
    } finally {
      deleteQuietly(stdout);
      deleteQuietly(stderr);
    }
  }

  /** Closes this test's clients; the next {@link #clients()} builds new ones. */
  synchronized void endTest() {
    if (clients != null) {
      try {
        clients.close();
      } finally {
        clients = null;
      }
    }
  }

  private static void deleteQuietly(Path file) {
    if (file != null) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException ignored) {
        // temp file
      }
    }
  }

  @Override
  public String toString() {
    return "AwsEmulator{" + backend + "}";
  }
}
