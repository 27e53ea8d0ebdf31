package dev.openirn.server.admin;

import dev.openirn.server.console.ConsoleRole;
import dev.openirn.server.console.ConsoleUsers;
import dev.openirn.server.tenancy.ApiClients;
import dev.openirn.server.tenancy.ApiEnvironment;
import dev.openirn.server.tenancy.ClientSummary;
import dev.openirn.server.tenancy.IssuedClient;
import dev.openirn.server.tenancy.OrganizationPrintSettings;
import dev.openirn.server.tenancy.RateLimitOverrides;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code java -jar openirn-server.jar admin …}: organizations and API clients, against the same database
 * the server uses (embedded or external, server running or not). Arguments of the form
 * {@code --spring.…=…}, {@code --openirn.…=…} and {@code --logging.…=…} configure the database exactly as
 * for the server and are passed to Spring; the rest is the command.
 */
@Command(name = "admin", mixinStandardHelpOptions = true,
        description = "Manage organizations and API clients in the OpenIRN database.",
        subcommands = {AdminCommand.CreateOrg.class, AdminCommand.CreateClient.class, AdminCommand.ListClients.class,
                AdminCommand.RotateSecret.class, AdminCommand.DisableClient.class, AdminCommand.SetRateLimits.class,
                AdminCommand.SetPrintSettings.class, AdminCommand.CreateUser.class})
public final class AdminCommand {

    /** Exit codes: 0 done, 1 refused (e.g. unknown client), 2 bad usage. */
    public static final int REFUSED = 1;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Function<String[], ConfigurableApplicationContext> contexts;
    private final String[] springArguments;

    private AdminCommand(Function<String[], ConfigurableApplicationContext> contexts, String[] springArguments) {
        this.contexts = contexts;
        this.springArguments = springArguments;
    }

    /** Entry point from {@code OpenIrnApplication.main}; returns the process exit code. */
    public static int run(String... arguments) {
        return run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), arguments);
    }

    public static int run(PrintWriter out, PrintWriter err, String... arguments) {
        List<String> spring = new ArrayList<>();
        List<String> command = new ArrayList<>();
        for (String argument : arguments) {
            if (isSpringArgument(argument)) {
                spring.add(argument);
            } else {
                command.add(argument);
            }
        }
        AdminCommand admin = new AdminCommand(AdminContext::start, spring.toArray(String[]::new));
        CommandLine line = new CommandLine(admin, new Factory(admin));
        line.setOut(out);
        line.setErr(err);
        int code = line.execute(command.toArray(String[]::new));
        out.flush();
        err.flush();
        return code;
    }

    private static boolean isSpringArgument(String argument) {
        return argument.startsWith("--spring.") || argument.startsWith("--openirn.")
                || argument.startsWith("--logging.") || argument.startsWith("--server.");
    }

    /** Runs {@code work} with the client repository of a freshly started admin context, then closes it. */
    <T> T withClients(Function<ApiClients, T> work) {
        try (ConfigurableApplicationContext context = contexts.apply(springArguments)) {
            return work.apply(context.getBean(ApiClients.class));
        }
    }

    /** Runs {@code work} with the organization and print-settings repositories of a freshly started admin context. */
    <T> T withPrintSettings(BiFunction<ApiClients, OrganizationPrintSettings, T> work) {
        try (ConfigurableApplicationContext context = contexts.apply(springArguments)) {
            return work.apply(context.getBean(ApiClients.class), context.getBean(OrganizationPrintSettings.class));
        }
    }

    /** Runs {@code work} with the client and console-user repositories of a freshly started admin context. */
    <T> T withUsers(BiFunction<ApiClients, ConsoleUsers, T> work) {
        try (ConfigurableApplicationContext context = contexts.apply(springArguments)) {
            return work.apply(context.getBean(ApiClients.class), context.getBean(ConsoleUsers.class));
        }
    }

    /** Lets subcommands reach their parent without static state. */
    private record Factory(AdminCommand admin) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> type) throws Exception {
            if (type == AdminCommand.class) {
                return type.cast(admin);
            }
            return CommandLine.defaultFactory().create(type);
        }
    }

    abstract static class Subcommand implements Callable<Integer> {
        @CommandLine.ParentCommand
        AdminCommand admin;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--json", description = "Print one JSON object instead of text.")
        boolean json;

        PrintWriter out() {
            return spec.commandLine().getOut();
        }

        PrintWriter err() {
            return spec.commandLine().getErr();
        }

        void print(Map<String, Object> values) {
            if (json) {
                out().println(JSON.writeValueAsString(values));
            } else {
                values.forEach((key, value) -> out().println(key + ": " + (value == null ? "" : value)));
            }
        }

        int refuse(String message) {
            err().println(message);
            return REFUSED;
        }
    }

    @Command(name = "create-org", mixinStandardHelpOptions = true, description = "Create an organization (tenant).")
    static final class CreateOrg extends Subcommand {
        @Option(names = "--name", required = true, description = "Unique organization name, e.g. acme.")
        String name;

        @Override
        public Integer call() {
            if (name.isBlank()) {
                return refuse("--name must not be blank");
            }
            Optional<String> id = admin.withClients(clients -> clients.createOrganization(name.strip()));
            if (id.isEmpty()) {
                return refuse("Organization " + name + " already exists");
            }
            Map<String, Object> values = new LinkedHashMap<>();
            values.put("organizationId", id.get());
            values.put("name", name.strip());
            print(values);
            return 0;
        }
    }

    @Command(name = "create-client", mixinStandardHelpOptions = true, description = "Create an API client; its secret is printed once and never stored in plain text.")
    static final class CreateClient extends Subcommand {
        @Option(names = "--org", required = true, description = "Organization name.")
        String organization;

        @Option(names = "--env", required = true, description = "test or live.")
        String environment;

        @Option(names = "--profile", description = "Validation profile: strict or lenient (default: lenient for test, strict for live).")
        String profile;

        @Option(names = "--label", description = "Free text to recognise the client by.")
        String label;

        @Option(names = "--rate-limit", description = "API requests per minute (default openirn.rate-limit.api).")
        Integer apiRateLimit;

        @Option(names = "--credential-rate-limit", description = "Credential writes per minute (default openirn.rate-limit.credentials).")
        Integer credentialRateLimit;

        @Option(names = "--token-rate-limit", description = "Token requests per minute (default openirn.rate-limit.token).")
        Integer tokenRateLimit;

        @Override
        public Integer call() {
            ApiEnvironment env;
            try {
                env = ApiEnvironment.fromWireName(environment);
            } catch (IllegalArgumentException e) {
                return refuse("--env must be test or live");
            }
            if (profile != null && !List.of("strict", "lenient").contains(profile.toLowerCase(Locale.ROOT))) {
                return refuse("--profile must be strict or lenient");
            }
            if (!positive(apiRateLimit) || !positive(credentialRateLimit) || !positive(tokenRateLimit)) {
                return refuse("Rate limits must be positive");
            }
            Optional<IssuedClient> issued = admin.withClients(clients -> clients.organizationIdByName(organization)
                    .map(org -> clients.create(org, env, profile, null, null, label,
                            new RateLimitOverrides(apiRateLimit, credentialRateLimit, tokenRateLimit))));
            if (issued.isEmpty()) {
                return refuse("No organization named " + organization + " (create it with admin create-org --name "
                        + organization + ")");
            }
            print(issuedValues(issued.get()));
            return 0;
        }
    }

    @Command(name = "list-clients", mixinStandardHelpOptions = true, description = "List API clients (never their secrets).")
    static final class ListClients extends Subcommand {
        @Option(names = "--org", description = "Only this organization.")
        String organization;

        @Override
        public Integer call() {
            List<ClientSummary> clients = admin.withClients(repository -> repository.summaries(organization));
            if (json) {
                out().println(JSON.writeValueAsString(Map.of("clients", clients.stream().map(ListClients::values).toList())));
                return 0;
            }
            out().printf("%-40s %-20s %-5s %-8s %-9s %s%n", "CLIENT ID", "ORGANIZATION", "ENV", "PROFILE", "STATUS", "LABEL");
            for (ClientSummary c : clients) {
                out().printf("%-40s %-20s %-5s %-8s %-9s %s%n", c.clientId(), c.organizationName(), c.environment(),
                        c.profile(), c.status(), c.label() == null ? "" : c.label());
            }
            return 0;
        }

        private static Map<String, Object> values(ClientSummary c) {
            Map<String, Object> values = new LinkedHashMap<>();
            values.put("clientId", c.clientId());
            values.put("organizationId", c.organizationId());
            values.put("organization", c.organizationName());
            values.put("environment", c.environment());
            values.put("profile", c.profile());
            values.put("status", c.status());
            values.put("label", c.label());
            values.put("apiRateLimit", c.apiRateLimit());
            values.put("credentialRateLimit", c.credentialRateLimit());
            values.put("tokenRateLimit", c.tokenRateLimit());
            values.put("createdAt", c.createdAt() == null ? null : c.createdAt().toString());
            values.put("secretRotatedAt", c.secretRotatedAt() == null ? null : c.secretRotatedAt().toString());
            return values;
        }
    }

    @Command(name = "rotate-secret", mixinStandardHelpOptions = true, description = "Issue a new secret; the old one stops working immediately.")
    static final class RotateSecret extends Subcommand {
        @Parameters(index = "0", paramLabel = "CLIENT_ID")
        String clientId;

        @Override
        public Integer call() {
            Optional<IssuedClient> issued = admin.withClients(clients -> clients.rotateSecret(clientId));
            if (issued.isEmpty()) {
                return refuse("No client " + clientId);
            }
            print(issuedValues(issued.get()));
            return 0;
        }
    }

    @Command(name = "disable-client", mixinStandardHelpOptions = true, description = "Disable a client: no new tokens, and its current tokens are refused.")
    static final class DisableClient extends Subcommand {
        @Parameters(index = "0", paramLabel = "CLIENT_ID")
        String clientId;

        @Override
        public Integer call() {
            if (!admin.withClients(clients -> clients.disable(clientId))) {
                return refuse("No client " + clientId);
            }
            Map<String, Object> values = new LinkedHashMap<>();
            values.put("clientId", clientId);
            values.put("status", "disabled");
            print(values);
            return 0;
        }
    }

    @Command(name = "set-rate-limits", mixinStandardHelpOptions = true, description = "Set a client's per-minute limits; an omitted limit returns to the default.")
    static final class SetRateLimits extends Subcommand {
        @Parameters(index = "0", paramLabel = "CLIENT_ID")
        String clientId;

        @Option(names = "--rate-limit", description = "API requests per minute.")
        Integer apiRateLimit;

        @Option(names = "--credential-rate-limit", description = "Credential writes per minute.")
        Integer credentialRateLimit;

        @Option(names = "--token-rate-limit", description = "Token requests per minute.")
        Integer tokenRateLimit;

        @Override
        public Integer call() {
            if (!positive(apiRateLimit) || !positive(credentialRateLimit) || !positive(tokenRateLimit)) {
                return refuse("Rate limits must be positive");
            }
            RateLimitOverrides limits = new RateLimitOverrides(apiRateLimit, credentialRateLimit, tokenRateLimit);
            if (!admin.withClients(clients -> clients.setRateLimits(clientId, limits))) {
                return refuse("No client " + clientId);
            }
            Map<String, Object> values = new LinkedHashMap<>();
            values.put("clientId", clientId);
            values.put("apiRateLimit", apiRateLimit);
            values.put("credentialRateLimit", credentialRateLimit);
            values.put("tokenRateLimit", tokenRateLimit);
            print(values);
            return 0;
        }
    }

    @Command(name = "set-print-settings", mixinStandardHelpOptions = true,
            description = "Set an organization's footer text and logo for printed e-invoices; what is not set falls back to openirn.printing.*.")
    static final class SetPrintSettings extends Subcommand {
        @Option(names = "--org", required = true, description = "Organization name or id.")
        String organization;

        @Option(names = "--footer-text", description = "Printed at the foot of every page; at most 300 characters, newlines allowed.")
        String footerText;

        @Option(names = "--logo-file", description = "A PNG or JPEG of at most 512 KiB, printed at the top left.")
        Path logoFile;

        @Option(names = "--clear-logo", description = "Remove the organization's logo (the global one applies again).")
        boolean clearLogo;

        @Option(names = "--clear-footer", description = "Remove the organization's footer text (the global one applies again).")
        boolean clearFooter;

        @Override
        public Integer call() {
            if (footerText == null && logoFile == null && !clearLogo && !clearFooter) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "Give at least one of --footer-text, --logo-file, --clear-logo, --clear-footer");
            }
            if (footerText != null && clearFooter || logoFile != null && clearLogo) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--footer-text and --clear-footer, or --logo-file and --clear-logo, cannot be combined");
            }
            if (footerText != null) {
                Optional<String> problem = OrganizationPrintSettings.footerProblem(footerText);
                if (problem.isPresent()) {
                    return refuse(problem.get());
                }
            }
            byte[] logo = null;
            String logoType = null;
            if (logoFile != null) {
                try {
                    if (Files.size(logoFile) > OrganizationPrintSettings.MAX_LOGO_BYTES) {
                        return refuse("--logo-file must be at most 512 KiB");
                    }
                    logo = Files.readAllBytes(logoFile);
                } catch (IOException e) {
                    return refuse("Cannot read --logo-file " + logoFile + ": " + e.getMessage());
                }
                Optional<String> type = OrganizationPrintSettings.logoContentType(logo);
                if (type.isEmpty()) {
                    return refuse("--logo-file must be a readable PNG or JPEG image");
                }
                logoType = type.get();
            }
            OrganizationPrintSettings.Change change = new OrganizationPrintSettings.Change(footerText, clearFooter, logo,
                    logoType, clearLogo);
            Optional<Map<String, Object>> stored = admin.withPrintSettings((clients, settings) ->
                    clients.organizationIdByNameOrId(organization).map(id -> {
                        OrganizationPrintSettings.Settings now = settings.apply(id, change);
                        Map<String, Object> values = new LinkedHashMap<>();
                        values.put("organizationId", id);
                        values.put("footerText", now.footerText());
                        values.put("logoContentType", now.logoContentType());
                        values.put("logoBytes", now.logo() == null ? null : now.logo().length);
                        return values;
                    }));
            if (stored.isEmpty()) {
                return refuse("No organization named " + organization);
            }
            print(stored.get());
            return 0;
        }
    }

    @Command(name = "create-user", mixinStandardHelpOptions = true,
            description = "Create a console user (/console). Without --password one is generated, printed once, and must be "
                    + "changed at the first sign-in.")
    static final class CreateUser extends Subcommand {
        @Option(names = "--org", description = "Organization name or id; omit with --role admin for an instance admin who sees every organization.")
        String organization;

        @Option(names = "--email", required = true, description = "The user's email, their sign-in name.")
        String email;

        @Option(names = "--role", required = true, description = "admin, operator or viewer.")
        String role;

        @Option(names = "--password", description = "Initial password (at least 12 characters); otherwise one is generated.")
        String password;

        @Override
        public Integer call() {
            Optional<ConsoleRole> chosen = ConsoleRole.fromWireName(role);
            if (chosen.isEmpty()) {
                return refuse("--role must be admin, operator or viewer");
            }
            if (organization == null && chosen.get() != ConsoleRole.ADMIN) {
                return refuse("--org is required unless --role admin (an instance admin)");
            }
            if (email.isBlank() || !email.contains("@") || email.length() > 254) {
                return refuse("--email must be an email address");
            }
            if (password != null && password.length() < 12) {
                return refuse("--password must have at least 12 characters");
            }
            record Outcome(String problem, ConsoleUsers.Created created) {
            }
            Outcome outcome = admin.withUsers((clients, users) -> {
                String organizationId = null;
                if (organization != null) {
                    Optional<String> id = clients.organizationIdByNameOrId(organization);
                    if (id.isEmpty()) {
                        return new Outcome("No organization named " + organization + " (create it with admin create-org --name "
                                + organization + ")", null);
                    }
                    organizationId = id.get();
                }
                return users.create(organizationId, email, chosen.get(), password)
                        .map(created -> new Outcome(null, created))
                        .orElseGet(() -> new Outcome("A console user with email " + email.strip() + " already exists", null));
            });
            if (outcome.problem() != null) {
                return refuse(outcome.problem());
            }
            Map<String, Object> values = new LinkedHashMap<>();
            values.put("userId", outcome.created().user().id());
            values.put("email", outcome.created().user().email());
            values.put("organizationId", outcome.created().user().organizationId());
            values.put("role", outcome.created().user().role().wireName());
            if (outcome.created().generated()) {
                values.put("password", outcome.created().password());
                values.put("mustChangePassword", true);
            }
            print(values);
            return 0;
        }
    }

    private static boolean positive(Integer limit) {
        return limit == null || limit > 0;
    }

    private static Map<String, Object> issuedValues(IssuedClient issued) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("clientId", issued.clientId());
        values.put("clientSecret", issued.clientSecret());
        values.put("organizationId", issued.organizationId());
        values.put("environment", issued.environment().wireName());
        values.put("profile", issued.profile());
        return values;
    }
}
