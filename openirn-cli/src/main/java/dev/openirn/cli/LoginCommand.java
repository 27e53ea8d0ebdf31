package dev.openirn.cli;

import dev.openirn.client.EInvoiceQuery;
import dev.openirn.client.OpenIrnClient;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "login", description = {
        "Checks a client id and secret against the server and stores them as a profile, readable by you only.",
        "Asks for what is not given (the secret without echo); without a terminal it reads the missing values,",
        "one a line, from standard input."})
final class LoginCommand implements Callable<Integer> {

    @Option(names = "--profile", defaultValue = "default", description = "Profile name (default: ${DEFAULT-VALUE}).")
    String profile;

    @Option(names = "--base-url", description = "The server, e.g. http://localhost:8080 (asked when missing).")
    String baseUrl;

    @Option(names = "--client-id", description = "The OAuth client id, ofin_test_… or ofin_live_… (asked when missing).")
    String clientId;

    private final Map<String, String> environment;
    private final PrintStream out;
    private final PrintStream err;

    LoginCommand(Map<String, String> environment, PrintStream out, PrintStream err) {
        this.environment = environment;
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() throws Exception {
        Console console = System.console();
        BufferedReader stdin = console == null ? new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)) : null;
        String url = baseUrl != null ? baseUrl : ask(console, stdin, "Server URL [http://localhost:8080]: ", false);
        if (url == null || url.isBlank()) {
            url = "http://localhost:8080";
        }
        String id = clientId != null ? clientId : ask(console, stdin, "Client id: ", false);
        String secret = ask(console, stdin, "Client secret: ", true);
        if (id == null || id.isBlank() || secret == null || secret.isBlank()) {
            err.println("openirn: a client id and secret are needed");
            return ExitCodes.USAGE;
        }
        OpenIrnClient client = OpenIrnClient.builder().baseUrl(url.strip()).credentials(id.strip(), secret.strip()).maxAttempts(2).build();
        client.listEInvoices(EInvoiceQuery.all().limit(1)); // proves the URL and the credentials before anything is stored
        Profiles profiles = new Profiles(environment);
        profiles.save(profile, new Profiles.Profile(url.strip(), id.strip(), secret.strip()));
        out.println("Logged in to " + url.strip() + " as " + id.strip() + "; profile '" + profile + "' saved in " + profiles.file());
        return ExitCodes.OK;
    }

    private static String ask(Console console, BufferedReader stdin, String prompt, boolean secret) throws IOException {
        if (console != null) {
            return secret ? new String(console.readPassword("%s", prompt)) : console.readLine("%s", prompt);
        }
        return stdin.readLine();
    }
}
