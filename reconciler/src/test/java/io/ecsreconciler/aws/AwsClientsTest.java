package io.ecsreconciler.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ecsreconciler.testing.AwsEmulator;
import io.ecsreconciler.testing.AwsEmulatorTest;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.AdaptiveRetryStrategy;

@AwsEmulatorTest
class AwsClientsTest {

  @Test
  void everyClientReachesTheEmulator(AwsEmulator emulator) {
    AwsClients clients = emulator.clients();

    assertThat(clients.ec2().describeVpcs().vpcs()).anySatisfy(vpc -> assertThat(vpc.isDefault()).isTrue());
    assertThat(clients.elb().describeLoadBalancers().loadBalancers()).isEmpty();
    assertThat(clients.ecs().listClusters().clusterArns()).isEmpty();
    assertThat(clients.ecr().describeRepositories().repositories()).isEmpty();
    assertThat(clients.logs().describeLogGroups().logGroups()).isEmpty();
    assertThat(clients.iam().getPolicy(r -> r.policyArn(
        "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy")).policy().policyName())
        .isEqualTo("AmazonECSTaskExecutionRolePolicy");
    assertThat(clients.sts().getCallerIdentity().account()).isEqualTo("123456789012");
    assertThat(clients.dynamoDb().listTables().tableNames()).isEmpty();
    assertThat(clients.counter().total()).isEqualTo(8);
  }

  @Test
  void clientsAreBuiltOnceAndCarryTheSettings(AwsEmulator emulator) {
    AwsClients clients = emulator.clients();

    assertThat(clients.ec2()).isSameAs(clients.ec2());
    assertThat(clients.settings()).isEqualTo(emulator.settings());
    assertThat(clients.iam().serviceClientConfiguration().region()).isEqualTo(Region.US_EAST_1);
    assertThat(clients.iam().serviceClientConfiguration().endpointOverride()).contains(emulator.endpoint());
    assertThat(clients.sts().serviceClientConfiguration().endpointOverride()).contains(emulator.endpoint());
    assertThat(clients.ecs().serviceClientConfiguration().overrideConfiguration().retryStrategy())
        .containsInstanceOf(AdaptiveRetryStrategy.class);
  }

  @Test
  void aClosedInstanceBuildsNoMoreClients(AwsEmulator emulator) {
    AwsClients clients = AwsClients.create(emulator.settings(), new ApiCallCounter());
    clients.ec2().describeVpcs();

    clients.close();
    clients.close();

    assertThatThrownBy(clients::ecs).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
  }

  @Test
  void withoutAnEndpointOverrideClientsResolveTheRealAwsEndpoints() {
    AwsSettings settings = new AwsSettings(Region.EU_WEST_1, Optional.empty(), Optional.empty());
    try (AwsClients clients = AwsClients.create(settings, new ApiCallCounter())) {
      assertThat(clients.ecs().serviceClientConfiguration().endpointOverride()).isEmpty();
      assertThat(clients.ecs().serviceClientConfiguration().region()).isEqualTo(Region.EU_WEST_1);
    }
  }
}
