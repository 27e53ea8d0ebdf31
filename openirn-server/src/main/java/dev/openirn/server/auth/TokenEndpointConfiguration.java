package dev.openirn.server.auth;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import dev.openirn.server.OpenIrnProperties;
import dev.openirn.server.ratelimit.RateLimits;
import dev.openirn.server.ratelimit.TokenRateLimitFilter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.oauth2.server.authorization.OAuth2AuthorizationServerConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.preauth.AbstractPreAuthenticatedProcessingFilter;

/**
 * The Keycloak-shaped token endpoint the OneFinOps quickstart calls, on Spring Authorization
 * Server: client credentials only, RS256 JWTs that pin the tenant and the environment.
 */
@Configuration(proxyBeanMethods = false)
class TokenEndpointConfiguration {

    @Bean
    @Order(1)
    SecurityFilterChain tokenEndpointFilterChain(HttpSecurity http, TokenResponses responses, RateLimits limits,
            AuthorizationServerSettings settings) throws Exception {
        OAuth2AuthorizationServerConfigurer server = new OAuth2AuthorizationServerConfigurer();
        http.securityMatcher(server.getEndpointsMatcher())
                .with(server, configurer -> configurer
                        .tokenEndpoint(token -> token
                                .accessTokenResponseHandler(responses::writeToken)
                                .errorResponseHandler(responses::writeError))
                        .clientAuthentication(client -> client.errorResponseHandler(responses::writeError)))
                .authorizeHttpRequests(authorize -> authorize.anyRequest().authenticated())
                .csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .exceptionHandling(exceptions -> exceptions.authenticationEntryPoint(responses::writeUnauthorized))
                .addFilterBefore(new TokenRateLimitFilter(limits, settings.getTokenEndpoint()),
                        AbstractPreAuthenticatedProcessingFilter.class);
        return http.build();
    }

    @Bean
    AuthorizationServerSettings authorizationServerSettings(OpenIrnProperties properties) {
        String realmPath = "/realms/" + properties.auth().realm() + "/protocol/openid-connect";
        return AuthorizationServerSettings.builder()
                .issuer(properties.auth().issuer())
                .tokenEndpoint(realmPath + "/token")
                .jwkSetEndpoint(realmPath + "/certs")
                .tokenIntrospectionEndpoint(realmPath + "/token/introspect")
                .tokenRevocationEndpoint(realmPath + "/revoke")
                .authorizationEndpoint(realmPath + "/auth")
                .build();
    }

    @Bean
    JWKSource<SecurityContext> jwkSource(SigningKeys keys) {
        return (selector, context) -> selector.select(new JWKSet(keys.accessTokenKey()));
    }

    /** Adds the claims our resource server and the OneFinOps contract rely on. */
    @Bean
    OAuth2TokenCustomizer<JwtEncodingContext> accessTokenClaims(OpenIrnProperties properties) {
        return context -> {
            if (!OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())) {
                return;
            }
            var settings = context.getRegisteredClient().getClientSettings();
            context.getClaims()
                    .audience(java.util.List.of(properties.auth().audience()))
                    .claim("azp", context.getRegisteredClient().getClientId())
                    .claim(Caller.ORGANIZATION_CLAIM, settings.getSetting(ClientRegistrations.ORGANIZATION_SETTING))
                    .claim(Caller.ENVIRONMENT_CLAIM, settings.getSetting(ClientRegistrations.ENVIRONMENT_SETTING))
                    .claim(Caller.PROFILE_CLAIM, settings.getSetting(ClientRegistrations.PROFILE_SETTING))
                    .claim(Caller.TOKEN_GENERATION_CLAIM, settings.getSetting(ClientRegistrations.TOKEN_GENERATION_SETTING));
        };
    }

    /**
     * Client-credentials tokens are self-contained JWTs checked by signature alone; keeping each
     * issued token in memory (the default) would only grow the heap with every token request.
     */
    @Bean
    OAuth2AuthorizationService statelessAuthorizations() {
        return new OAuth2AuthorizationService() {
            @Override
            public void save(OAuth2Authorization authorization) {
            }

            @Override
            public void remove(OAuth2Authorization authorization) {
            }

            @Override
            public OAuth2Authorization findById(String id) {
                return null;
            }

            @Override
            public OAuth2Authorization findByToken(String token, OAuth2TokenType tokenType) {
                return null;
            }
        };
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }
}
