package dev.openirn.server;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** Starts extra, fully real servers in the test JVM (restarts, second nodes) on a random port. */
public final class TestServers {

    private TestServers() {
    }

    /** A server on {@code dataDir} with the test bootstrap client, plus any further {@code --key=value} arguments. */
    public static ConfigurableApplicationContext start(Path dataDir, String... arguments) {
        List<String> all = new ArrayList<>(List.of("--server.port=0", "--openirn.data-dir=" + dataDir,
                "--openirn.bootstrap.client-id=" + ApiClient.CLIENT_ID,
                "--openirn.bootstrap.client-secret=" + ApiClient.CLIENT_SECRET));
        all.addAll(List.of(arguments));
        return new SpringApplicationBuilder(OpenIrnApplication.class).run(all.toArray(String[]::new));
    }

    public static int port(ConfigurableApplicationContext context) {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }
}
