package dev.openirn.server.database;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Refuses to start on a PostgreSQL that does not flush its writes to disk ({@code fsync=off}), embedded or
 * external: an invoice the IRP has registered could vanish with a power loss, and then be registered twice.
 * {@code openirn.database.allow-unsafe-fsync=true} overrides this, for throw-away databases only.
 */
@Component
@EnableConfigurationProperties(DatabaseProperties.class)
class DatabaseDurabilityCheck implements InitializingBean {

    private static final Logger log = LoggerFactory.getLogger(DatabaseDurabilityCheck.class);

    private final JdbcClient jdbc;
    private final DatabaseProperties properties;

    DatabaseDurabilityCheck(JdbcClient jdbc, DatabaseProperties properties) {
        this.jdbc = jdbc;
        this.properties = properties;
    }

    @Override
    public void afterPropertiesSet() {
        String fsync = jdbc.sql("show fsync").query(String.class).single();
        String fullPageWrites = jdbc.sql("show full_page_writes").query(String.class).single();
        if (!"on".equalsIgnoreCase(fsync)) {
            if (!properties.allowUnsafeFsync()) {
                throw new IllegalStateException("The database runs with fsync=" + fsync + ": a crash or power loss can lose "
                        + "committed invoices. Turn fsync on in PostgreSQL, or set openirn.database.allow-unsafe-fsync=true "
                        + "for a database whose data may be lost.");
            }
            log.warn("The database runs with fsync={}; allowed by openirn.database.allow-unsafe-fsync, committed data can "
                    + "be lost on a crash", fsync);
        }
        if (!"on".equalsIgnoreCase(fullPageWrites)) {
            log.warn("The database runs with full_page_writes={}: safe only on a file system that never tears pages", fullPageWrites);
        }
    }
}
