package dev.openirn.server.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.SignedJWT;
import dev.openirn.server.ApiClient;
import dev.openirn.server.TestServers;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A data directory written by a version before password authentication and sealed signing keys: its
 * PostgreSQL trusts every local connection and its signing key is a clear JWK. It must keep working,
 * be secured on the first start, and keep the tokens it signed valid.
 */
class LegacyDataDirectoryTest {

    @Test
    void trustDataDirectoryWithClearSigningKeyIsSecuredAndKeepsItsKeyAndTokens() throws Exception {
        Path dataDir = Files.createTempDirectory("openirn-legacy-");
        Path postgres = dataDir.resolve("postgres");
        RSAKey legacyKey = new RSAKeyGenerator(2048).keyID("legacy-key").generate();
        try (EmbeddedPostgres old = EmbeddedPostgres.builder().setDataDirectory(postgres).setCleanDataDirectory(false).start()) {
            Flyway.configure().dataSource(old.getPostgresDatabase()).locations("classpath:db/migration").target("4").load().migrate();
            try (Connection connection = old.getPostgresDatabase().getConnection();
                    PreparedStatement insert = connection.prepareStatement(
                            "insert into signing_key (id, purpose, jwk) values (?, 'access-token', ?)")) {
                insert.setString(1, legacyKey.getKeyID());
                insert.setString(2, legacyKey.toJSONString());
                insert.executeUpdate();
            }
        }
        assertThat(EmbeddedDatabasePassword.file(postgres)).doesNotExist();

        String token;
        try {
            try (ConfigurableApplicationContext first = TestServers.start(dataDir)) {
                ApiClient api = new ApiClient(TestServers.port(first));
                token = api.token();
                SignedJWT jwt = SignedJWT.parse(token);
                assertThat(jwt.getHeader().getKeyID()).isEqualTo("legacy-key");
                assertThat(jwt.verify(new RSASSAVerifier(legacyKey.toRSAPublicKey()))).isTrue();

                Path passwordFile = EmbeddedDatabasePassword.file(postgres);
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(passwordFile))).isEqualTo("rw-------");
                String password = Files.readString(passwordFile, StandardCharsets.US_ASCII).strip();
                String url = RunningPostmaster.in(postgres).orElseThrow().jdbcUrl();
                assertThatThrownBy(() -> DriverManager.getConnection(url, "postgres", "postgres").close())
                        .hasMessageContaining("password authentication failed");
                try (Connection connection = DriverManager.getConnection(url, "postgres", password);
                        PreparedStatement select = connection.prepareStatement(
                                "select jwk, sealed_jwk from signing_key where purpose = 'access-token'");
                        ResultSet row = select.executeQuery()) {
                    row.next();
                    assertThat(row.getString(1)).as("clear JWK after the first start").isNull();
                    assertThat(row.getBytes(2)).isNotEmpty();
                }
            }
            try (ConfigurableApplicationContext second = TestServers.start(dataDir)) {
                ApiClient api = new ApiClient(TestServers.port(second)).withToken(token);
                ApiClient.Reply listed = api.get("/v1/einvoices?sellerGstin=29ABCDE1234F1Z5");
                assertThat(listed.status()).as(listed.body()).isEqualTo(200);
                assertThat(SignedJWT.parse(new ApiClient(TestServers.port(second)).token()).getHeader().getKeyID())
                        .isEqualTo("legacy-key");
            }
        } finally {
            PostmasterProcess.of(postgres).ifPresent(leftover -> leftover.stopFast(Duration.ofSeconds(30)));
        }
    }
}
