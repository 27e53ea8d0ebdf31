package dev.openirn.server.admin;

import dev.openirn.server.OpenIrnApplication;
import dev.openirn.server.OpenIrnProperties;
import dev.openirn.server.console.ConsoleUsers;
import dev.openirn.server.database.EarlyDatabaseStart;
import dev.openirn.server.database.EmbeddedPostgresConfiguration;
import dev.openirn.server.startup.AheadOfTimeStart;
import dev.openirn.server.tenancy.ApiClients;
import dev.openirn.server.tenancy.OrganizationPrintSettings;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * The Spring context the admin command runs in: the server's configuration (application.yaml,
 * environment, {@code --openirn.…} arguments), its database setup (embedded or external, Flyway) and
 * its client SQL, but no web server, no IRP sandbox and no retry worker.
 *
 * <p>Deliberately not a {@code @Configuration}: the server's component scan must not pick it up.
 */
@EnableAutoConfiguration
@EnableConfigurationProperties(OpenIrnProperties.class)
@Import({EmbeddedPostgresConfiguration.class, ApiClients.class, OrganizationPrintSettings.class, ConsoleUsers.class})
public class AdminContext {

    @Bean
    PasswordEncoder adminPasswordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    static ConfigurableApplicationContext start(String... springArguments) {
        Map<String, Object> defaults = new LinkedHashMap<>();
        defaults.put("logging.level.root", "WARN");
        defaults.put("spring.main.web-application-type", "none");
        return new SpringApplicationBuilder(AdminContext.class)
                .listeners(new AheadOfTimeStart(OpenIrnApplication.class), new EarlyDatabaseStart())
                .web(WebApplicationType.NONE)
                .bannerMode(Banner.Mode.OFF)
                .logStartupInfo(false)
                .properties(defaults)
                .run(springArguments);
    }
}
