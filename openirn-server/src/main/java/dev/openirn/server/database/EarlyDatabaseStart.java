package dev.openirn.server.database;

import dev.openirn.server.OpenIrnProperties;
import dev.openirn.server.database.EmbeddedPostgresConfiguration.EmbeddedDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.flywaydb.core.Flyway;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationContextInitializedEvent;
import org.springframework.boot.context.event.ApplicationFailedEvent;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.event.SpringApplicationEvent;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;

/**
 * Starts the data directory's embedded PostgreSQL on a thread of its own as soon as the context's
 * configuration is known, and brings its schema up to date there, so that both (initdb on a new directory, waiting for
 * the postmaster, the migrations) overlap the parsing of the context's configuration classes instead of
 * following it (docs/performance.md, cold start). The {@code embeddedDatabase} bean takes the started
 * database over and stops it with the context; one nobody took (the context failed first, or it serves
 * another directory) is stopped here.
 *
 * <p>The migrations run early only with Spring Boot's default Flyway settings (no {@code spring.flyway.*}
 * given), which this reproduces; otherwise, or if they fail here, the context's Flyway runs them as
 * always and reports what failed.
 *
 * <p>The server's {@code main} and the admin command add it to their application (the tests through their
 * own {@code META-INF/spring.factories}); not registered in the jar's, so no other application with this jar
 * on its class path gets it. It acts only for OpenIRN's own applications all the same.
 */
public final class EarlyDatabaseStart implements ApplicationListener<SpringApplicationEvent> {

    private static final Logger log = LoggerFactory.getLogger(EarlyDatabaseStart.class);
    private static final String BEAN_NAME = "openirnEarlyDatabaseStart";
    /** Set by Spring while the build records the ahead-of-time bean definitions. */
    private static final String AOT_PROCESSING = "spring.aot.processing";

    private Pending pending;

    @Override
    public void onApplicationEvent(SpringApplicationEvent event) {
        // Once the initializers ran (tests add their properties there), the environment is the one the context gets.
        if (event instanceof ApplicationContextInitializedEvent initialized && isOpenIrn(event)
                && !initialized.getApplicationContext().getBeanFactory().containsSingleton(BEAN_NAME)) {
            ConfigurableApplicationContext context = initialized.getApplicationContext();
            start(context.getEnvironment());
            if (pending != null) {
                context.getBeanFactory().registerSingleton(BEAN_NAME, pending);
            }
        } else if ((event instanceof ApplicationReadyEvent || event instanceof ApplicationFailedEvent) && pending != null) {
            pending.stopIfNotTaken();
        }
    }

    private static boolean isOpenIrn(SpringApplicationEvent event) {
        return event.getSpringApplication().getAllSources().stream()
                .anyMatch(source -> source instanceof Class<?> type && type.getName().startsWith("dev.openirn.server."));
    }

    private void start(ConfigurableEnvironment environment) {
        // The build's ahead-of-time processing runs main to record the bean definitions: nothing to serve there.
        if (!EmbeddedPostgresConfiguration.isEmbedded(environment) || Boolean.getBoolean(AOT_PROCESSING)) {
            return;
        }
        // The same binding OpenIrnProperties gets later, with its default.
        Path dataDir = Binder.get(environment).bind("openirn.data-dir", Path.class)
                .orElse(Path.of(OpenIrnProperties.DEFAULT_DATA_DIR));
        Path directory = EmbeddedPostgresConfiguration.directory(dataDir);
        boolean migrate = !setsFlyway(environment);
        CompletableFuture<EmbeddedDatabase> database = new CompletableFuture<>();
        Pending started = new Pending(directory, database);
        Thread starter = new Thread(() -> {
            EmbeddedDatabase opened;
            try {
                opened = EmbeddedPostgresConfiguration.open(directory);
            } catch (IOException | RuntimeException | Error e) {
                database.completeExceptionally(e);
                return;
            }
            if (migrate) {
                started.migrated = migrate(opened);
            }
            database.complete(opened);
        }, "embedded-postgres-start");
        starter.setDaemon(true);
        starter.start();
        pending = started;
    }

    private static boolean setsFlyway(ConfigurableEnvironment environment) {
        for (PropertySource<?> source : environment.getPropertySources()) {
            if (source instanceof EnumerablePropertySource<?> enumerable) {
                for (String name : enumerable.getPropertyNames()) {
                    if (name.toLowerCase(Locale.ROOT).replace('_', '.').startsWith("spring.flyway")) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** Spring Boot's Flyway with its defaults (db/migration into the connection's schema); false if it failed. */
    private static boolean migrate(EmbeddedDatabase database) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(database.jdbcUrl());
        dataSource.setUser("postgres");
        dataSource.setPassword(database.password());
        try {
            Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
            return true;
        } catch (RuntimeException e) {
            log.debug("Early migration failed; the context's Flyway runs it again and reports why", e);
            return false;
        }
    }

    /** A start under way: the bean takes it if it is for the bean's directory. */
    public static final class Pending {
        private final Path directory;
        private final CompletableFuture<EmbeddedDatabase> database;
        private final AtomicBoolean taken = new AtomicBoolean();
        private volatile boolean migrated;
        private volatile boolean handedOver;

        Pending(Path directory, CompletableFuture<EmbeddedDatabase> database) {
            this.directory = directory;
            this.database = database;
        }

        /** The database started for {@code wanted}, waiting for its start; empty if it was started for another directory. */
        Optional<EmbeddedDatabase> takeIfFor(Path wanted) throws IOException {
            if (!directory.normalize().equals(wanted.normalize()) || !taken.compareAndSet(false, true)) {
                return Optional.empty();
            }
            try {
                EmbeddedDatabase started = database.join();
                handedOver = true;
                return Optional.of(started);
            } catch (CompletionException e) {
                if (e.getCause() instanceof IOException io) {
                    throw io;
                }
                if (e.getCause() instanceof RuntimeException runtime) {
                    throw runtime;
                }
                throw e;
            }
        }

        /** True if the bean took this database and its schema was brought up to date: the context need not migrate it. */
        boolean migrated() {
            return handedOver && migrated;
        }

        /** Stops the database if nobody took it, once its start finished: nothing this started outlives the failure. */
        void stopIfNotTaken() {
            if (!taken.compareAndSet(false, true)) {
                return;
            }
            EmbeddedDatabase started;
            try {
                started = database.join();
            } catch (CompletionException failedToStart) {
                return;
            }
            try {
                started.close();
                log.info("Stopped the embedded PostgreSQL in {}: the context did not take it", directory);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
