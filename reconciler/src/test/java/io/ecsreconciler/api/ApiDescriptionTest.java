package io.ecsreconciler.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecsreconciler.app.RunningController;
import io.ecsreconciler.testing.AwsEmulator;
import io.ecsreconciler.testing.AwsEmulatorTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The API description the jar serves ({@code src/main/resources/api/openapi.json}, see ApiDescription) is the one
 * springdoc makes from the handlers as they are now, and Swagger UI shows it. springdoc runs here only (a test
 * dependency), on a path of its own. After a change to a handler or its annotations the first test fails: run it
 * with {@code -Dapi.description.write=true} to write the file, then review and commit it.
 */
@AwsEmulatorTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiDescriptionTest {

  static final Path FILE = Path.of("src/main/resources", ApiDescription.DESCRIPTION);
  /** Sorted and indented, so the committed file changes only where the API does. */
  private static final JsonMapper WRITER = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT)
      .enable(JsonNodeFeature.WRITE_PROPERTIES_SORTED).build();

  private RunningController controller;

  @BeforeAll
  void start(AwsEmulator emulator, @TempDir Path folder) {
    controller = RunningController.start(emulator, Map.of("reconciler.source.folder", folder.toString(),
        "springdoc.api-docs.enabled", "true", "springdoc.api-docs.path", "/springdoc/api-docs",
        "springdoc.paths-to-match", "/api/**"));
  }

  @AfterAll
  void stop() {
    controller.close();
  }

  @Test
  void theServedDescriptionIsTheOneSpringdocMakesFromTheHandlers() throws IOException {
    var made = (ObjectNode) controller.getJson("/springdoc/api-docs");
    made.remove("servers"); // the address springdoc was asked on; without it, clients use the one they asked
    if (Boolean.getBoolean("api.description.write")) {
      Files.writeString(FILE, WRITER.writeValueAsString(made) + "\n");
      System.out.println("Wrote " + FILE.toAbsolutePath() + ": review and commit it");
      return;
    }

    var served = controller.get("/v3/api-docs");

    assertThat(served.headers().firstValue("Content-Type")).contains("application/json");
    assertThat(controller.getJson("/v3/api-docs"))
        .as("%s is out of date with the API's handlers: run ./mvnw -pl reconciler test -Dtest=ApiDescriptionTest "
            + "-Dapi.description.write=true, review the file and commit it", FILE)
        .isEqualTo(made);
    assertThat(made.path("paths").propertyNames()).contains("/api/v1/stacks", "/api/v1/events", "/api/v1/preview");
    // springdoc's own converters keep Spring's response types out of the schemas
    assertThat(made.path("components").path("schemas").propertyNames())
        .isNotEmpty().doesNotContain("ContentDisposition", "HttpHeaders", "ResponseEntity");
    assertThat(made.path("components").path("securitySchemes").path("bearer").path("scheme").asString())
        .isEqualTo("bearer");
  }

  @Test
  void swaggerUiShowsTheDescription() {
    try (var browser = HeadlessChromium.start()) {
      browser.open(controller.uri("/swagger-ui.html").toString());

      assertThat(browser.awaitText(By.cssSelector(".info .title"), "ecs-reconciler", Duration.ofSeconds(20)))
          .contains("v1");
      assertThat(browser.awaitText(By.cssSelector(".opblock-summary-path[data-path='/api/v1/preview']"),
          "/api/v1/preview", Duration.ofSeconds(10))).isEqualTo("/api/v1/preview");
    }
  }

  @Test
  void neitherIsServedWhenDocsAreOff(AwsEmulator emulator, @TempDir Path folder) {
    try (var hidden = RunningController.start(emulator, Map.of("reconciler.source.folder", folder.toString(),
        "reconciler.api.docs", "false"))) {
      assertThat(hidden.get("/v3/api-docs").statusCode()).isEqualTo(404);
      assertThat(hidden.get("/swagger-ui.html").statusCode()).isEqualTo(404);
    }
    assertThat(controller.get("/swagger-ui.html").statusCode()).isEqualTo(200);
  }
}
