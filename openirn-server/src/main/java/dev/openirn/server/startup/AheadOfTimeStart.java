package dev.openirn.server.startup;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.aot.AotDetector;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;

/**
 * Keeps {@code -Dspring.aot.enabled=true} safe. With it the server uses the bean definitions the build
 * recorded ahead of time (Spring's AOT processing of the server's application class), which skips parsing the
 * configuration classes and evaluating their conditions at every start (docs/performance.md, cold start). Those
 * conditions were evaluated once, at build time, for the jar's own {@code application.yaml}: a setting that
 * changes which beans exist (an external {@code spring.datasource.url}, the sandbox switched off, a separate
 * management port, any other {@code spring.*}, {@code management.*}, {@code server.*} or {@code springdoc.*}
 * setting) would be silently ignored. When the environment carries such a setting, or the application is not
 * the one the build processed (the admin command), this turns the flag off before the context is created, and
 * the start resolves its beans at run time as without the flag.
 */
public final class AheadOfTimeStart implements ApplicationListener<ApplicationEnvironmentPreparedEvent> {

    static final String FLAG = "spring.aot.enabled";
    private static final Logger log = LoggerFactory.getLogger(AheadOfTimeStart.class);

    /** Prefixes (normalised by {@link #normalise}) of settings that may change which beans the server has. */
    private static final Set<String> FIXED_AT_BUILD = Set.of("spring.", "management.", "server.", "springdoc.",
            "openirn.sandbox.enabled", "openirn.retry.workerenabled");
    /**
     * Where an operator's settings come from besides configuration files outside the jar (Spring Boot's own sources,
     * such as the application's version, are the same at build time and run time).
     */
    private static final Set<String> OPERATOR_SOURCES = Set.of("commandLineArgs", "systemProperties",
            "systemEnvironment", "spring.application.json", "defaultProperties");
    /** Settings under those prefixes that only give a bean its value. */
    private static final Set<String> VALUES_ONLY = Set.of(FLAG, "server.port", "server.address");

    private final Class<?> processedAtBuild;

    /** {@code processedAtBuild}: the application class the build recorded bean definitions for. */
    public AheadOfTimeStart(Class<?> processedAtBuild) {
        this.processedAtBuild = processedAtBuild;
    }

    @Override
    public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
        if (!AotDetector.useGeneratedArtifacts()) {
            return;
        }
        if (!event.getSpringApplication().getAllSources().equals(Set.of(processedAtBuild))) {
            System.setProperty(FLAG, "false");
            return;
        }
        List<String> settings = settingsFixedAtBuild(event.getEnvironment());
        if (!settings.isEmpty()) {
            System.setProperty(FLAG, "false");
            log.warn("{} may change which beans the server has, and the ahead-of-time bean definitions were built without:"
                    + " this start resolves its beans at run time instead (slower to start, the same server)",
                    String.join(", ", settings));
        } else {
            log.info("Using the bean definitions prepared at build time ({}=true)", FLAG);
        }
    }

    /**
     * The settings an operator gave (the command line, system properties, environment variables, configuration
     * files outside the jar) that may change which beans exist. Names only: a value may be a secret.
     */
    static List<String> settingsFixedAtBuild(ConfigurableEnvironment environment) {
        return environment.getPropertySources().stream()
                .filter(source -> OPERATOR_SOURCES.contains(source.getName())
                        || source.getName().startsWith("Config resource") && !source.getName().contains("class path resource ["))
                .filter(EnumerablePropertySource.class::isInstance)
                .flatMap(source -> Stream.of(((EnumerablePropertySource<?>) source).getPropertyNames()))
                .filter(name -> {
                    String normalised = normalise(name);
                    return FIXED_AT_BUILD.stream().anyMatch(normalised::startsWith) && !VALUES_ONLY.contains(normalised);
                })
                .distinct()
                .toList();
    }

    /** One spelling for {@code spring.datasource.url}, {@code SPRING_DATASOURCE_URL} and dashed or camel-case names. */
    static String normalise(String name) {
        return name.toLowerCase(Locale.ROOT).replace('_', '.').replace("-", "");
    }
}
