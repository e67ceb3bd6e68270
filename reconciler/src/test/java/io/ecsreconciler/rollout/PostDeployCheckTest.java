package io.ecsreconciler.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ecsreconciler.desired.StackSpec;
import io.ecsreconciler.testing.StandInService;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The post-deploy check against a real local HTTP server standing in for the load balancer. */
class PostDeployCheckTest {

  private StandInService service;

  @BeforeEach
  void start() {
    service = StandInService.start();
  }

  @AfterEach
  void stop() {
    service.close();
  }

  private PostDeployCheck.Result check(StackSpec.Verify verify) {
    return new PostDeployCheck(Optional.of(ConnectTo.parse(service.connectTo())), Duration.ofMillis(10))
        .check("hello-alb-1.us-east-1.elb.amazonaws.com", 80, verify);
  }

  private static StackSpec.Verify verify(int expected, String bodyContains, int attempts) {
    return new StackSpec.Verify("/hello", expected, bodyContains, attempts, 2, StackSpec.OnFailure.REPORT);
  }

  @Test
  void passesWhenStatusAndBodyAreAsExpected() {
    var result = check(verify(200, "Hello world", 3));

    assertThat(result.passed()).as(result.detail()).isTrue();
    assertThat(service.requests()).isEqualTo(1);
  }

  @Test
  void failsOnAnotherStatusAfterEveryAttempt() {
    service.answer(500, "");

    var result = check(verify(200, "", 3));

    assertThat(result.passed()).isFalse();
    assertThat(result.detail()).matches("GET http://127\\.0\\.0\\.1:\\d+/hello answered 500, expected 200 \\(3 attempt\\(s\\)\\)");
    assertThat(service.requests()).isEqualTo(3);
  }

  @Test
  void failsOnABodyWithoutTheExpectedText() {
    service.answer(200, "<h1>Maintenance</h1>");

    var result = check(verify(200, "Hello world", 1));

    assertThat(result.passed()).isFalse();
    assertThat(result.detail()).contains("without \"Hello world\" in its body: \"<h1>Maintenance</h1>\"");
  }

  @Test
  void failsWhenNothingAnswers() {
    service.close();

    var result = check(verify(200, "", 1));

    assertThat(result.passed()).isFalse();
    assertThat(result.detail()).contains("failed: ConnectException");
  }

  @Test
  void connectToMatchesLikeCurlsOption() {
    assertThat(ConnectTo.parse("::127.0.0.1:8888").matches("any.example", 80)).isTrue();
    assertThat(ConnectTo.parse("a.example:80:127.0.0.1:8888").matches("b.example", 80)).isFalse();
    assertThat(ConnectTo.parse("a.example:80:127.0.0.1:8888").matches("A.EXAMPLE", 81)).isFalse();
    assertThatThrownBy(() -> ConnectTo.parse("127.0.0.1:8888")).hasMessageContaining("HOST1:PORT1:HOST2:PORT2");
    assertThatThrownBy(() -> ConnectTo.parse("::127.0.0.1:99999")).hasMessageContaining("1-65535");
  }
}
