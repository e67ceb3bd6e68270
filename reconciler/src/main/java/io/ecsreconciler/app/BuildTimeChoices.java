package io.ecsreconciler.app;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.springframework.aot.AotDetector;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Refuses to start, naming the property, when a setting that decides which beans exist differs from the one the jar
 * was built with, and the controller runs in Spring AOT mode. {@code bin/reconciler} starts it that way
 * ({@code -Dspring.aot.enabled=true}, about 20 % faster to serve and 8 MiB smaller): the bean definitions were
 * computed when the jar was built, with the packaged {@code application.properties}, so such a setting (an actuator
 * exposure, {@code management.endpoint.health.probes.enabled=false}, an excluded auto-configuration) would otherwise
 * be ignored without a word. The controller's own choices ({@code reconciler.*}: source, lease, notifications,
 * previews, API docs) are made at run time and are not concerned. Outside AOT mode (tests,
 * {@code java -jar}) this does nothing.
 */
final class BuildTimeChoices implements ApplicationListener<ApplicationEnvironmentPreparedEvent> {

  static final String PACKAGED = "application.properties";

  @Override
  public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
    if (AotDetector.useGeneratedArtifacts()) {
      var changed = changedFromPackaged(event.getEnvironment());
      if (!changed.isEmpty()) {
        throw new IllegalStateException(message(changed));
      }
    }
  }

  /** Each setting that decides beans and is set (command line, environment, a config file) unlike the packaged one. */
  static Map<String, String> changedFromPackaged(ConfigurableEnvironment environment) {
    var sources = ConfigurationPropertySources.get(environment);
    var packaged = packaged(sources);
    var changed = new TreeMap<String, String>();
    for (var source : sources) {
      if (source == packaged || !(source instanceof IterableConfigurationPropertySource iterable)) {
        continue;
      }
      iterable.stream().filter(name -> decidesBeans(name.toString())).forEach(name -> {
        var value = environment.getProperty(name.toString());
        if (!Objects.equals(value, valueIn(packaged, name))) {
          changed.put(name.toString(), value);
        }
      });
    }
    return changed;
  }

  /** The packaged application.properties as Spring has already loaded it (null when it has not). */
  private static ConfigurationPropertySource packaged(Iterable<ConfigurationPropertySource> sources) {
    for (var source : sources) {
      if (String.valueOf(source.getUnderlyingSource()).contains("[" + PACKAGED + "]")) {
        return source;
      }
    }
    return null;
  }

  /** The packaged file's value, found as Spring binds (MANAGEMENT_SERVER_PORT is management.server.port). */
  private static String valueIn(ConfigurationPropertySource packaged, ConfigurationPropertyName name) {
    var property = packaged == null ? null : packaged.getConfigurationProperty(name);
    return property == null ? null : String.valueOf(property.getValue());
  }

  /**
   * Properties that Spring Boot and its actuator read in conditions: their {@code *.enabled} switches,
   * actuator exposure and access, the management server, excluded auto-configurations. Only in their namespaces,
   * so an unrelated environment variable such as {@code FOO_ENABLED} is not taken for one.
   */
  static boolean decidesBeans(String name) {
    var uniform = uniform(name);
    if (!uniform.startsWith("spring.") && !uniform.startsWith("management.")) {
      return false;
    }
    return uniform.endsWith(".enabled") && !uniform.equals("spring.aot.enabled")
        || uniform.startsWith("management.endpoints.web.exposure.")
        || uniform.startsWith("management.endpoints.access.")
        || uniform.startsWith("management.endpoint.") && uniform.endsWith(".access")
        || uniform.startsWith("management.server.") || uniform.startsWith("spring.autoconfigure.exclude");
  }

  static String message(Map<String, String> changed) {
    var lines = new StringBuilder("In Spring AOT mode (bin/reconciler's default) which beans exist was decided when "
        + "the jar was built, with its packaged " + PACKAGED + ", so these settings would be ignored:");
    changed.forEach((name, value) -> lines.append("\n  ").append(name).append('=').append(value));
    return lines.append("\nStart without AOT mode to use them (RECONCILER_SPRING_AOT=false bin/reconciler ..., "
        + "about 20 % slower to start), or leave them at their packaged values.").toString();
  }

  /** Case and dashes do not matter, as in relaxed binding (MANAGEMENT_SERVER_PORT is management.server.port). */
  private static String uniform(String name) {
    return name.replace("-", "").toLowerCase(Locale.ROOT);
  }
}
