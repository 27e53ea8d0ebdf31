package dev.openirn.server.ratelimit;

import dev.openirn.server.support.RequestPaths;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Limits token requests per presented {@code client_id} (form field or HTTP Basic), counting every
 * attempt, so a client secret cannot be guessed at speed. Answers like the rest of the token endpoint
 * (an OAuth2 error body) with 429 and Retry-After. Runs before client authentication.
 */
public class TokenRateLimitFilter extends OncePerRequestFilter {

    private static final int MAX_CLIENT_ID = 100;

    private final RateLimits limits;
    private final String tokenPath;

    public TokenRateLimitFilter(RateLimits limits, String tokenPath) {
        this.limits = limits;
        this.tokenPath = tokenPath;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"POST".equals(request.getMethod()) || !tokenPath.equals(RequestPaths.routed(request));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String clientId = clientId(request);
        if (clientId == null || clientId.isBlank() || clientId.length() > MAX_CLIENT_ID) {
            chain.doFilter(request, response); // client authentication rejects it
            return;
        }
        RateLimits.Decision decision = limits.hit(clientId, RateLimits.Bucket.TOKEN);
        if (!decision.allowed()) {
            response.setStatus(429);
            response.setHeader("Retry-After", Long.toString(decision.retryAfterSeconds()));
            response.setHeader("Cache-Control", "no-store");
            response.setContentType(MediaType.APPLICATION_JSON_VALUE);
            response.getWriter().write("{\"error\":\"rate_limited\",\"error_description\":\"Too many token requests for this "
                    + "client; retry after " + decision.retryAfterSeconds() + " s and cache tokens for their 900 s lifetime.\"}");
            return;
        }
        chain.doFilter(request, response);
    }

    private static String clientId(HttpServletRequest request) {
        String header = request.getHeader("Authorization");
        if (header != null && header.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
                int colon = decoded.indexOf(':');
                return URLDecoder.decode(colon < 0 ? decoded : decoded.substring(0, colon), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        return request.getParameter("client_id");
    }
}
