package dev.openirn.server.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.openirn.server.OpenIrnProperties;
import dev.openirn.server.ServerTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The shared test server's embedded PostgreSQL, with its default settings. */
class EmbeddedDatabaseSecurityTest extends ServerTest {

    @Autowired
    OpenIrnProperties properties;

    @Autowired
    JdbcClient jdbc;

    @Test
    void embeddedDatabaseFlushesEveryCommitToDisk() {
        assertThat(jdbc.sql("show fsync").query(String.class).single()).isEqualTo("on");
        assertThat(jdbc.sql("show full_page_writes").query(String.class).single()).isEqualTo("on");
        assertThat(jdbc.sql("show synchronous_commit").query(String.class).single()).isEqualTo("on");
    }

    @Test
    void passwordFileIsReadableByItsOwnerOnly() throws Exception {
        Path file = EmbeddedDatabasePassword.file(postgresDirectory());
        assertThat(file).isRegularFile();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(Files.readString(file, StandardCharsets.US_ASCII).strip()).hasSizeGreaterThanOrEqualTo(32);
    }

    @Test
    void connectionWithoutTheRightPasswordIsRefused() throws Exception {
        String url = RunningPostmaster.in(postgresDirectory()).orElseThrow().jdbcUrl();
        String password = Files.readString(EmbeddedDatabasePassword.file(postgresDirectory()), StandardCharsets.US_ASCII).strip();

        assertThatThrownBy(() -> connect(url, null)).isInstanceOf(SQLException.class);
        assertThatThrownBy(() -> connect(url, "postgres")).isInstanceOf(SQLException.class)
                .hasMessageContaining("password authentication failed");
        try (Connection connection = connect(url, password)) {
            assertThat(connection.isValid(5)).isTrue();
        }
    }

    @Test
    void signingKeyRowHoldsNoClearPrivateKey() {
        api.token(); // the signing key exists once a token was issued
        var row = jdbc.sql("select jwk, sealed_jwk, wrapped_data_key, master_key_id from signing_key where purpose = 'access-token'")
                .query((rs, n) -> new Object[] {rs.getString(1), rs.getBytes(2), rs.getBytes(3), rs.getString(4)}).single();
        assertThat(row[0]).as("clear JWK column").isNull();
        assertThat((byte[]) row[1]).isNotEmpty();
        assertThat(new String((byte[]) row[1], StandardCharsets.ISO_8859_1)).doesNotContain("\"d\"").doesNotContain("RSA");
        assertThat((byte[]) row[2]).isNotEmpty();
        assertThat((String) row[3]).startsWith("mk_");
    }

    private Path postgresDirectory() {
        return properties.dataDir().resolve("postgres").toAbsolutePath();
    }

    private static Connection connect(String url, String password) throws SQLException {
        Properties connection = new Properties();
        connection.setProperty("user", "postgres");
        if (password != null) {
            connection.setProperty("password", password);
        }
        return DriverManager.getConnection(url, connection);
    }
}
