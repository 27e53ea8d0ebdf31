package dev.openirn.server.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.openirn.server.OpenIrnApplication;
import dev.openirn.server.ServerTest;
import dev.openirn.server.database.EmbeddedPostgresConfiguration.EmbeddedDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The embedded PostgreSQL started (and migrated) beside the context's start, and what happens when that start fails. */
class EarlyDatabaseStartTest extends ServerTest {

    @Autowired
    ApplicationContext context;

    @Autowired
    EmbeddedDatabase database;

    @Autowired
    JdbcClient jdbc;

    @Test
    void theServerRunsOnTheDatabaseStartedEarlyWhoseSchemaWasMigratedThere() {
        EarlyDatabaseStart.Pending pending = context.getBean(EarlyDatabaseStart.Pending.class);
        assertThat(pending.migrated()).as("taken by the bean, schema migrated before the context needed it").isTrue();
        assertThat(database.owned()).as("this process started it, so it stops it").isNotNull();
        assertThat(jdbc.sql("select count(*) from flyway_schema_history where not success").query(Long.class).single()).isZero();
        assertThat(jdbc.sql("select count(*) from einvoice").query(Long.class).single()).isNotNegative();
    }

    @Test
    void aContextThatFailsBeforeTakingItStopsTheDatabaseStartedForIt(@TempDir Path dataDir) {
        // An exclusion that is no auto-configuration fails while the configuration classes are parsed: before any bean.
        assertThatThrownBy(() -> new SpringApplicationBuilder(OpenIrnApplication.class).run("--server.port=0",
                "--openirn.data-dir=" + dataDir, "--spring.autoconfigure.exclude=" + EarlyDatabaseStart.class.getName()))
                .hasMessageContaining("could not be excluded");

        Path postgres = dataDir.resolve("postgres");
        assertThat(postgres.resolve("PG_VERSION")).as("the database was started early").isRegularFile();
        assertThat(RunningPostmaster.in(postgres)).as("and is stopped again").isEmpty();
        assertThat(Files.exists(postgres.resolve("postmaster.pid"))).isFalse();
    }
}
