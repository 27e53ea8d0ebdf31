package dev.openirn.server.auth;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AccessTokenAuthenticationToken;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes the token endpoint's answers in exactly the OneFinOps/Keycloak shape:
 * {@code {access_token, expires_in: 900, token_type, scope}}, and standard OAuth2 errors with a
 * description. (Spring's default computes expires_in from the current time and may say 899.)
 */
@Component
class TokenResponses {

    private final JsonMapper json;

    TokenResponses(JsonMapper json) {
        this.json = json;
    }

    void writeToken(HttpServletRequest request, HttpServletResponse response, Authentication authentication)
            throws IOException {
        OAuth2AccessToken token = ((OAuth2AccessTokenAuthenticationToken) authentication).getAccessToken();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", token.getTokenValue());
        body.put("expires_in", Duration.between(token.getIssuedAt(), token.getExpiresAt()).toSeconds());
        body.put("token_type", "Bearer");
        body.put("scope", String.join(" ", token.getScopes()));
        write(response, HttpStatus.OK, body);
    }

    void writeError(HttpServletRequest request, HttpServletResponse response, AuthenticationException exception)
            throws IOException {
        OAuth2Error error = exception instanceof OAuth2AuthenticationException oauth
                ? oauth.getError() : new OAuth2Error(OAuth2ErrorCodes.INVALID_REQUEST);
        HttpStatus status = OAuth2ErrorCodes.INVALID_CLIENT.equals(error.getErrorCode()) ? HttpStatus.UNAUTHORIZED
                : HttpStatus.BAD_REQUEST;
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error.getErrorCode());
        body.put("error_description", describe(error));
        write(response, status, body);
    }

    void writeUnauthorized(HttpServletRequest request, HttpServletResponse response, AuthenticationException exception)
            throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", OAuth2ErrorCodes.INVALID_CLIENT);
        body.put("error_description", "Client authentication failed: send client_id and client_secret.");
        write(response, HttpStatus.UNAUTHORIZED, body);
    }

    private static String describe(OAuth2Error error) {
        if (error.getDescription() != null && !error.getDescription().isBlank()) {
            return error.getDescription();
        }
        return switch (error.getErrorCode()) {
            case OAuth2ErrorCodes.INVALID_CLIENT -> "Invalid client credentials.";
            case OAuth2ErrorCodes.UNSUPPORTED_GRANT_TYPE -> "Only grant_type=client_credentials is supported.";
            case OAuth2ErrorCodes.INVALID_SCOPE -> "The requested scope is not allowed for this client.";
            case OAuth2ErrorCodes.UNAUTHORIZED_CLIENT -> "This client may not use the requested grant.";
            default -> "The token request is invalid.";
        };
    }

    private void write(HttpServletResponse response, HttpStatus status, Map<String, Object> body) throws IOException {
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setHeader("Cache-Control", "no-store");
        json.writeValue(response.getOutputStream(), body);
    }
}
