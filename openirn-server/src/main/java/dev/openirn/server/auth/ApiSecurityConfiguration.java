package dev.openirn.server.auth;

import dev.openirn.server.OpenIrnProperties;
import dev.openirn.server.ratelimit.ApiRateLimitFilter;
import dev.openirn.server.ratelimit.RateLimits;
import dev.openirn.server.tenancy.ApiClient;
import dev.openirn.server.tenancy.ApiClients;
import dev.openirn.server.web.ErrorResponses;
import java.util.Collection;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.SecurityFilterChain;

/** The resource server: {@code /v1/**} needs a live token from our own issuer carrying our scope. */
@Configuration(proxyBeanMethods = false)
class ApiSecurityConfiguration {

    @Bean
    @Order(2)
    SecurityFilterChain apiFilterChain(HttpSecurity http, JwtDecoder decoder, ErrorResponses errors, RateLimits limits)
            throws Exception {
        http.securityMatcher("/**")
                .authorizeHttpRequests(authorize -> authorize
                        .requestMatchers("/v1/**").authenticated()
                        .anyRequest().permitAll())
                .oauth2ResourceServer(resource -> resource
                        .bearerTokenResolver(new BearerTokenHeader())
                        .jwt(jwt -> jwt.decoder(decoder))
                        .authenticationEntryPoint((request, response, e) -> errors.write(request, response,
                                HttpStatus.UNAUTHORIZED, "unauthorized",
                                "A valid Bearer access token with scope gstn-india is required."))
                        .accessDeniedHandler((request, response, e) -> errors.write(request, response,
                                HttpStatus.FORBIDDEN, "forbidden", "This token may not do that.")))
                .exceptionHandling(exceptions -> exceptions
                        .authenticationEntryPoint((request, response, e) -> errors.write(request, response,
                                HttpStatus.UNAUTHORIZED, "unauthorized",
                                "A valid Bearer access token with scope gstn-india is required.")))
                .csrf(csrf -> csrf.disable())
                .httpBasic(basic -> basic.disable())
                .formLogin(form -> form.disable())
                .requestCache(cache -> cache.disable())
                // The API reads its caller from the security context, never from the servlet request's user
                // methods, and has no sessions to log out of: two fewer wrappers and filters on every request.
                .servletApi(servletApi -> servletApi.disable())
                .logout(logout -> logout.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .addFilterAfter(new ApiRateLimitFilter(limits, errors), BearerTokenAuthenticationFilter.class);
        return http.build();
    }

    /**
     * No observation around each of Spring Security's filters, authentications and authorizations: wrapping every
     * filter of every request cost more CPU than the request's own authentication, and
     * {@code http.server.requests} still times every request (docs/performance.md).
     */
    @Bean
    static SecurityObservationSettings noSecurityObservations() {
        return SecurityObservationSettings.noObservations();
    }

    @Bean
    JwtDecoder jwtDecoder(SigningKeys keys, OpenIrnProperties properties, ApiClients clients) throws Exception {
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withPublicKey(keys.accessTokenKey().toRSAPublicKey())
                .signatureAlgorithm(SignatureAlgorithm.RS256)
                .build();
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(
                JwtValidators.createDefaultWithIssuer(properties.auth().issuer()),
                requireClaim("aud", properties.auth().audience()),
                requireClaim("scope", properties.auth().scope()),
                tenantPinned()));
        return new VerifiedTokenCache(decoder, clientActive(clients));
    }

    /**
     * The unexpired tokens of a disabled (or deleted) client, and those issued before its secret was rotated,
     * stop working at once, not after their TTL. Runs on every request, also for tokens the cache verified before.
     */
    private static OAuth2TokenValidator<Jwt> clientActive(ApiClients clients) {
        return jwt -> {
            String clientId = Caller.from(jwt).clientId();
            return clientId != null && clients.find(clientId).filter(ApiClient::active)
                    .filter(client -> tokenGeneration(jwt) == client.tokenGeneration()).isPresent()
                    ? OAuth2TokenValidatorResult.success()
                    : OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token",
                            "The client is disabled or the token was revoked", null));
        };
    }

    /** Tokens issued before generations existed count as generation 0, the generation of a never-rotated client. */
    private static long tokenGeneration(Jwt jwt) {
        Object claim = jwt.getClaim(Caller.TOKEN_GENERATION_CLAIM);
        if (claim == null) {
            return 0;
        }
        return claim instanceof Number number ? number.longValue() : -1;
    }

    private static OAuth2TokenValidator<Jwt> requireClaim(String claim, String value) {
        return jwt -> {
            Object present = jwt.getClaim(claim);
            boolean ok = present instanceof Collection<?> values ? values.contains(value)
                    : present instanceof String text && java.util.Arrays.asList(text.split(" ")).contains(value);
            return ok ? OAuth2TokenValidatorResult.success()
                    : OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", "Token lacks " + claim + " " + value, null));
        };
    }

    private static OAuth2TokenValidator<Jwt> tenantPinned() {
        return jwt -> jwt.getClaimAsString(Caller.ORGANIZATION_CLAIM) != null && jwt.getClaimAsString(Caller.ENVIRONMENT_CLAIM) != null
                ? OAuth2TokenValidatorResult.success()
                : OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", "Token is not pinned to a tenant", null));
    }
}
