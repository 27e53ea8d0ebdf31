package dev.openirn.server.auth;

import dev.openirn.server.OpenIrnProperties;
import dev.openirn.server.tenancy.ApiClient;
import dev.openirn.server.tenancy.ApiClients;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.OAuth2TokenFormat;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;
import org.springframework.stereotype.Component;

/** Presents our API clients to the authorization server; a disabled or unknown client is simply absent. */
@Component
class ClientRegistrations implements RegisteredClientRepository {

    static final String ORGANIZATION_SETTING = "openirn.organization-id";
    static final String ENVIRONMENT_SETTING = "openirn.environment";
    static final String PROFILE_SETTING = "openirn.profile";
    /** Read in the same row as the secret hash, so a token carries the generation of the secret that got it. */
    static final String TOKEN_GENERATION_SETTING = "openirn.token-generation";

    private final ApiClients clients;
    private final OpenIrnProperties properties;

    ClientRegistrations(ApiClients clients, OpenIrnProperties properties) {
        this.clients = clients;
        this.properties = properties;
    }

    @Override
    public void save(RegisteredClient registeredClient) {
        throw new UnsupportedOperationException("Clients are managed with the admin command");
    }

    @Override
    public RegisteredClient findById(String id) {
        return findByClientId(id);
    }

    @Override
    public RegisteredClient findByClientId(String clientId) {
        return clients.find(clientId).filter(ApiClient::active).map(this::toRegisteredClient).orElse(null);
    }

    private RegisteredClient toRegisteredClient(ApiClient client) {
        return RegisteredClient.withId(client.clientId())
                .clientId(client.clientId())
                .clientSecret(client.secretHash())
                .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST)
                .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                .authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
                .scope(properties.auth().scope())
                .clientSettings(ClientSettings.builder()
                        .setting(ORGANIZATION_SETTING, client.organizationId())
                        .setting(ENVIRONMENT_SETTING, client.environment().wireName())
                        .setting(PROFILE_SETTING, client.profile())
                        .setting(TOKEN_GENERATION_SETTING, client.tokenGeneration())
                        .build())
                .tokenSettings(TokenSettings.builder()
                        .accessTokenFormat(OAuth2TokenFormat.SELF_CONTAINED)
                        .accessTokenTimeToLive(properties.auth().tokenTtl())
                        .build())
                .build();
    }
}
