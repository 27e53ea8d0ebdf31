package dev.openirn.server.tenancy;

import dev.openirn.server.OpenIrnProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationContext;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * On a database with no client at all, creates one test client so that a newcomer can run the
 * quickstart at once. Its credentials are printed once, with a ready-to-paste token request.
 */
@Component
public class BootstrapClient implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(BootstrapClient.class);

    private final ApiClients clients;
    private final OpenIrnProperties properties;
    private final TransactionTemplate transactions;
    private final ApplicationContext context;

    public BootstrapClient(ApiClients clients, OpenIrnProperties properties, TransactionTemplate transactions,
            ApplicationContext context) {
        this.clients = clients;
        this.properties = properties;
        this.transactions = transactions;
        this.context = context;
    }

    @Override
    public void run(ApplicationArguments args) {
        IssuedClient issued = transactions.execute(status -> {
            clients.lockBootstrap();
            if (clients.count() > 0) {
                return null;
            }
            String organizationId = clients.ensureOrganization(properties.bootstrap().organization());
            return clients.create(organizationId, ApiEnvironment.TEST, null, blankToNull(properties.bootstrap().clientId()),
                    blankToNull(properties.bootstrap().clientSecret()));
        });
        if (issued == null) {
            return;
        }
        log.info("Created bootstrap test client {} for organization {}", issued.clientId(), issued.organizationId());
        if (properties.bootstrap().clientSecret() == null) {
            System.out.println(banner(issued));
        }
    }

    private String banner(IssuedClient issued) {
        int port = context instanceof WebServerApplicationContext web && web.getWebServer() != null
                ? web.getWebServer().getPort() : 8080;
        String tokenPath = "/realms/" + properties.auth().realm() + "/protocol/openid-connect/token";
        return """

                ======================================================================
                 OpenIRN created a test API client (shown once; store the secret now):
                   client_id     = %s
                   client_secret = %s
                 Get a token:
                   curl -X POST 'http://localhost:%d%s' \\
                     -H 'Content-Type: application/x-www-form-urlencoded' \\
                     -d 'grant_type=client_credentials' \\
                     -d 'client_id=%s' \\
                     -d 'client_secret=%s' \\
                     -d 'scope=%s'
                ======================================================================
                """.formatted(issued.clientId(), issued.clientSecret(), port, tokenPath, issued.clientId(),
                issued.clientSecret(), properties.auth().scope());
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
