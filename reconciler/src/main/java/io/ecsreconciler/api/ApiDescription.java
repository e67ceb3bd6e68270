package io.ecsreconciler.api;

import io.ecsreconciler.app.ControllerProperties;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The API's OpenAPI description ({@code /v3/api-docs}) and Swagger UI ({@code /swagger-ui.html}), both files in the
 * jar. springdoc writes the description from the handlers' annotations, in a test (ApiDescriptionTest, which fails
 * when the file is out of date); the page loads Swagger UI from its web jar. Running springdoc in the controller
 * cost about 0.15 s of every start and 770 classes of its AOT cache (bench/FOOTPRINT.md), for a page few open.
 * {@code reconciler.api.docs=false} hides both.
 */
@RestController
@OpenAPIDefinition(info = @Info(title = "ecs-reconciler", version = "v1",
    description = "Status and control of the controller that converges ECS stacks with their desired state in Git"))
@SecurityScheme(name = "bearer", type = SecuritySchemeType.HTTP, scheme = "bearer",
    description = "The controller's reconciler.api.token")
class ApiDescription {

  static final String DESCRIPTION = "api/openapi.json";
  static final String SWAGGER_UI = "api/swagger-ui.html";

  private final boolean served;

  ApiDescription(ControllerProperties properties) {
    this.served = properties.api().docs();
  }

  @GetMapping(value = "/v3/api-docs", produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<Resource> description() {
    return file(DESCRIPTION);
  }

  @GetMapping(value = "/swagger-ui.html", produces = "text/html;charset=UTF-8")
  ResponseEntity<Resource> swaggerUi() {
    return file(SWAGGER_UI);
  }

  private ResponseEntity<Resource> file(String path) {
    return served ? ResponseEntity.ok(new ClassPathResource(path)) : ResponseEntity.notFound().build();
  }
}
