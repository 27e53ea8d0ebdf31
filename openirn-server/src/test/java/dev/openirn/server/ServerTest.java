package dev.openirn.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of the API tests: one real server (embedded PostgreSQL, in-process sandbox over loopback
 * HTTP) shared by every test class that extends this without changing the configuration. Each
 * application context gets its own fresh data directory, so a subclass with extra configuration
 * (its own context) never collides with the shared one's PostgreSQL.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class ServerTest {

    @LocalServerPort
    protected int port;

    protected ApiClient api;

    @DynamicPropertySource
    static void serverProperties(DynamicPropertyRegistry registry) {
        Path dataDir = newDataDir(); // this method runs once per application context
        registry.add("openirn.data-dir", dataDir::toString);
        registry.add("openirn.bootstrap.client-id", () -> ApiClient.CLIENT_ID);
        registry.add("openirn.bootstrap.client-secret", () -> ApiClient.CLIENT_SECRET);
        java.util.stream.Stream.of("api", "credentials", "token").forEach(bucket -> registry.add("openirn.rate-limit." + bucket, () -> "100000"));
    }

    @BeforeEach
    void connect() {
        api = new ApiClient(port);
    }

    static Path newDataDir() {
        try {
            return Files.createTempDirectory("openirn-test-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
