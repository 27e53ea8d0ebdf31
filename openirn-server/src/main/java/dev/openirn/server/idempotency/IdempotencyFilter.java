package dev.openirn.server.idempotency;

import dev.openirn.gst.Sha256;
import dev.openirn.server.support.RequestPaths;
import dev.openirn.server.web.BufferedBodyRequest;
import dev.openirn.server.web.ErrorDetail;
import dev.openirn.server.web.ErrorResponses;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code Idempotency-Key} on every POST, PUT, PATCH and DELETE under {@code /v1} except the stateless
 * {@code /v1/tools}.
 *
 * <p>Runs after Spring Security's filter chain (order {@value #ORDER}, security is at -100), so the
 * caller's token is known and unauthenticated requests never reach it. The first request with a key
 * claims it in PostgreSQL, runs, and its final response (status, body, the headers a client needs) is
 * stored under the SHA-256 of the raw body. A repeat with the same body within the window gets that
 * response again, byte for byte, with {@code Idempotent-Replay: true} and
 * {@code Idempotency-Replayed: true}, and nothing runs. 5xx answers (and 401/429, which say the
 * request was not executed) are not stored: the key is released so the client can retry with it.
 */
@Component
@Order(IdempotencyFilter.ORDER)
public class IdempotencyFilter extends OncePerRequestFilter {

    /** After Spring Security (-100), and within the range Spring Boot reserves for request-wrapping filters. */
    public static final int ORDER = 0;
    public static final String HEADER = "Idempotency-Key";
    public static final String REPLAY_HEADER = "Idempotent-Replay";
    public static final String REPLAYED_HEADER = "Idempotency-Replayed";
    static final int MAX_KEY_LENGTH = 255;

    private static final Logger log = LoggerFactory.getLogger(IdempotencyFilter.class);
    private static final Set<String> METHODS = Set.of("POST", "PUT", "PATCH", "DELETE");
    /** Headers a client needs from a replayed response; X-Request-Id stays the one of the replaying request. */
    private static final List<String> STORED_HEADERS = List.of("Content-Type", "Location", "Retry-After",
            "Content-Language", "Content-Location", "ETag", "Last-Modified", "Link", "Warning", "Cache-Control");

    private final IdempotencyKeys keys;
    private final ErrorResponses errors;
    private final JsonMapper json;
    private final Clock clock;
    private final IdempotencyProperties properties;
    private final DeferredClaims deferredClaims;

    IdempotencyFilter(IdempotencyKeys keys, ErrorResponses errors, JsonMapper json, Clock clock,
            IdempotencyProperties properties, DeferredClaims deferredClaims) {
        this.keys = keys;
        this.deferredClaims = deferredClaims;
        this.errors = errors;
        this.json = json;
        this.clock = clock;
        this.properties = properties;
    }

    /**
     * The stateless tools are left alone: running one again answers what a replay would, their images
     * are not worth storing, and a multipart upload must reach the container's part parser unread.
     */
    static final String STATELESS_TOOLS = "/v1/tools/";

    /**
     * POST endpoints whose handler claims a new key inside its first write transaction through
     * {@link DeferredClaims} and writes nothing before it; every other endpoint claims before it runs.
     */
    static final Set<String> DEFERRED_CLAIM_PATHS = Set.of("/v1/einvoices");

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = RequestPaths.routed(request);
        return !METHODS.contains(request.getMethod()) || !path.startsWith("/v1/") || path.startsWith(STATELESS_TOOLS)
                || request.getHeader(HEADER) == null;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        List<String> sent = Collections.list(request.getHeaders(HEADER));
        String key = sent.size() == 1 ? sent.get(0) : null;
        if (key == null || !wellFormed(key)) {
            writeError(request, response, HttpStatus.BAD_REQUEST, "idempotency.key_invalid",
                    "Header Idempotency-Key must be sent once, with 1 to 255 printable ASCII characters.", true);
            return;
        }
        Jwt jwt = callerToken();
        if (jwt == null) {
            chain.doFilter(request, response); // not an API caller: security has answered or will answer
            return;
        }
        byte[] body = request.getInputStream().readAllBytes();
        KeyScope scope = new KeyScope(jwt.getClaimAsString("azp") != null ? jwt.getClaimAsString("azp") : jwt.getSubject(),
                jwt.getClaimAsString("environment"), jwt.getClaimAsString("organization_id"), key);
        String query = request.getQueryString();
        RequestFingerprint fingerprint = new RequestFingerprint(request.getMethod(),
                RequestPaths.routed(request) + (query == null ? "" : "?" + query), sha256(body));

        if ("POST".equals(request.getMethod()) && query == null && DEFERRED_CLAIM_PATHS.contains(RequestPaths.routed(request))) {
            Optional<IdempotencyKeys.Row> existing = keys.find(scope);
            if (existing.isEmpty()) {
                runDeferred(new BufferedBodyRequest(request, body), response, chain,
                        new DeferredClaim(scope, fingerprint, clock.instant()));
                return;
            }
            // The row just read decides a replay (the common repeat) without trying to claim the key first.
            Claim answer = keys.answerFrom(existing.get(), fingerprint, clock.instant());
            if (answer != null) {
                answerFromKey(answer, request, response);
                return;
            }
        }
        Claim claim = keys.claim(scope, fingerprint, clock.instant());
        if (claim instanceof Claim.Owned owned) {
            run(new BufferedBodyRequest(request, body), response, chain, scope, owned.owner());
        } else {
            answerFromKey(claim, request, response);
        }
    }

    /** The answer to a request whose key belongs to another request: its stored response, or why not. */
    private void answerFromKey(Claim claim, HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (claim instanceof Claim.Replay replay) {
            replay(replay.response(), response);
        } else if (claim instanceof Claim.Mismatch) {
            writeError(request, response, HttpStatus.CONFLICT, "idempotency.key_reused_mismatch",
                    "This Idempotency-Key was already used with a different request body (or another endpoint); "
                            + "use a new key for a new request.", true);
        } else {
            response.setHeader("Retry-After", Long.toString(Math.max(1, properties.inProgressRetryAfter().toSeconds())));
            writeError(request, response, HttpStatus.CONFLICT, "idempotency.in_progress",
                    "A request with this Idempotency-Key is still running; retry after a moment with the same key.", true);
        }
    }

    private void run(HttpServletRequest request, HttpServletResponse response, FilterChain chain, KeyScope scope,
            String owner) throws IOException, ServletException {
        ErrorTrackingResponse captured = new ErrorTrackingResponse(response);
        boolean stored = false;
        try {
            chain.doFilter(request, captured);
            int status = captured.getStatus();
            if (!captured.errorSent && storable(status)) {
                stored = keys.complete(scope, owner, new StoredResponse(status, headers(captured), captured.getContentAsByteArray()),
                        clock.instant());
                if (!stored) {
                    log.warn("Idempotency key claim was taken over while the request ran; its response is not stored");
                }
            }
        } finally {
            if (!stored) {
                keys.release(scope, owner);
            }
            captured.copyBodyToResponse();
        }
    }

    /**
     * Runs a request whose key is new without claiming it first: the handler claims it in its first
     * write transaction, and may store the answer in its last one. If it never wrote, the answer is
     * stored here together with the claim. If another request took the key first, this one wrote
     * nothing and is answered from the key instead.
     */
    private void runDeferred(HttpServletRequest request, HttpServletResponse response, FilterChain chain,
            DeferredClaim claim) throws IOException, ServletException {
        ErrorTrackingResponse captured = new ErrorTrackingResponse(response);
        boolean stored = false;
        deferredClaims.bind(claim);
        try {
            chain.doFilter(request, captured);
            deferredClaims.unbind();
            int status = captured.getStatus();
            switch (claim.state()) {
                case RESPONSE_STORED -> stored = true;
                case LOST -> answerFromKeyTakenByAnother(claim, request, captured);
                case CLAIMED -> {
                    if (!captured.errorSent && storable(status)) {
                        stored = keys.complete(claim.scope(), claim.owner(), new StoredResponse(status, headers(captured),
                                captured.getContentAsByteArray()), clock.instant());
                    }
                }
                case UNCLAIMED -> {
                    // Nothing was written under the key: the answer and the claim go in together, if still free.
                    if (!captured.errorSent && storable(status)
                            && !keys.insertCompleted(claim.scope(), claim.request(), claim.owner(), new StoredResponse(status,
                                    headers(captured), captured.getContentAsByteArray()), clock.instant())) {
                        // Another request with this key got there first (e.g. it stored the document this one then
                        // found): the key's answer, not this one, is what every request with the key must get.
                        answerFromKeyTakenByAnother(claim, request, captured);
                    }
                }
            }
        } finally {
            deferredClaims.unbind();
            if (!stored && claim.state() == DeferredClaim.State.CLAIMED) {
                keys.release(claim.scope(), claim.owner());
            }
            captured.copyBodyToResponse();
        }
    }

    /** This request lost its key to a concurrent one: its own answer is dropped for the key's (replay or in progress). */
    private void answerFromKeyTakenByAnother(DeferredClaim claim, HttpServletRequest request, ErrorTrackingResponse captured)
            throws IOException {
        captured.resetBuffer();
        Claim now = keys.claim(claim.scope(), claim.request(), clock.instant());
        if (now instanceof Claim.Owned owned) {
            // The other request gave the key back meanwhile; this one did not run: let the client retry.
            keys.release(claim.scope(), owned.owner());
            now = new Claim.InProgress();
        }
        answerFromKey(now, request, captured);
    }

    /** A response worth replaying: the request ran to a final answer. */
    private static boolean storable(int status) {
        return status < 500 && status != HttpStatus.UNAUTHORIZED.value() && status != HttpStatus.TOO_MANY_REQUESTS.value();
    }

    private static Map<String, List<String>> headers(ContentCachingResponseWrapper response) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String name : STORED_HEADERS) {
            if (name.equals("Content-Type")) {
                if (response.getContentType() != null) {
                    headers.put(name, List.of(response.getContentType()));
                }
                continue;
            }
            Collection<String> values = response.getHeaders(name);
            if (values != null && !values.isEmpty()) {
                headers.put(name, List.copyOf(new ArrayList<>(values)));
            }
        }
        return headers;
    }

    private static void replay(StoredResponse stored, HttpServletResponse response) throws IOException {
        response.setStatus(stored.status());
        stored.headers().forEach((name, values) -> values.forEach(value -> response.addHeader(name, value)));
        response.setHeader(REPLAY_HEADER, "true");
        response.setHeader(REPLAYED_HEADER, "true");
        byte[] body = stored.body();
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    private void writeError(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String code,
            String message, boolean namesHeader) throws IOException {
        List<ErrorDetail> details = namesHeader ? List.of(ErrorDetail.of(HEADER, code, message)) : List.of();
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        json.writeValue(response.getOutputStream(), errors.envelope(request, status, code, message, details, null));
    }

    static boolean wellFormed(String key) {
        if (key.isEmpty() || key.length() > MAX_KEY_LENGTH || key.isBlank()) {
            return false;
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                return false;
            }
        }
        return true;
    }

    private static Jwt callerToken() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication != null && authentication.getPrincipal() instanceof Jwt jwt ? jwt : null;
    }

    static String sha256(byte[] body) {
        return Sha256.hex(body);
    }

    /** Captures the body, and notes a container error page (whose body we never see): such answers are not stored. */
    private static final class ErrorTrackingResponse extends ContentCachingResponseWrapper {

        private boolean errorSent;

        ErrorTrackingResponse(HttpServletResponse response) {
            super(response);
        }

        @Override
        public void sendError(int status) throws IOException {
            errorSent = true;
            super.sendError(status);
        }

        @Override
        public void sendError(int status, String message) throws IOException {
            errorSent = true;
            super.sendError(status, message);
        }
    }
}
