package dev.openirn.sandbox;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/** One embedded PostgreSQL for the whole test run (in a temp dir); each sandbox gets its own schema. */
final class TestDatabase {

    private static EmbeddedPostgres postgres;
    private static final AtomicInteger SCHEMAS = new AtomicInteger();

    private TestDatabase() {
    }

    static synchronized DataSource dataSource() {
        if (postgres == null) {
            try {
                Path dataDir = Files.createTempDirectory("irp-sandbox-pg");
                postgres = EmbeddedPostgres.builder().setDataDirectory(dataDir).setCleanDataDirectory(true).start();
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        postgres.close();
                    } catch (IOException ignored) {
                        // The JVM is going away anyway.
                    }
                }));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return postgres.getPostgresDatabase();
    }

    static String freshSchema() {
        return "irp_sandbox_t" + SCHEMAS.incrementAndGet();
    }
}
