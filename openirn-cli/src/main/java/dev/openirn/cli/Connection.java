package dev.openirn.cli;

import dev.openirn.client.OpenIrnClient;
import java.io.IOException;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Where and as whom to connect: {@code OPENIRN_BASE_URL}, {@code OPENIRN_CLIENT_ID} and {@code OPENIRN_CLIENT_SECRET}
 * when all three are set (scripts, CI), else the profile {@code openirn login} stored.
 */
final class Connection {

    @Option(names = "--profile", defaultValue = "default", description = "Profile stored by `openirn login` (default: ${DEFAULT-VALUE}).")
    String profile;

    /** Thrown when there is nothing to connect with; exit code 4. */
    static final class NotLoggedIn extends RuntimeException {
        NotLoggedIn(String message) {
            super(message);
        }
    }

    Profiles.Profile resolve(Map<String, String> environment) throws IOException {
        String baseUrl = environment.get("OPENIRN_BASE_URL");
        String clientId = environment.get("OPENIRN_CLIENT_ID");
        String clientSecret = environment.get("OPENIRN_CLIENT_SECRET");
        if (notBlank(baseUrl) && notBlank(clientId) && notBlank(clientSecret)) {
            return new Profiles.Profile(baseUrl, clientId, clientSecret);
        }
        Profiles.Profile stored = new Profiles(environment).load(profile);
        if (stored == null) {
            throw new NotLoggedIn("not logged in: run `openirn login` (profile '" + profile
                    + "'), or set OPENIRN_BASE_URL, OPENIRN_CLIENT_ID and OPENIRN_CLIENT_SECRET");
        }
        return stored;
    }

    OpenIrnClient client(Map<String, String> environment) throws IOException {
        Profiles.Profile connection = resolve(environment);
        return OpenIrnClient.builder().baseUrl(connection.baseUrl()).credentials(connection.clientId(), connection.clientSecret())
                .userAgent("openirn-cli/0.1").build();
    }

    private static boolean notBlank(String text) {
        return text != null && !text.isBlank();
    }
}
