package io.ecsreconciler.testing;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/**
 * An emulator someone else runs, at {@code AWS_ENDPOINT_URL}: used as it is, never started or stopped.
 * Reset is moto's {@code POST /moto-api/reset} when the endpoint answers it; otherwise there is no reset
 * (reported once) and tests must isolate themselves by unique names. The CLI is the venv's when installed,
 * else {@code aws} from the PATH, else the venv is installed.
 */
final class ExternalBackend implements EmulatorBackend {

  private final URI endpoint;
  private volatile Boolean resetSupported;

  ExternalBackend(URI endpoint) {
    this.endpoint = endpoint;
  }

  @Override
  public String name() {
    return "external";
  }

  @Override
  public URI endpoint() {
    return endpoint;
  }

  @Override
  public void reset() {
    if (Boolean.FALSE.equals(resetSupported)) {
      return;
    }
    URI uri = EmulatorHttp.resolve(endpoint, "/moto-api/reset");
    boolean ok;
    try {
      ok = EmulatorHttp.post(uri, Duration.ofSeconds(30)).ok();
    } catch (IOException e) {
      ok = false;
    }
    if (resetSupported == null) {
      resetSupported = ok;
      if (!ok) {
        System.err.println("[aws-emulator] " + endpoint + " does not answer POST /moto-api/reset: "
            + "state is not reset between tests");
      }
    } else if (!ok) {
      throw new IllegalStateException("POST " + uri + " failed although it worked before");
    }
  }

  @Override
  public Path awsCli() {
    if (EmulatorInstall.isInstalled()) {
      return EmulatorInstall.venvBin("aws");
    }
    return EmulatorInstall.awsOnPath().orElseGet(() -> {
      EmulatorInstall.ensureInstalled();
      return EmulatorInstall.venvBin("aws");
    });
  }

  @Override
  public void close() {
    // not ours to stop
  }

  @Override
  public String toString() {
    return "external emulator at " + endpoint;
  }
}
