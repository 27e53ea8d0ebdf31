package dev.openirn.server.startup;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * {@code openirn.startup.exit-when-ready=true}: start completely (database, migrations, web server),
 * then shut down cleanly and exit. The build runs the server this way once with
 * {@code -XX:ArchiveClassesAtExit} to record the class-data-sharing archive that makes later starts
 * faster; the clean shutdown also stops the embedded PostgreSQL it started.
 *
 * <p>Always a bean, the setting read when the server is ready: the ahead-of-time bean definitions the build
 * records (see {@link AheadOfTimeStart}) fix every condition, and the training start uses them.
 */
@Component
class ExitWhenReady {

    static final String SETTING = "openirn.startup.exit-when-ready";
    private static final Logger log = LoggerFactory.getLogger(ExitWhenReady.class);

    @EventListener(ApplicationReadyEvent.class)
    void exit(ApplicationReadyEvent ready) {
        ConfigurableApplicationContext context = ready.getApplicationContext();
        if (!context.getEnvironment().getProperty(SETTING, Boolean.class, false)) {
            return;
        }
        log.info("Started; exiting as {} asks", SETTING);
        System.exit(SpringApplication.exit(context));
    }
}
