package dev.openirn.server.auth;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidationException;

/**
 * Clients reuse a token for its 15 minutes, so the RS256 check and the parse of a token seen before
 * are skipped until it expires (keyed by the whole token, signature included, so a changed token is
 * a miss). What can change meanwhile, such as the client being disabled or its tokens revoked by a secret
 * rotation, is checked on every request.
 */
final class VerifiedTokenCache implements JwtDecoder {

    private static final int MAX_TOKENS = 10_000;

    private final JwtDecoder verifier;
    private final OAuth2TokenValidator<Jwt> everyRequest;
    private final Map<String, Jwt> verified = Collections.synchronizedMap(new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Jwt> eldest) {
            return size() > MAX_TOKENS;
        }
    });

    VerifiedTokenCache(JwtDecoder verifier, OAuth2TokenValidator<Jwt> everyRequest) {
        this.verifier = verifier;
        this.everyRequest = everyRequest;
    }

    @Override
    public Jwt decode(String token) {
        Jwt jwt = verified.get(token);
        if (jwt == null || jwt.getExpiresAt() == null || !jwt.getExpiresAt().isAfter(Instant.now())) {
            jwt = verifier.decode(token);
            verified.put(token, jwt);
        }
        OAuth2TokenValidatorResult result = everyRequest.validate(jwt);
        if (result.hasErrors()) {
            verified.remove(token); // revoked for good: do not keep it
            throw new JwtValidationException("The token is no longer valid", result.getErrors());
        }
        return jwt;
    }
}
