package io.ecsreconciler.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.support.ResourcePropertySource;

/**
 * Which settings the AOT-mode check refuses: those that decide beans and differ from the packaged
 * application.properties, wherever they come from. The AOT start itself is ControllerAotIT's.
 */
class BuildTimeChoicesTest {

  @Test
  void aSwitchTurnedOffOnTheCommandLineIsNamedWithItsValue() {
    var environment = environment(Map.of("management.endpoint.health.probes.enabled", "false", "server.port", "8081"),
        Map.of());

    assertThat(BuildTimeChoices.changedFromPackaged(environment))
        .containsExactly(Map.entry("management.endpoint.health.probes.enabled", "false"));
  }

  @Test
  void theSameValueAsPackagedIsNoChange() {
    var environment = environment(Map.of("management.endpoint.health.probes.enabled", "true",
        "management.endpoints.web.exposure.include", "health,prometheus"), Map.of());

    assertThat(BuildTimeChoices.changedFromPackaged(environment)).isEmpty();
  }

  @Test
  void environmentVariablesCountInTheirRelaxedForm() {
    var environment = environment(Map.of(), Map.of("SPRING_MVC_FORMCONTENT_FILTER_ENABLED", "true",
        "MANAGEMENT_ENDPOINTS_WEB_EXPOSURE_INCLUDE", "*", "FEATURE_ENABLED", "true", "PATH", "/usr/bin"));

    assertThat(BuildTimeChoices.changedFromPackaged(environment)).containsExactly(
        Map.entry("management.endpoints.web.exposure.include", "*"), Map.entry("spring.mvc.formcontent.filter.enabled",
            "true"));
  }

  @Test
  void anEnvironmentVariableWithThePackagedValueIsNoChange() {
    var environment = environment(Map.of(), Map.of("MANAGEMENT_ENDPOINT_HEALTH_PROBES_ENABLED", "true",
        "SPRING_MVC_FORMCONTENT_FILTER_ENABLED", "false"));

    assertThat(BuildTimeChoices.changedFromPackaged(environment)).isEmpty();
  }

  @Test
  void theControllersOwnSettingsAreChosenAtRunTime() {
    var environment = environment(Map.of("reconciler.source.type", "git", "reconciler.notify.webhook-url",
        "https://hooks.example.com/x", "reconciler.lease.type", "dynamodb"), Map.of());

    assertThat(BuildTimeChoices.changedFromPackaged(environment)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"spring.threads.virtual.enabled", "management.endpoint.health.probes.enabled",
      "management.endpoints.web.exposure.exclude", "management.endpoint.shutdown.access",
      "management.endpoints.access.default", "management.server.port", "spring.autoconfigure.exclude",
      "spring.autoconfigure.exclude[0]"})
  void settingsReadInConditionsDecideBeans(String name) {
    assertThat(BuildTimeChoices.decidesBeans(name)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"server.port", "reconciler.notify.enabled", "logging.level.root", "feature.enabled",
      "spring.application.name", "management.endpoint.health.show-details", "springdoc.api-docs.enabled",
      "spring.aot.enabled", "reconciler.api.docs"})
  void otherSettingsDoNot(String name) {
    assertThat(BuildTimeChoices.decidesBeans(name)).isFalse();
  }

  @Test
  void theMessageSaysWhatIsIgnoredAndHowToStartInstead() {
    assertThat(BuildTimeChoices.message(Map.of("management.endpoint.health.probes.enabled", "false"))).isEqualTo("""
        In Spring AOT mode (bin/reconciler's default) which beans exist was decided when the jar was built, with its \
        packaged application.properties, so these settings would be ignored:
          management.endpoint.health.probes.enabled=false
        Start without AOT mode to use them (RECONCILER_SPRING_AOT=false bin/reconciler ..., about 20 % slower to \
        start), or leave them at their packaged values.""");
  }

  /** As Spring Boot orders them: command line, then environment variables, then the packaged file. */
  private static StandardEnvironment environment(Map<String, Object> commandLine, Map<String, Object> variables) {
    try {
      var environment = new StandardEnvironment();
      var sources = environment.getPropertySources();
      sources.remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
      sources.remove(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
      sources.addLast(new MapPropertySource("commandLineArgs", commandLine));
      sources.addLast(new SystemEnvironmentPropertySource("systemEnvironment", variables));
      sources.addLast(new ResourcePropertySource("Config resource 'class path resource [application.properties]' "
          + "via location 'optional:classpath:/'", new ClassPathResource("application.properties")));
      return environment;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
