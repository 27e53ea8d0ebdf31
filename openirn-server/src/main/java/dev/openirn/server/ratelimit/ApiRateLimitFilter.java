package dev.openirn.server.ratelimit;

import dev.openirn.server.support.RequestPaths;
import dev.openirn.server.web.ErrorResponses;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Limits {@code /v1/**} per OAuth client (the token's {@code azp}): credential writes (POST and DELETE
 * under {@code /v1/gsp-credentials}) count against the credentials bucket, everything else against the
 * API bucket. Runs in the API security chain right after the bearer token is authenticated; it is not
 * a servlet filter of its own.
 */
public class ApiRateLimitFilter extends OncePerRequestFilter {

    private final RateLimits limits;
    private final ErrorResponses errors;

    public ApiRateLimitFilter(RateLimits limits, ErrorResponses errors) {
        this.limits = limits;
        this.errors = errors;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !RequestPaths.routed(request).startsWith("/v1/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication == null || !(authentication.getPrincipal() instanceof Jwt jwt)) {
            chain.doFilter(request, response); // unauthenticated: security answers 401 next
            return;
        }
        String clientId = jwt.getClaimAsString("azp") != null ? jwt.getClaimAsString("azp") : jwt.getSubject();
        RateLimits.Bucket bucket = isCredentialWrite(request) ? RateLimits.Bucket.CREDENTIALS : RateLimits.Bucket.API;
        RateLimits.Decision decision = limits.hit(clientId, bucket);
        response.setHeader("X-RateLimit-Limit", Integer.toString(decision.limit()));
        response.setHeader("X-RateLimit-Remaining", Integer.toString(decision.remaining()));
        if (!decision.allowed()) {
            response.setHeader("Retry-After", Long.toString(decision.retryAfterSeconds()));
            errors.write(request, response, HttpStatus.TOO_MANY_REQUESTS, "rate_limited",
                    "More than " + decision.limit() + (bucket == RateLimits.Bucket.CREDENTIALS ? " credential writes" : " requests")
                            + " per minute for this client; retry after " + decision.retryAfterSeconds() + " s.");
            return;
        }
        chain.doFilter(request, response);
    }

    static boolean isCredentialWrite(HttpServletRequest request) {
        String method = request.getMethod();
        return RequestPaths.routed(request).startsWith("/v1/gsp-credentials")
                && ("POST".equals(method) || "DELETE".equals(method) || "PUT".equals(method) || "PATCH".equals(method));
    }
}
