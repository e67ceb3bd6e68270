package io.ecsreconciler.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.Vpc;
import tools.jackson.databind.JsonNode;

@AwsEmulatorTest
class AwsEmulatorExtensionTest {

  private final AwsEmulator constructorInjected;

  AwsEmulatorExtensionTest(AwsEmulator emulator) {
    this.constructorInjected = emulator;
  }

  @Test
  void backendAnswersWithItsDefaultVpc(AwsEmulator emulator) {
    List<Vpc> vpcs = emulator.clients().ec2().describeVpcs().vpcs();

    assertThat(vpcs).anySatisfy(vpc -> assertThat(vpc.isDefault()).isTrue());
    assertThat(emulator.region()).isEqualTo("us-east-1");
    assertThat(emulator.settings().endpoint()).contains(emulator.endpoint());
    assertThat(emulator.backendName()).isIn("moto", "localstack", "external");
  }

  @Test
  void resetDropsWhatATestCreated(AwsEmulator emulator) {
    String marker = UUID.randomUUID().toString();
    Ec2Client ec2 = emulator.clients().ec2();
    createTaggedVpc(ec2, "reset-test", marker);
    assertThat(vpcsTagged(ec2, "reset-test", marker)).hasSize(1);

    emulator.reset();

    assertThat(vpcsTagged(ec2, "reset-test", marker)).isEmpty();
  }

  @Test
  void cliSeesWhatTheSdkCreated(AwsEmulator emulator) {
    String marker = UUID.randomUUID().toString();
    String vpcId = createTaggedVpc(emulator.clients().ec2(), "x", marker);
    createTaggedVpc(emulator.clients().ec2(), "x", "someone-else");

    JsonNode found = emulator.cli("ec2", "describe-vpcs", "--filters", "Name=tag:x,Values=" + marker)
        .assertOk().json().path("Vpcs");

    assertThat(found.size()).isEqualTo(1);
    assertThat(found.get(0).path("VpcId").asString()).isEqualTo(vpcId);
  }

  @Test
  void cliReportsFailuresWithTheirExitCodeAndMessage(AwsEmulator emulator) {
    CliResult result = emulator.cli("ec2", "describe-vpcs", "--vpc-ids", "vpc-0000000000doesnotexist");

    assertThat(result.exitCode()).isNotZero();
    assertThat(result.stderr()).contains("InvalidVpcID.NotFound");
  }

  @Test
  void eachTestStartsWithFreshClientsAndCounter(AwsEmulator emulator) {
    assertThat(emulator.clients().counter().total()).isZero();
    emulator.clients().ec2().describeVpcs();
    assertThat(emulator.clients().counter().reads()).isEqualTo(1);
  }

  @Test
  void constructorAndMethodGetTheSameEmulator(AwsEmulator emulator) {
    assertThat(constructorInjected).isSameAs(emulator);
    assertThat(constructorInjected.clients()).isSameAs(emulator.clients());
  }

  @Nested
  class InANestedClass {
    @Test
    void theEmulatorIsInjectedToo(AwsEmulator emulator) {
      assertThat(emulator.clients().ec2().describeVpcs().vpcs()).isNotEmpty();
    }
  }

  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class WithOneInstanceForAllTests {
    private final AwsEmulator classScoped;

    WithOneInstanceForAllTests(AwsEmulator emulator) {
      this.classScoped = emulator;
    }

    @Test
    void firstTestStartsWithAFreshCounter() {
      assertThat(classScoped.clients().counter().total()).isZero();
      classScoped.clients().ec2().describeVpcs();
    }

    @Test
    void secondTestStartsWithAFreshCounterToo() {
      assertThat(classScoped.clients().counter().total()).isZero();
      classScoped.clients().ec2().describeVpcs();
    }
  }

  private static String createTaggedVpc(Ec2Client ec2, String key, String value) {
    return ec2.createVpc(r -> r.cidrBlock("10.99.0.0/16").tagSpecifications(t -> t
            .resourceType(ResourceType.VPC)
            .tags(Tag.builder().key(key).value(value).build())))
        .vpc().vpcId();
  }

  private static List<Vpc> vpcsTagged(Ec2Client ec2, String key, String value) {
    return ec2.describeVpcs(r -> r.filters(Filter.builder().name("tag:" + key).values(value).build())).vpcs();
  }
}
