package io.ecsreconciler.iam;

import io.ecsreconciler.aws.ApiCallCounter;
import io.ecsreconciler.aws.AssumeRoleSettings;
import io.ecsreconciler.aws.AwsClients;
import io.ecsreconciler.aws.AwsSettings;
import io.ecsreconciler.testing.CliResult;
import io.ecsreconciler.testing.DedicatedMoto;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * A moto server of the test's own that checks every call against IAM, as moto does once
 * {@code INITIAL_NO_AUTH_ACTION_COUNT} calls have gone through unchecked: each account starts with those few calls
 * making an administrator, and everything after is signed by access keys moto issued and judged by their
 * policies. moto evaluates Allow/Deny and actions; for resources and conditions see README's "Least privilege".
 */
final class IamEnforcingMoto implements AutoCloseable {

  static final String REGION = "us-east-1";
  static final String ACCOUNT = "123456789012";
  /** CreateUser, AttachUserPolicy, CreateAccessKey: the administrator. */
  private static final int BOOTSTRAP_CALLS = 3;
  private static final String ADMINISTRATOR_ACCESS = "arn:aws:iam::aws:policy/AdministratorAccess";

  private final DedicatedMoto moto;

  private IamEnforcingMoto(DedicatedMoto moto) {
    this.moto = moto;
  }

  static IamEnforcingMoto start() {
    return new IamEnforcingMoto(DedicatedMoto.start(Map.of("INITIAL_NO_AUTH_ACTION_COUNT",
        Integer.toString(BOOTSTRAP_CALLS))));
  }

  AwsSettings settings() {
    return new AwsSettings(Region.of(REGION), Optional.of(moto.endpoint()), Optional.empty());
  }

  /** An empty account and its administrator, made in the calls moto lets through unchecked. */
  Account freshAccount() {
    moto.reset();
    moto.allowUnauthenticatedCalls(BOOTSTRAP_CALLS);
    try (var bootstrap = clients(AwsBasicCredentials.create("bootstrap", "bootstrap"))) {
      var iam = bootstrap.iam();
      iam.createUser(r -> r.userName("administrator"));
      iam.attachUserPolicy(r -> r.userName("administrator").policyArn(ADMINISTRATOR_ACCESS));
      var key = iam.createAccessKey(r -> r.userName("administrator")).accessKey();
      return new Account(clients(AwsBasicCredentials.create(key.accessKeyId(), key.secretAccessKey())));
    }
  }

  /**
   * AssumeRoleWithWebIdentity as a CI job makes it: unsigned, the job's OIDC token its only credential. moto takes
   * no unsigned call once it enforces IAM (it fails reading the Authorization header), and AWS judges this one by
   * the token alone, so the call is let through unchecked; moto checks neither the token nor the role's trust policy.
   */
  AwsSessionCredentials webIdentity(String roleArn, String session, String token) {
    moto.allowUnauthenticatedCalls(1);
    try (var sts = StsClient.builder().region(Region.of(REGION)).endpointOverride(moto.endpoint())
        .credentialsProvider(AnonymousCredentialsProvider.create()).build()) {
      var credentials = sts.assumeRoleWithWebIdentity(r -> r.roleArn(roleArn).roleSessionName(session)
          .webIdentityToken(token)).credentials();
      return AwsSessionCredentials.create(credentials.accessKeyId(), credentials.secretAccessKey(),
          credentials.sessionToken());
    }
  }

  /** Clients signed with these (temporary) credentials. */
  AwsClients clients(AwsSessionCredentials credentials) {
    return AwsClients.create(settings(), new ApiCallCounter(), StaticCredentialsProvider.create(credentials));
  }

  /**
   * The AWS CLI as a GitLab job runs it: no key at all, only {@code AWS_ROLE_ARN}, {@code AWS_ROLE_SESSION_NAME}
   * and {@code AWS_WEB_IDENTITY_TOKEN_FILE}, from which the CLI makes its own AssumeRoleWithWebIdentity (let through
   * unchecked, see {@link #webIdentity}) before the call, which moto judges by the role's policies.
   */
  CliResult cliByWebIdentity(String roleArn, String session, Path tokenFile, String... args) {
    var command = new ArrayList<>(List.of(moto.awsCli().toString(), "--endpoint-url", moto.endpoint().toString(),
        "--region", REGION, "--output", "json"));
    command.addAll(List.of(args));
    var builder = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    var env = builder.environment();
    env.keySet().removeIf(name -> name.startsWith("AWS_"));
    env.put("AWS_ENDPOINT_URL", moto.endpoint().toString()); // the CLI's own STS call too
    env.put("AWS_ROLE_ARN", roleArn);
    env.put("AWS_ROLE_SESSION_NAME", session);
    env.put("AWS_WEB_IDENTITY_TOKEN_FILE", tokenFile.toString());
    env.put("AWS_CONFIG_FILE", "/dev/null");
    env.put("AWS_SHARED_CREDENTIALS_FILE", "/dev/null");
    env.put("AWS_EC2_METADATA_DISABLED", "true");
    env.put("AWS_PAGER", "");
    try {
      // A home of its own, as a job's fresh container: the CLI caches assumed-role credentials under ~/.aws/cli,
      // and a cached session would skip the STS call that the one unchecked call is meant for.
      var home = Files.createTempDirectory("aws-cli-home");
      env.put("HOME", home.toString());
      moto.allowUnauthenticatedCalls(1);
      var stdout = Files.createTempFile("aws-cli", ".out");
      var stderr = Files.createTempFile("aws-cli", ".err");
      try {
        var process = builder.redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
          process.destroyForcibly();
          throw new AssertionError("AWS CLI did not finish within 60 s: " + command);
        }
        return new CliResult(process.exitValue(), Files.readString(stdout), Files.readString(stderr));
      } finally {
        Files.deleteIfExists(stdout);
        Files.deleteIfExists(stderr);
        try (var files = Files.walk(home)) {
          files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private AwsClients clients(AwsBasicCredentials credentials) {
    return clients(settings(), credentials);
  }

  private AwsClients clients(AwsSettings settings, AwsBasicCredentials credentials) {
    return AwsClients.create(settings, new ApiCallCounter(), StaticCredentialsProvider.create(credentials));
  }

  @Override
  public void close() {
    moto.close();
  }

  /** One account of the emulator, as its administrator sees it. */
  final class Account implements AutoCloseable {

    private final AwsClients admin;

    private Account(AwsClients admin) {
      this.admin = admin;
    }

    AwsClients admin() {
      return admin;
    }

    /**
     * A user holding exactly these policies (each a managed policy, as docs/iam/README.md installs them), and
     * clients signed with a key of its own that count every call.
     */
    AwsClients userWith(String name, List<PolicyDocument> policies) {
      return clients(settings(), keyOf(name, policies));
    }

    /** A user holding these policies: its access key. */
    AwsBasicCredentials keyOf(String name, List<PolicyDocument> policies) {
      var iam = admin.iam();
      iam.createUser(r -> r.userName(name));
      for (var policy : policies) {
        iam.attachUserPolicy(r -> r.userName(name).policyArn(managedPolicy(name, policy)));
      }
      var key = iam.createAccessKey(r -> r.userName(name)).accessKey();
      return AwsBasicCredentials.create(key.accessKeyId(), key.secretAccessKey());
    }

    /** Clients signed with this key that assume a role on top of it, as RECONCILER_ASSUME_ROLE_ARN makes them. */
    AwsClients assuming(AwsBasicCredentials key, AssumeRoleSettings role) {
      return clients(settings().withAssumeRole(role), key);
    }

    /** A role trusting whom this trust policy names, holding these policies; its ARN. */
    String role(String name, PolicyDocument trust, List<PolicyDocument> policies) {
      var iam = admin.iam();
      var arn = iam.createRole(r -> r.roleName(name).assumeRolePolicyDocument(trust.json())).role().arn();
      for (var policy : policies) {
        iam.attachRolePolicy(r -> r.roleName(name).policyArn(managedPolicy(name, policy)));
      }
      return arn;
    }

    private String managedPolicy(String owner, PolicyDocument policy) {
      return admin.iam().createPolicy(r -> r.policyName(owner + "-" + policy.name()).policyDocument(policy.json()))
          .policy().arn();
    }

    @Override
    public void close() {
      admin.close();
    }
  }
}
