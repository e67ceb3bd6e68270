package io.ecsreconciler.iam;

import io.ecsreconciler.aws.ApiCallCounter;
import io.ecsreconciler.aws.AssumeRoleSettings;
import io.ecsreconciler.aws.AwsClients;
import io.ecsreconciler.aws.AwsSettings;
import io.ecsreconciler.testing.DedicatedMoto;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

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
