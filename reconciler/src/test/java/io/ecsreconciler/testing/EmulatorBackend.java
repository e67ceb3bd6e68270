package io.ecsreconciler.testing;

import java.net.URI;
import java.nio.file.Path;

/** One running AWS emulator, shared by every test of the JVM; closed when the test run ends. */
interface EmulatorBackend extends AutoCloseable {

  /** "moto", "localstack" or "external". */
  String name();

  URI endpoint();

  /** Forgets all state, as far as the backend can (see the implementations). */
  void reset();

  /** True when ECS services run tasks here (the project's ECS runtime model): deployments progress and fail. */
  default boolean runsTasks() {
    return false;
  }

  /** The {@code aws} executable to run against this backend. */
  Path awsCli();

  @Override
  void close();
}
