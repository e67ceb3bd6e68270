package io.ecsreconciler.testing.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.ecsreconciler.aws.ApiCallCounter;
import io.ecsreconciler.aws.AwsClients;
import io.ecsreconciler.testing.AwsEmulator;
import io.ecsreconciler.testing.AwsEmulatorTest;
import java.util.List;
import java.util.function.Function;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.DefaultRetryStrategy;
import software.amazon.awssdk.services.applicationautoscaling.ApplicationAutoScalingClient;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.iam.IamClient;

class FaultProxyTest {

  @Nested
  class Draws {
    @Test
    void theSameSeedInjectsTheSameFaultsAndAnotherSeedOthers() {
      var call = new AwsCall("ec2", "DescribeVpcs", AwsCall.Protocol.EC2_QUERY);
      Function<FaultMix, List<FaultMix.Decision>> draws = mix ->
          LongStream.range(0, 200).mapToObj(n -> mix.decide(call, n)).toList();

      assertThat(draws.apply(FaultMix.mixed())).isEqualTo(draws.apply(FaultMix.mixed()));
      assertThat(draws.apply(FaultMix.mixed())).isNotEqualTo(draws.apply(FaultMix.mixed().withSeed(7)));
    }

    @Test
    void throttlingOnAFifthOfCallsHitsAboutAFifth() {
      var call = new AwsCall("ecs", "DescribeServices", AwsCall.Protocol.JSON);
      var throttled = LongStream.range(0, 10_000).mapToObj(n -> FaultMix.mixed().decide(call, n))
          .filter(d -> d.fault().filter(f -> f == Fault.THROTTLING).isPresent()).count();

      assertThat(throttled).isBetween(1_800L, 2_200L);
    }
  }

  @Nested
  @AwsEmulatorTest
  class AgainstTheEmulator {

    private final AwsEmulator emulator;
    private final FaultProxy proxy;
    private final UrlConnectionHttpClient http = (UrlConnectionHttpClient) UrlConnectionHttpClient.create();

    AgainstTheEmulator(AwsEmulator emulator) {
      this.emulator = emulator;
      this.proxy = FaultProxy.start(emulator.endpoint());
    }

    @AfterEach
    void closeProxy() {
      proxy.close();
      http.close();
    }

    /** A client through the proxy that tries once: what the SDK makes of one answer. */
    private <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C once(B builder) {
      return builder.endpointOverride(proxy.uri()).region(Region.US_EAST_1).httpClient(http)
          .credentialsProvider(StaticCredentialsProvider.create(
              AwsBasicCredentials.create(AwsEmulator.ACCESS_KEY_ID, AwsEmulator.SECRET_ACCESS_KEY)))
          .overrideConfiguration(o -> o.retryStrategy(DefaultRetryStrategy.doNotRetry()))
          .build();
    }

    private static AwsServiceException serviceError(Runnable call) {
      return catchThrowableOfType(AwsServiceException.class, call::run);
    }

    @Test
    void eachServiceIsThrottledAsItsProtocolDoesItAndTheSdkKnowsItForThrottling() {
      proxy.mix(FaultMix.only(Fault.THROTTLING, 1.0));

      var errors = List.of(
          serviceError(() -> once(Ec2Client.builder()).describeVpcs()),
          serviceError(() -> once(ElasticLoadBalancingV2Client.builder()).describeLoadBalancers()),
          serviceError(() -> once(IamClient.builder()).listRoles()),
          serviceError(() -> once(EcsClient.builder()).listClusters()),
          serviceError(() -> once(EcrClient.builder()).describeRepositories()),
          serviceError(() -> once(CloudWatchLogsClient.builder()).describeLogGroups()),
          serviceError(() -> once(DynamoDbClient.builder()).listTables()),
          serviceError(() -> once(ApplicationAutoScalingClient.builder()).describeScalableTargets(r -> r
              .serviceNamespace("ecs"))));

      assertThat(errors).extracting(e -> e.statusCode() + " " + e.awsErrorDetails().errorCode()).containsExactly(
          "503 RequestLimitExceeded", "400 Throttling", "400 Throttling", "400 ThrottlingException",
          "400 ThrottlingException", "400 ThrottlingException", "400 ThrottlingException", "400 ThrottlingException");
      assertThat(errors).allMatch(AwsServiceException::isThrottlingException, "a throttling error to the SDK");
      assertThat(proxy.counts().requestsByCall()).containsOnlyKeys("ec2:DescribeVpcs",
          "elasticloadbalancing:DescribeLoadBalancers", "iam:ListRoles", "ecs:ListClusters",
          "ecr:DescribeRepositories", "logs:DescribeLogGroups", "dynamodb:ListTables",
          "application-autoscaling:DescribeScalableTargets");
      assertThat(proxy.counts().faults(Fault.THROTTLING)).isEqualTo(8);
    }

    @Test
    void serverErrorsAre500And503WithEachProtocolsCode() {
      proxy.mix(FaultMix.only(Fault.SERVER_ERROR, 1.0));
      var ec2 = serviceError(() -> once(Ec2Client.builder()).describeVpcs());
      var elb = serviceError(() -> once(ElasticLoadBalancingV2Client.builder()).describeLoadBalancers());
      var ecs = serviceError(() -> once(EcsClient.builder()).listClusters());
      proxy.mix(FaultMix.only(Fault.UNAVAILABLE, 1.0));
      var ec2Unavailable = serviceError(() -> once(Ec2Client.builder()).describeVpcs());
      var ecsUnavailable = serviceError(() -> once(EcsClient.builder()).listClusters());

      assertThat(List.of(ec2, elb, ecs, ec2Unavailable, ecsUnavailable))
          .extracting(e -> e.statusCode() + " " + e.awsErrorDetails().errorCode())
          .containsExactly("500 InternalError", "500 InternalFailure", "500 InternalError", "503 Unavailable",
              "503 ServiceUnavailable");
      assertThat(List.of(ec2, elb, ecs, ec2Unavailable, ecsUnavailable)).allMatch(e -> !e.isThrottlingException());
    }

    @Test
    void aResetCallReachesNothingAndTheClientSeesAnIoError() {
      proxy.mix(FaultMix.only(Fault.RESET, 1.0));

      var error = catchThrowableOfType(SdkClientException.class,
          () -> once(Ec2Client.builder()).createVpc(r -> r.cidrBlock("10.77.0.0/16")));

      assertThat(error).isNotNull();
      assertThat(vpcsWithCidr("10.77.0.0/16")).isZero();
      assertThat(proxy.counts().forwardedMutations()).isZero();
    }

    @Test
    void aLostAnswerLeavesWhatAwsDidAndTheClientSeesAnIoError() {
      proxy.mix(FaultMix.only(Fault.LOST_RESPONSE, 1.0));

      var error = catchThrowableOfType(SdkClientException.class,
          () -> once(Ec2Client.builder()).createVpc(r -> r.cidrBlock("10.77.0.0/16")));

      assertThat(error).isNotNull();
      assertThat(vpcsWithCidr("10.77.0.0/16")).isEqualTo(proxy.counts().forwardedMutations()).isPositive();
    }

    /**
     * What the reconciler's own clients (adaptive retries, three attempts) do when a create's answer is lost:
     * the SDK sends it again, and AWS makes a second VPC. Why the engine must find twins ({@code Found}).
     */
    @Test
    void theSdkRetriesACreateWhoseAnswerWasLostAndAwsMakesATwin() {
      try (var clients = AwsClients.create(emulator.settings().withEndpoint(proxy.uri()), new ApiCallCounter())) {
        proxy.mix(FaultMix.only(Fault.LOST_RESPONSE, 1.0));

        var error = catchThrowableOfType(SdkClientException.class,
            () -> clients.ec2().createVpc(r -> r.cidrBlock("10.77.0.0/16")));

        assertThat(error).isNotNull();
        assertThat(clients.counter().attempts()).isEqualTo(3);
        assertThat(vpcsWithCidr("10.77.0.0/16")).isEqualTo(proxy.counts().requests("ec2:CreateVpc"))
            .isEqualTo(3);
      }
    }

    @Test
    void anOutageResetsEveryCallAndCountsThem() {
      proxy.outage(true);
      var error = catchThrowableOfType(SdkClientException.class, () -> once(EcsClient.builder()).listClusters());
      proxy.outage(false);
      once(EcsClient.builder()).listClusters();

      assertThat(error).isNotNull();
      assertThat(proxy.counts().faults(Fault.OUTAGE)).isEqualTo(1);
      assertThat(proxy.counts().requests("ecs:ListClusters")).isEqualTo(2);
    }

    @Test
    void theWatcherSeesEachMutatingCallAfterAwsGotItAndCanDropItsAnswer() {
      var seen = new java.util.concurrent.CopyOnWriteArrayList<String>();
      proxy.watchMutations((call, number) -> {
        seen.add(number + " " + call.name());
        return number != 2;
      });
      var ec2 = once(Ec2Client.builder());

      ec2.describeVpcs();
      ec2.createVpc(r -> r.cidrBlock("10.77.0.0/16"));
      var dropped = catchThrowableOfType(SdkClientException.class, () -> ec2.createVpc(r -> r.cidrBlock("10.78.0.0/16")));

      assertThat(seen).containsExactly("1 ec2:CreateVpc", "2 ec2:CreateVpc");
      assertThat(dropped).isNotNull();
      assertThat(vpcsWithCidr("10.78.0.0/16")).isEqualTo(1);
      assertThat(proxy.counts().forwardedMutations()).isEqualTo(2);
    }

    private long vpcsWithCidr(String cidr) {
      return emulator.cli("ec2", "describe-vpcs", "--filters", "Name=cidr-block-association.cidr-block,Values=" + cidr)
          .assertOk().json().path("Vpcs").size();
    }
  }
}
