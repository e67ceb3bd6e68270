package io.ecsreconciler.hello;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Real HTTP against the running server, as the load balancer sees it; no MockMvc. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class HelloApplicationTest {

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final URI server;

    HelloApplicationTest(@LocalServerPort int port) {
        this.server = URI.create("http://localhost:" + port);
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
            HttpResponse<String> response = send("GET", "/hello");

            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("text/plain"));
        }
    }

    @Nested
    class OtherRequests {

        @Test
        void unknownPathIsNotFound() throws Exception {
            assertThat(send("GET", "/nope").statusCode()).isEqualTo(404);
        }

        @ParameterizedTest(name = "{0} /hello is refused with 405")
        @ValueSource(strings = {"POST", "PUT", "DELETE"})
        void otherMethodsOnHelloAreNotAllowed(String method) throws Exception {
            HttpResponse<String> response = send(method, "/hello");

            assertThat(response.statusCode()).isEqualTo(405);
            assertThat(response.headers().firstValue("Allow")).hasValueSatisfying(
                    allow -> assertThat(allow).contains("GET"));
        }
    }

    @Nested
    class Actuator {

        @Test
        void healthReportsUp() throws Exception {
            HttpResponse<String> response = send("GET", "/actuator/health");

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(JsonPath.<String>read(response.body(), "$.status")).isEqualTo("UP");
        }

        @Test
        void endpointsOtherThanHealthAreNotExposed() throws Exception {
            assertThat(send("GET", "/actuator/env").statusCode()).isEqualTo(404);
        }
    }

    private HttpResponse<String> send(String method, String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(server.resolve(path))
                .method(method, HttpRequest.BodyPublishers.noBody())
                .timeout(Duration.ofSeconds(5))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
