package dev.openirn.server.auth;

import dev.openirn.server.tenancy.ApiEnvironment;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Who is calling, as pinned by the access token: nothing in a body or path can change the
 * organization or the environment a request works in.
 */
public record Caller(String clientId, String organizationId, ApiEnvironment environment, String profile) {

    static final String ORGANIZATION_CLAIM = "organization_id";
    static final String ENVIRONMENT_CLAIM = "environment";
    static final String PROFILE_CLAIM = "validation_profile";
    /** The client's token generation at issue time; a token of an older generation was revoked. */
    static final String TOKEN_GENERATION_CLAIM = "token_generation";

    static Caller from(Jwt jwt) {
        String clientId = jwt.getClaimAsString("azp") != null ? jwt.getClaimAsString("azp") : jwt.getSubject();
        return new Caller(clientId, jwt.getClaimAsString(ORGANIZATION_CLAIM),
                ApiEnvironment.fromWireName(jwt.getClaimAsString(ENVIRONMENT_CLAIM)), jwt.getClaimAsString(PROFILE_CLAIM));
    }
}
