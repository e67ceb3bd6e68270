package io.ecsreconciler.aws;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.applicationautoscaling.ApplicationAutoScalingClient;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * The AWS SDK clients of one reconciler process (or one test), built lazily from {@link AwsSettings}.
 *
 * <p>Every client: the settings' region; the endpoint override when present (IAM and STS too, although they
 * are global in AWS); the {@linkplain RetryMode#ADAPTIVE_V2 adaptive} retry strategy (standard retries plus
 * client-side rate limiting when throttled); {@link FailedCallMessages} (a refused call's message names its IAM
 * action and never carries the credentials); the {@link ApiCallCounter}'s interceptor; and one shared
 * {@link UrlConnectionHttpClient}. URL-connection rather than Apache: no extra dependency, the fastest
 * start-up, and the JDK's keep-alive cache is enough for the reconciler's call rate (a few calls per
 * resource per pass); its calls block a (virtual) thread, which the engine's waves are built for.
 *
 * <p>Credentials, see {@link #create(AwsSettings, ApiCallCounter)} and the package documentation: the base
 * provider is the SDK's {@link DefaultCredentialsProvider}; with {@link AwsSettings#assumeRole()} a
 * {@link StsAssumeRoleCredentialsProvider} on top of it. No credentials are ever configured in code.
 *
 * <p>Thread-safe. {@link #close()} closes what this object built (clients, providers, HTTP client).
 */
public final class AwsClients implements AutoCloseable {

  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(30);

  private final AwsSettings settings;
  private final ApiCallCounter counter;
  private final SdkHttpClient httpClient;
  private final AwsCredentialsProvider credentials;
  /** Closed in order by {@link #close()}: providers and the STS client behind them (not the caller's base). */
  private final List<SdkAutoCloseable> ownedCredentialResources = new ArrayList<>();
  private final List<Lazy<? extends SdkClient>> clients = new ArrayList<>();
  private final java.util.concurrent.ConcurrentHashMap<Class<?>, Object> kept =
      new java.util.concurrent.ConcurrentHashMap<>();
  private volatile boolean closed;

  private final Lazy<Ec2Client> ec2 = lazy(() -> configure(Ec2Client.builder()));
  private final Lazy<ElasticLoadBalancingV2Client> elb = lazy(() -> configure(ElasticLoadBalancingV2Client.builder()));
  private final Lazy<EcsClient> ecs = lazy(() -> configure(EcsClient.builder()));
  private final Lazy<EcrClient> ecr = lazy(() -> configure(EcrClient.builder()));
  private final Lazy<CloudWatchLogsClient> logs = lazy(() -> configure(CloudWatchLogsClient.builder()));
  private final Lazy<IamClient> iam = lazy(() -> configure(IamClient.builder()));
  private final Lazy<StsClient> sts = lazy(() -> configure(StsClient.builder()));
  private final Lazy<DynamoDbClient> dynamoDb = lazy(() -> configure(DynamoDbClient.builder()));
  private final Lazy<ApplicationAutoScalingClient> autoScaling =
      lazy(() -> configure(ApplicationAutoScalingClient.builder()));

  private AwsClients(AwsSettings settings, ApiCallCounter counter, AwsCredentialsProvider base, boolean ownsBase) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.counter = Objects.requireNonNull(counter, "counter");
    this.httpClient = UrlConnectionHttpClient.builder()
        .connectionTimeout(CONNECT_TIMEOUT)
        .socketTimeout(SOCKET_TIMEOUT)
        .build();
    if (ownsBase && base instanceof SdkAutoCloseable closeable) {
      ownedCredentialResources.add(closeable);
    }
    try {
      this.credentials = settings.assumeRole().map(role -> assumeRole(role, base)).orElse(base);
    } catch (RuntimeException e) {
      ownedCredentialResources.reversed().forEach(SdkAutoCloseable::close);
      httpClient.close();
      throw e;
    }
  }

  /** Clients with the default credential chain (plus the role to assume, if the settings name one). */
  public static AwsClients create(AwsSettings settings, ApiCallCounter counter) {
    return new AwsClients(settings, counter, DefaultCredentialsProvider.builder().build(), true);
  }

  /**
   * Clients whose base credentials come from {@code base} instead of the default chain (the role to assume,
   * if any, is still assumed on top). The caller keeps ownership of {@code base}. For tests and embedding.
   */
  public static AwsClients create(AwsSettings settings, ApiCallCounter counter, AwsCredentialsProvider base) {
    return new AwsClients(settings, counter, Objects.requireNonNull(base, "base"), false);
  }

  public Ec2Client ec2() {
    return ec2.get();
  }

  public ElasticLoadBalancingV2Client elb() {
    return elb.get();
  }

  public EcsClient ecs() {
    return ecs.get();
  }

  public EcrClient ecr() {
    return ecr.get();
  }

  /** Application Auto Scaling: the service's scalable target and scaling policy. */
  public ApplicationAutoScalingClient autoScaling() {
    return autoScaling.get();
  }

  public CloudWatchLogsClient logs() {
    return logs.get();
  }

  public IamClient iam() {
    return iam.get();
  }

  public StsClient sts() {
    return sts.get();
  }

  public DynamoDbClient dynamoDb() {
    return dynamoDb.get();
  }

  public ApiCallCounter counter() {
    return counter;
  }

  public AwsSettings settings() {
    return settings;
  }

  /**
   * What callers keep beside these clients for as long as the clients live (one of each type, made on first
   * use): caches of what was read through them, which are right for this account, region and endpoint only and
   * go with the clients when they are closed or made anew (a restart).
   */
  public <T> T kept(Class<T> type, java.util.function.Supplier<T> make) {
    return type.cast(kept.computeIfAbsent(type, t -> make.get()));
  }

  /**
   * Drops what {@link #kept} holds. Only for an account wiped behind the clients' back: an emulator's reset makes
   * even what AWS keeps for good (the managed prefix lists' ids) new.
   */
  public void forgetKept() {
    kept.clear();
  }

  /** The credentials every client signs with (the assumed role's when one is configured). */
  public AwsCredentialsProvider credentialsProvider() {
    return credentials;
  }

  @Override
  public void close() {
    List<SdkAutoCloseable> toClose = new ArrayList<>();
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      clients.forEach(client -> client.ifBuilt(toClose::add));
      toClose.addAll(ownedCredentialResources.reversed());
    }
    RuntimeException failure = null;
    for (SdkAutoCloseable resource : toClose) {
      try {
        resource.close();
      } catch (RuntimeException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    httpClient.close();
    if (failure != null) {
      throw failure;
    }
  }

  private AwsCredentialsProvider assumeRole(AssumeRoleSettings role, AwsCredentialsProvider base) {
    // Its own STS client, signed with the base credentials and not counted: credential refreshes are not
    // reconciler API calls. Same region, endpoint override, retries and HTTP client as the others.
    StsClient credentialsSts = baseBuilder(StsClient.builder(), base, false).build();
    ownedCredentialResources.add(credentialsSts);
    StsAssumeRoleCredentialsProvider provider = StsAssumeRoleCredentialsProvider.builder()
        .stsClient(credentialsSts)
        .refreshRequest(request -> request
            .roleArn(role.roleArn())
            .roleSessionName(role.sessionName())
            .externalId(role.externalId().orElse(null)))
        .build();
    ownedCredentialResources.add(provider);
    return provider;
  }

  private <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C extends SdkClient> C configure(B builder) {
    return baseBuilder(builder, credentials, true).build();
  }

  private <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> B baseBuilder(
      B builder, AwsCredentialsProvider credentialsProvider, boolean counted) {
    ClientOverrideConfiguration.Builder overrides = ClientOverrideConfiguration.builder()
        .retryStrategy(RetryMode.ADAPTIVE_V2)
        .addExecutionInterceptor(new FailedCallMessages(credentialsProvider));
    if (counted) {
      overrides.addExecutionInterceptor(counter.interceptor());
    }
    builder.region(settings.region())
        .credentialsProvider(credentialsProvider)
        .overrideConfiguration(overrides.build())
        .httpClient(httpClient);
    settings.endpoint().ifPresent(builder::endpointOverride);
    return builder;
  }

  private <T extends SdkClient> Lazy<T> lazy(Supplier<T> factory) {
    Lazy<T> lazy = new Lazy<>(factory);
    clients.add(lazy);
    return lazy;
  }

  /** A client built on first use; refuses to build once the owner is closed. */
  private final class Lazy<T extends SdkClient> {
    private final Supplier<T> factory;
    private volatile T value;

    Lazy(Supplier<T> factory) {
      this.factory = factory;
    }

    T get() {
      T result = value;
      if (result == null) {
        synchronized (AwsClients.this) {
          if (closed) {
            throw new IllegalStateException("AwsClients is closed");
          }
          result = value;
          if (result == null) {
            value = result = factory.get();
          }
        }
      }
      return result;
    }

    void ifBuilt(Consumer<? super T> action) {
      T result = value;
      if (result != null) {
        action.accept(result);
      }
    }
  }
}
