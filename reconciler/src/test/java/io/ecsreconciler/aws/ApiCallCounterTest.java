package io.ecsreconciler.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ecsreconciler.aws.ApiCallCounter.Call;
import io.ecsreconciler.testing.AwsEmulator;
import io.ecsreconciler.testing.AwsEmulatorTest;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;

class ApiCallCounterTest {

  @Nested
  class ClassifiesOperations {
    @ParameterizedTest
    @ValueSource(strings = {"DescribeVpcs", "ListTagsForResource", "GetRole", "BatchGetImage", "Query", "Scan",
        "GetCallerIdentity", "DescribeServices", "FilterLogEvents", "BatchCheckLayerAvailability"})
    void readsAreNotMutating(String operation) {
      assertThat(ApiCallCounter.isMutating(operation)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"CreateVpc", "ModifyVpcAttribute", "DeleteSubnet", "PutItem", "UpdateService",
        "AuthorizeSecurityGroupIngress", "AttachRolePolicy", "TagResource", "RegisterTaskDefinition",
        "AssumeRole", "Getaway", "Listen", "Scanner"})
    void everythingElseIsMutating(String operation) {
      assertThat(ApiCallCounter.isMutating(operation)).isTrue();
    }
  }

  @Nested
  @AwsEmulatorTest
  class AgainstTheEmulator {
    @Test
    void countsReadsAndMutationsPerServiceAndOperation(AwsEmulator emulator) {
      AwsClients clients = emulator.clients();
      Ec2Client ec2 = clients.ec2();

      ec2.describeVpcs();
      ec2.describeVpcs();
      ec2.createVpc(r -> r.cidrBlock("10.1.0.0/16"));
      clients.sts().getCallerIdentity();
      clients.ecs().listClusters();

      ApiCallCounter counter = clients.counter();
      assertThat(counter.snapshot()).containsExactly(
          Map.entry(new Call("Ec2", "CreateVpc", true), 1L),
          Map.entry(new Call("Ec2", "DescribeVpcs", false), 2L),
          Map.entry(new Call("Ecs", "ListClusters", false), 1L),
          Map.entry(new Call("Sts", "GetCallerIdentity", false), 1L));
      assertThat(counter.reads()).isEqualTo(4);
      assertThat(counter.mutations()).isEqualTo(1);
      assertThat(counter.total()).isEqualTo(5);
      assertThat(counter.attempts()).isEqualTo(5);
      assertThat(counter.count("Ec2", "DescribeVpcs")).isEqualTo(2);
    }

    @Test
    void aCallThatFailsStillCountsOnce(AwsEmulator emulator) {
      AwsClients clients = emulator.clients();

      assertThatThrownBy(() -> clients.ec2().deleteVpc(r -> r.vpcId("vpc-00000000000000000")))
          .isInstanceOfSatisfying(Ec2Exception.class,
              e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidVpcID.NotFound"));

      assertThat(clients.counter().snapshot()).containsExactly(Map.entry(new Call("Ec2", "DeleteVpc", true), 1L));
    }

    @Test
    void resetForgetsCounts(AwsEmulator emulator) {
      emulator.clients().ec2().describeVpcs();

      emulator.clients().counter().reset();

      assertThat(emulator.clients().counter().total()).isZero();
      assertThat(emulator.clients().counter().snapshot()).isEmpty();
    }

    @Test
    void mutationHookSeesEveryMutatingCallAndNoRead(AwsEmulator emulator) {
      List<Call> seen = new ArrayList<>();
      emulator.clients().counter().beforeMutation(seen::add);

      emulator.clients().ec2().describeVpcs();
      emulator.clients().ec2().createVpc(r -> r.cidrBlock("10.2.0.0/16"));

      assertThat(seen).containsExactly(new Call("Ec2", "CreateVpc", true));
    }

    @Test
    void mutationHookThatThrowsPreventsTheCall(AwsEmulator emulator) {
      AwsClients clients = emulator.clients();
      clients.counter().beforeMutation(call -> {
        throw new SimulatedCrash(call);
      });

      assertThatThrownBy(() -> clients.ec2().createVpc(r -> r.cidrBlock("10.3.0.0/16")))
          .isInstanceOf(SimulatedCrash.class);

      clients.counter().beforeMutation(null);
      assertThat(clients.ec2().describeVpcs(r -> r.filters(f -> f.name("cidr").values("10.3.0.0/16"))).vpcs())
          .isEmpty();
      assertThat(clients.counter().mutations()).isZero();
    }

    @Test
    void removingTheHookLetsMutationsThroughAgain(AwsEmulator emulator) {
      AwsClients clients = emulator.clients();
      clients.counter().beforeMutation(call -> {
        throw new SimulatedCrash(call);
      });
      clients.counter().beforeMutation(null);

      clients.ec2().createVpc(r -> r.cidrBlock("10.4.0.0/16"));

      assertThat(clients.ec2().describeVpcs(r -> r.filters(f -> f.name("cidr").values("10.4.0.0/16"))).vpcs())
          .hasSize(1);
    }
  }

  @Nested
  class WithRetries {
    private static final String CALLER_IDENTITY = """
        <GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
         <GetCallerIdentityResult><Arn>arn:aws:iam::123456789012:user/x</Arn><UserId>AIDAX</UserId>
          <Account>123456789012</Account></GetCallerIdentityResult>
         <ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata>
        </GetCallerIdentityResponse>""";
    private static final String UNAVAILABLE = """
        <ErrorResponse><Error><Type>Receiver</Type><Code>ServiceUnavailable</Code><Message>try again</Message>
         </Error><RequestId>r-0</RequestId></ErrorResponse>""";

    @Test
    void aRetriedCallCountsOnceAndEveryAttemptSeparately() throws Exception {
      AtomicInteger requests = new AtomicInteger();
      HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      server.createContext("/", exchange -> {
        exchange.getRequestBody().readAllBytes();
        boolean fail = requests.incrementAndGet() <= 2;
        byte[] body = (fail ? UNAVAILABLE : CALLER_IDENTITY).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "text/xml");
        exchange.sendResponseHeaders(fail ? 503 : 200, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
      });
      server.start();
      ApiCallCounter counter = new ApiCallCounter();
      AwsSettings settings = new AwsSettings(Region.US_EAST_1,
          Optional.of(URI.create("http://127.0.0.1:" + server.getAddress().getPort())), Optional.empty());
      try (AwsClients clients = AwsClients.create(settings, counter,
          StaticCredentialsProvider.create(AwsBasicCredentials.create("fake", "fake")))) {

        assertThat(clients.sts().getCallerIdentity().account()).isEqualTo("123456789012");
      } finally {
        server.stop(0);
      }

      assertThat(requests).hasValue(3);
      assertThat(counter.total()).isEqualTo(1);
      assertThat(counter.attempts()).isEqualTo(3);
    }
  }

  static final class SimulatedCrash extends RuntimeException {
    SimulatedCrash(Call call) {
      super("simulated crash before " + call);
    }
  }
}
