package io.ecsreconciler.testing;

import java.net.URI;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives {@link AwsEmulatorTest} classes an {@link AwsEmulator}.
 *
 * <p>Which backend, chosen once per JVM:
 * <ol>
 *   <li>env {@code AWS_ENDPOINT_URL} set: "external", that endpoint as it is (see {@link ExternalBackend});</li>
 *   <li>env or system property {@code RECONCILER_TEST_BACKEND=localstack}: LocalStack in Docker via
 *       Testcontainers (see {@link LocalStackBackend});</li>
 *   <li>otherwise "moto": a moto server from {@code <repo>/.venv} on a free loopback port, the venv installed
 *       by {@code emulator/install.sh} first when missing or stale (see {@link MotoBackend}).</li>
 * </ol>
 * The backend lives in the root context's store, so it starts on first use, is shared by every test class of
 * the JVM and is closed (moto stopped) when the run ends. Before each test class and each test the backend is
 * reset (so state made in {@code @BeforeAll} does not survive into the tests; set up in {@code @BeforeEach}); after
 * each test its clients are closed.
 *
 * <p>One shared, reset-per-test backend means tests must not run concurrently: Surefire runs the test classes
 * one after the other in one JVM (its default; keep it so, and keep JUnit's parallel execution off).
 *
 * <p>The default credential chain finds the emulator's credentials in the system properties
 * {@code aws.accessKeyId}/{@code aws.secretAccessKey}, which this extension sets to "test" unless already set.
 */
public final class AwsEmulatorExtension implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback,
    ParameterResolver {

  /** Selects the LocalStack backend when set to "localstack" (env or system property). */
  public static final String BACKEND_SETTING = "RECONCILER_TEST_BACKEND";
  private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(AwsEmulatorExtension.class);

  static {
    setIfAbsent("aws.accessKeyId", AwsEmulator.ACCESS_KEY_ID);
    setIfAbsent("aws.secretAccessKey", AwsEmulator.SECRET_ACCESS_KEY);
  }

  @Override
  public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
    return parameterContext.getParameter().getType() == AwsEmulator.class;
  }

  @Override
  public AwsEmulator resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
    return emulator(extensionContext);
  }

  /** Constructor parameters resolve in the test method's context (per-method lifecycle). */
  @Override
  public ExtensionContextScope getTestInstantiationExtensionContextScope(ExtensionContext rootContext) {
    return ExtensionContextScope.TEST_METHOD;
  }

  /**
   * A class (or nested class) that sets up in {@code @BeforeAll} starts from an empty emulator too, whatever the
   * classes before it in this JVM left behind.
   */
  @Override
  public void beforeAll(ExtensionContext context) {
    backend(context).reset();
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    backend(context).reset();
    // A class-level emulator's clients outlive the reset: their caches of the account must not.
    Session session = context.getStore(NAMESPACE).get(Session.class, Session.class);
    if (session != null) {
      session.emulator().forgetClientCaches();
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    Session session = context.getStore(NAMESPACE).get(Session.class, Session.class); // searches parent stores too
    if (session != null) {
      session.emulator().endTest();
    }
  }

  /** One AwsEmulator per context that asked for one (a test method, or a class for @BeforeAll / per-class lifecycle). */
  private static AwsEmulator emulator(ExtensionContext context) {
    return context.getStore(NAMESPACE)
        .computeIfAbsent(Session.class, key -> new Session(new AwsEmulator(backend(context))), Session.class)
        .emulator();
  }

  private static EmulatorBackend backend(ExtensionContext context) {
    return context.getRoot().getStore(NAMESPACE).computeIfAbsent(BackendHolder.class, key -> new BackendHolder(), BackendHolder.class).get();
  }

  /** An env variable, else a system property of the same name; null when blank or unset. */
  static String setting(String name) {
    String value = System.getenv(name);
    if (value == null || value.isBlank()) {
      value = System.getProperty(name);
    }
    return value == null || value.isBlank() ? null : value.strip();
  }

  private static void setIfAbsent(String property, String value) {
    if (System.getProperty(property) == null) {
      System.setProperty(property, value);
    }
  }

  /** Closes the AwsEmulator's clients when its context ends. */
  private record Session(AwsEmulator emulator) implements AutoCloseable {
    @Override
    public void close() {
      emulator.endTest();
    }
  }

  /** The JVM's backend: started on first use; a failed start is remembered, not retried by every test. */
  static final class BackendHolder implements AutoCloseable {
    private EmulatorBackend backend;
    private RuntimeException failure;

    synchronized EmulatorBackend get() {
      if (backend != null) {
        return backend;
      }
      if (failure != null) {
        throw new IllegalStateException("the AWS emulator failed to start earlier in this run: " + failure.getMessage(), failure);
      }
      try {
        backend = select();
        return backend;
      } catch (RuntimeException e) {
        failure = e;
        throw e;
      }
    }

    private static EmulatorBackend select() {
      String external = System.getenv("AWS_ENDPOINT_URL");
      if (external != null && !external.isBlank()) {
        return new ExternalBackend(URI.create(external.strip()));
      }
      if ("localstack".equalsIgnoreCase(setting(BACKEND_SETTING))) {
        return LocalStackBackend.start();
      }
      return MotoBackend.start();
    }

    @Override
    public synchronized void close() {
      if (backend != null) {
        backend.close();
        backend = null;
      }
    }
  }
}
