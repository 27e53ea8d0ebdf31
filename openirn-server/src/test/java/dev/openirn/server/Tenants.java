package dev.openirn.server;

import dev.openirn.server.tenancy.ApiClients;
import dev.openirn.server.tenancy.ApiEnvironment;
import dev.openirn.server.tenancy.IssuedClient;
import dev.openirn.server.tenancy.RateLimitOverrides;

/** Creates organizations and clients straight in the database, for tests that need more than one tenant. */
public final class Tenants {

    private final ApiClients clients;
    private final int port;

    public Tenants(ApiClients clients, int port) {
        this.clients = clients;
        this.port = port;
    }

    public record Tenant(String organizationId, IssuedClient client, ApiClient api) {
    }

    public Tenant client(String organization, ApiEnvironment environment, String profile, RateLimitOverrides limits) {
        String organizationId = clients.ensureOrganization(organization);
        IssuedClient issued = clients.create(organizationId, environment, profile, null, null, "test", limits);
        ApiClient anonymous = new ApiClient(port);
        return new Tenant(organizationId, issued, anonymous.withToken(anonymous.token(issued.clientId(), issued.clientSecret())));
    }

    public Tenant client(String organization, ApiEnvironment environment) {
        return client(organization, environment, null, RateLimitOverrides.DEFAULTS);
    }
}
