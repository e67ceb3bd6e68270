package io.ecsreconciler.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecsreconciler.testing.AwsEmulator;
import io.ecsreconciler.testing.AwsEmulatorTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsWebIdentityTokenFileCredentialsProvider;

/** Where the clients' credentials come from; moto answers GetCallerIdentity with the identity of the caller's keys. */
@AwsEmulatorTest
class CredentialsTest {

  private static final String TRUST_ANYONE = """
      {"Version":"2012-10-17","Statement":[{"Effect":"Allow",
       "Principal":{"AWS":"arn:aws:iam::123456789012:root","Federated":"arn:aws:iam::123456789012:oidc-provider/ci"},
       "Action":["sts:AssumeRole","sts:AssumeRoleWithWebIdentity"]}]}""";

  private String roleArn;

  @BeforeEach
  void createRole(AwsEmulator emulator) {
    roleArn = emulator.clients().iam()
        .createRole(r -> r.roleName("deployer").assumeRolePolicyDocument(TRUST_ANYONE))
        .role().arn();
  }

  @Test
  void theHarnessCredentialsComeFromTheDefaultChain(AwsEmulator emulator) {
    String arn = emulator.clients().sts().getCallerIdentity().arn();

    assertThat(arn).isEqualTo("arn:aws:sts::123456789012:user/moto");
  }

  @Test
  void assumeRoleSettingsMakeEveryClientSignAsTheRole(AwsEmulator emulator) {
    AwsSettings settings = emulator.settings()
        .withAssumeRole(new AssumeRoleSettings(roleArn, "reconciler-test", Optional.of("ext-1")));
    ApiCallCounter counter = new ApiCallCounter();

    try (AwsClients clients = AwsClients.create(settings, counter)) {
      assertThat(clients.sts().getCallerIdentity().arn())
          .isEqualTo("arn:aws:sts::123456789012:assumed-role/deployer/reconciler-test");
      assertThat(clients.ec2().describeVpcs().vpcs()).isNotEmpty();
    }
    assertThat(counter.snapshot().keySet()).extracting(ApiCallCounter.Call::operation)
        .as("the AssumeRole behind the credentials is not a counted API call")
        .containsExactly("DescribeVpcs", "GetCallerIdentity");
  }

  @Test
  void anInjectedWebIdentityProviderIsUsedAsTheBase(AwsEmulator emulator, @TempDir Path dir) throws Exception {
    Path token = Files.writeString(dir.resolve("token"), "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJjaSJ9.c2ln");
    try (StsClient anonymousSts = StsClient.builder()
           .region(emulator.settings().region())
           .endpointOverride(emulator.endpoint())
           .credentialsProvider(AnonymousCredentialsProvider.create())
           .build();
       StsWebIdentityTokenFileCredentialsProvider webIdentity = StsWebIdentityTokenFileCredentialsProvider.builder()
           .stsClient(anonymousSts)
           .roleArn(roleArn)
           .roleSessionName("ci-run")
           .webIdentityTokenFile(token)
           .build();
       AwsClients clients = AwsClients.create(emulator.settings(), new ApiCallCounter(), webIdentity)) {

      assertThat(clients.sts().getCallerIdentity().arn())
          .isEqualTo("arn:aws:sts::123456789012:assumed-role/deployer/ci-run");
    }
  }

  @Test
  void theDefaultChainPicksUpWebIdentityWhenNoKeysAreSet(AwsEmulator emulator, @TempDir Path dir) throws Exception {
    Path token = Files.writeString(dir.resolve("token"), "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJjaSJ9.c2ln");
    Map<String, String> properties = new HashMap<>();
    properties.put("aws.accessKeyId", null);           // hide the harness's keys: the chain tries them first
    properties.put("aws.secretAccessKey", null);
    properties.put("aws.webIdentityTokenFile", token.toString());
    properties.put("aws.roleArn", roleArn);
    properties.put("aws.roleSessionName", "chain-run");
    properties.put("aws.region", emulator.region());     // for the STS client the chain builds itself
    properties.put("aws.endpointUrl", emulator.endpoint().toString());

    withSystemProperties(properties, () -> {
      try (AwsClients clients = AwsClients.create(emulator.settings(), new ApiCallCounter())) {
        assertThat(clients.sts().getCallerIdentity().arn())
            .isEqualTo("arn:aws:sts::123456789012:assumed-role/deployer/chain-run");
      }
    });
  }

  private static void withSystemProperties(Map<String, String> properties, Runnable action) {
    Map<String, String> saved = new HashMap<>();
    properties.forEach((name, value) -> {
      saved.put(name, System.getProperty(name));
      set(name, value);
    });
    try {
      action.run();
    } finally {
      saved.forEach(CredentialsTest::set);
    }
  }

  private static void set(String name, String value) {
    if (value == null) {
      System.clearProperty(name);
    } else {
      System.setProperty(name, value);
    }
  }
}
