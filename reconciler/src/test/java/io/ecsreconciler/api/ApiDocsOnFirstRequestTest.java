package io.ecsreconciler.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecsreconciler.app.RunningController;
import io.ecsreconciler.testing.AwsEmulator;
import io.ecsreconciler.testing.AwsEmulatorTest;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * springdoc's beans are made at the first request for the API description or Swagger UI, not at start
 * (ApiDocsOnFirstRequest), and what they serve is what an eager start serves.
 */
@AwsEmulatorTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiDocsOnFirstRequestTest {

  /** The bean that builds swagger-core's Jackson 2 mapper, the description's endpoint, and its model converters. */
  private static final List<String> MADE_ON_FIRST_REQUEST =
      List.of("springdocObjectMapperProvider", "openApiResource", "modelConverterRegistrar", "indexPageTransformer");

  private RunningController controller;
  private Map<String, Boolean> madeAtStart;

  @BeforeAll
  void start(AwsEmulator emulator, @TempDir Path folder) {
    controller = RunningController.start(emulator, Map.of("reconciler.source.folder", folder.toString()));
    madeAtStart = MADE_ON_FIRST_REQUEST.stream()
        .collect(Collectors.toMap(name -> name, controller::made));
  }

  @AfterAll
  void stop() {
    controller.close();
  }

  @Test
  void noneOfThemIsMadeAtStart() {
    assertThat(madeAtStart).containsOnlyKeys(MADE_ON_FIRST_REQUEST).doesNotContainValue(true);
  }

  @Test
  void theDescriptionIsMadeWithSpringdocsModelConvertersInPlace() {
    var description = controller.getJson("/v3/api-docs");

    assertThat(description.path("paths").propertyNames()).contains("/api/v1/stacks", "/api/v1/events");
    // springdoc's converters (beans nothing asks for) keep Spring's own response types out of the schemas; made
    // lazily and not before the description, they were missing and ResponseEntity's headers showed up as schemas.
    assertThat(description.path("components").path("schemas").propertyNames())
        .isNotEmpty().doesNotContain("ContentDisposition", "HttpHeaders", "ResponseEntity");
    assertThat(MADE_ON_FIRST_REQUEST).allMatch(controller::made);
  }

  @Test
  void swaggerUiIsPointedAtTheDescription() {
    var page = controller.get("/swagger-ui/swagger-initializer.js");

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("\"configUrl\" : \"/v3/api-docs/swagger-config\"");
    var config = controller.getJson("/v3/api-docs/swagger-config");
    assertThat(config.path("url").asString()).isEqualTo("/v3/api-docs");
  }
}
