package dev.openirn.server.startup;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** Which settings keep a start from using the bean definitions recorded at build time (see {@link AheadOfTimeStart}). */
class AheadOfTimeStartTest {

    private static final String JAR_CONFIG = "Config resource 'class path resource [application.yaml]' via location 'optional:classpath:/'";
    private static final String FILE_CONFIG = "Config resource 'file [config/application.yaml]' via location 'optional:file:./config/'";

    @Test
    void theJarsOwnConfigurationAndValueSettingsKeepTheBuildsDefinitions() {
        StandardEnvironment environment = environment();
        environment.getPropertySources().addLast(new MapPropertySource(JAR_CONFIG,
                Map.of("spring.threads.virtual.enabled", "true", "management.endpoints.web.exposure.include", "health")));
        environment.getPropertySources().addFirst(new MapPropertySource("commandLineArgs", Map.of(
                "server.port", "8080", "openirn.data-dir", "/srv/openirn", "openirn.irp.sync-deadline", "2s",
                "logging.level.root", "WARN")));
        environment.getPropertySources().addFirst(new MapPropertySource("systemProperties", Map.of(
                "spring.aot.enabled", "true", "java.version", "17")));
        environment.getPropertySources().addLast(new MapPropertySource("applicationInfo", Map.of(
                "spring.application.version", "0.1.0")));

        assertThat(AheadOfTimeStart.settingsFixedAtBuild(environment)).isEmpty();
    }

    @Test
    void anExternalDatabaseInTheEnvironmentIsFixedAtBuild() {
        StandardEnvironment environment = environment();
        environment.getPropertySources().addLast(new SystemEnvironmentPropertySource("systemEnvironment", Map.of(
                "PATH", "/usr/bin", "OPENIRN_MASTER_KEY", "secret", "SPRING_DATASOURCE_URL", "jdbc:postgresql://db/openirn")));

        assertThat(AheadOfTimeStart.settingsFixedAtBuild(environment)).containsExactly("SPRING_DATASOURCE_URL");
    }

    @Test
    void theGatewaysOwnBeanSwitchesAreFixedAtBuildInAnySpelling() {
        for (Map.Entry<String, String> setting : Map.of(
                "commandLineArgs", "openirn.sandbox.enabled",
                "systemEnvironment", "OPENIRN_RETRY_WORKERENABLED",
                "systemProperties", "openirn.retry.worker-enabled",
                FILE_CONFIG, "management.server.port").entrySet()) {
            StandardEnvironment environment = environment();
            environment.getPropertySources().addFirst(new MapPropertySource(setting.getKey(), Map.of(setting.getValue(), "x")));

            assertThat(AheadOfTimeStart.settingsFixedAtBuild(environment)).as(setting.toString()).containsExactly(setting.getValue());
        }
    }

    /** An environment without the machine's own system properties and variables. */
    private static StandardEnvironment environment() {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().remove(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
        environment.getPropertySources().remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
        return environment;
    }
}
