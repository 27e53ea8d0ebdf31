package dev.openirn.server.startup;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * {@code openirn.startup.exit-when-ready=true}: start completely (database, migrations, web server),
 * then shut down cleanly and exit. The build runs the server this way once with
 * {@code -XX:ArchiveClassesAtExit} to record the class-data-sharing archive that makes later starts
 * faster; the clean shutdown also stops the embedded PostgreSQL it started.
 */
@Component
@ConditionalOnProperty(name = "openirn.startup.exit-when-ready", havingValue = "true")
class ExitWhenReady {

    private static final Logger log = LoggerFactory.getLogger(ExitWhenReady.class);

    @EventListener(ApplicationReadyEvent.class)
    void exit(ApplicationReadyEvent ready) {
        ConfigurableApplicationContext context = ready.getApplicationContext();
        log.info("Started; exiting as openirn.startup.exit-when-ready asks");
        System.exit(SpringApplication.exit(context));
    }
}
