package io.ecsreconciler.hello;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.helidon.webserver.WebServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Real HTTP against the running server, as the load balancer sees it. */
class HelloTest {

  private static final HttpClient HTTP = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5))
      .build();
  private static WebServer server;

  @BeforeAll
  static void start() {
    server = Hello.start(0);
  }

  @AfterAll
  static void stop() {
    server.stop();
  }

  @Nested
  class GetHello {

    @Test
    void answersExactlyHelloWorldWithNoTrailingNewline() throws Exception {
      HttpResponse<String> response = send("GET", "/hello");

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).isEqualTo("Hello world");
    }

    @Test
    void labelsTheBodyAsPlainText() throws Exception {
      assertThat(send("GET", "/hello").headers().firstValue("Content-Type"))
          .hasValue("text/plain; charset=UTF-8");
    }

    @Test
    void headAnswersLikeGetWithoutTheBody() throws Exception {
      HttpResponse<String> response = send("HEAD", "/hello");

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).isEmpty();
    }

    @Test
    void keepsConnectionsOpenLongerThanTheLoadBalancer() throws Exception {
      assertThat(send("GET", "/hello").headers().firstValue("Connection")).hasValue("keep-alive");
      assertThat(Hello.IDLE_CONNECTION_TIMEOUT).isGreaterThan(Duration.ofSeconds(60));
    }
  }

  @Nested
  class OtherRequests {

    @ParameterizedTest(name = "GET {0} is not found")
    @ValueSource(strings = {"/", "/nope", "/hello/", "/hello/x", "/actuator/health", "/observe/health"})
    void nothingElseIsServed(String path) throws Exception {
      assertThat(send("GET", path).statusCode()).isEqualTo(404);
    }

    @ParameterizedTest(name = "{0} /hello is refused with 405")
    @ValueSource(strings = {"POST", "PUT", "DELETE", "PATCH", "OPTIONS"})
    void otherMethodsOnHelloAreNotAllowed(String method) throws Exception {
      HttpResponse<String> response = send(method, "/hello");

      assertThat(response.statusCode()).isEqualTo(405);
      assertThat(response.headers().firstValue("Allow")).hasValue("GET, HEAD");
    }
  }

  @Nested
  class Port {

    @Test
    void is8888WhenPortIsUnsetOrBlank() {
      assertThat(Hello.port(null)).isEqualTo(8888);
      assertThat(Hello.port(" ")).isEqualTo(8888);
    }

    @Test
    void comesFromThePortVariable() {
      assertThat(Hello.port("9999")).isEqualTo(9999);
      assertThat(Hello.port("0")).isZero();
    }

    @ParameterizedTest(name = "PORT={0} is refused")
    @ValueSource(strings = {"http", "-1", "65536", "8888.0"})
    void refusesWhatIsNotAPort(String value) {
      assertThatIllegalArgumentException().isThrownBy(() -> Hello.port(value))
          .withMessage("PORT must be a port number from 0 to 65535 (0: any free port), not '" + value + "'");
    }
  }

  private static HttpResponse<String> send(String method, String path) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
        .method(method, HttpRequest.BodyPublishers.noBody())
        .timeout(Duration.ofSeconds(5))
        .build();
    return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
  }
}
