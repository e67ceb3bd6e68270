package io.ecsreconciler.hello;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.StandardEnvironment;

/**
 * Boots the real configuration without a web server and without the machine's environment variables, so the
 * answer depends only on the packaged application.properties: not on a PORT set on this machine, nor on
 * whether 8888 happens to be free.
 */
class DefaultPortTest {

    @Test
    void portIs8888WhenPortIsUnset() {
        assertThat(serverPortWith(Map.of())).isEqualTo("8888");
    }

    @Test
    void portVariableOverridesTheDefault() {
        assertThat(serverPortWith(Map.of("PORT", "9999"))).isEqualTo("9999");
    }

    private static String serverPortWith(Map<String, Object> environmentVariables) {
        StandardEnvironment environment = new StandardEnvironment() {
            @Override
            protected void customizePropertySources(MutablePropertySources sources) {
                sources.addLast(new MapPropertySource("environmentVariables", environmentVariables));
            }
        };
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(HelloApplication.class)
                .main(HelloApplication.class)
                .web(WebApplicationType.NONE)
                .environment(environment)
                .run()) {
            return context.getEnvironment().getProperty("server.port");
        }
    }
}
