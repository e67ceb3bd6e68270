package io.ecsreconciler.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;

class AwsSettingsTest {

  @Test
  void withNothingInTheEnvironmentThereIsNoOverrideAndNoRole() {
    AwsSettings settings = AwsSettings.fromEnvironment("eu-west-1", name -> null, name -> null);

    assertThat(settings).isEqualTo(new AwsSettings(Region.EU_WEST_1, Optional.empty(), Optional.empty()));
  }

  @Test
  void endpointComesFromTheEnvironmentAndTheSystemPropertyWins() {
    Map<String, String> env = Map.of("AWS_ENDPOINT_URL", "http://127.0.0.1:5000");

    assertThat(AwsSettings.fromEnvironment("us-east-1", env::get, name -> null).endpoint())
        .contains(URI.create("http://127.0.0.1:5000"));
    assertThat(AwsSettings.fromEnvironment("us-east-1", env::get,
        Map.of("aws.endpointUrl", "http://localhost:4566")::get).endpoint())
        .contains(URI.create("http://localhost:4566"));
  }

  @Test
  void roleToAssumeComesFromTheEnvironmentWithADefaultSessionName() {
    Map<String, String> env = Map.of("RECONCILER_ASSUME_ROLE_ARN", "arn:aws:iam::123456789012:role/deployer");

    assertThat(AwsSettings.fromEnvironment("us-east-1", env::get, name -> null).assumeRole()).contains(
        new AssumeRoleSettings("arn:aws:iam::123456789012:role/deployer", "ecs-reconciler", Optional.empty()));
  }

  @Test
  void roleSessionNameAndExternalIdComeFromTheEnvironment() {
    Map<String, String> env = Map.of(
        "RECONCILER_ASSUME_ROLE_ARN", "arn:aws:iam::123456789012:role/deployer",
        "RECONCILER_ASSUME_ROLE_SESSION_NAME", "ci",
        "RECONCILER_ASSUME_ROLE_EXTERNAL_ID", "ext-42");

    assertThat(AwsSettings.fromEnvironment("us-east-1", env::get, name -> null).assumeRole()).contains(
        new AssumeRoleSettings("arn:aws:iam::123456789012:role/deployer", "ci", Optional.of("ext-42")));
  }

  @Test
  void aRelativeEndpointIsRejectedWithTheValue() {
    assertThatThrownBy(() -> AwsSettings.fromEnvironment("us-east-1", Map.of("AWS_ENDPOINT_URL", "localhost")::get, name -> null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("localhost");
  }

  @Test
  void withEndpointKeepsRegionAndRole() {
    AwsSettings settings = new AwsSettings(Region.US_WEST_2, Optional.empty(),
        Optional.of(AssumeRoleSettings.of("arn:aws:iam::123456789012:role/r")));

    AwsSettings overridden = settings.withEndpoint(URI.create("http://127.0.0.1:1234"));

    assertThat(overridden.region()).isEqualTo(Region.US_WEST_2);
    assertThat(overridden.assumeRole()).isEqualTo(settings.assumeRole());
    assertThat(overridden.endpoint()).contains(URI.create("http://127.0.0.1:1234"));
  }
}
