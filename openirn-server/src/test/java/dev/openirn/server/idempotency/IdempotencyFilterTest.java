package dev.openirn.server.idempotency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.openirn.server.ServerTest;
import jakarta.servlet.FilterChain;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * The filter bean of the running server, driven directly with a handler we control, for outcomes the
 * e-invoice endpoint cannot be made to produce on demand: a 5xx, a thrown exception, a request that
 * is still running when its retry arrives.
 */
class IdempotencyFilterTest extends ServerTest {

    @Autowired
    IdempotencyFilter filter;

    private String clientId;

    @BeforeEach
    void authenticate() {
        clientId = "ofin_test_filter_" + UUID.randomUUID();
        Jwt jwt = Jwt.withTokenValue("token").header("alg", "RS256").claim("azp", clientId).subject(clientId)
                .claim("organization_id", "org_filter").claim("environment", "test").build();
        SecurityContextHolder.getContext().setAuthentication(new JwtAuthenticationToken(jwt));
    }

    @AfterEach
    void clear() {
        SecurityContextHolder.clearContext();
    }

    @Test
    void aServerErrorIsNotStoredAndTheSameKeyRunsAgain() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        FilterChain failing = (request, response) -> {
            runs.incrementAndGet();
            ((HttpServletResponse) response).setStatus(503);
            response.getOutputStream().write("{\"code\":\"internal_error\"}".getBytes(StandardCharsets.UTF_8));
        };

        MockHttpServletResponse first = send("k-5xx", "{}", failing);
        MockHttpServletResponse second = send("k-5xx", "{}", failing);

        assertThat(first.getStatus()).isEqualTo(503);
        assertThat(second.getStatus()).isEqualTo(503);
        assertThat(second.getHeader(IdempotencyFilter.REPLAY_HEADER)).isNull();
        assertThat(runs).hasValue(2);
    }

    @Test
    void aThrowingHandlerReleasesTheKey() throws Exception {
        FilterChain throwing = (request, response) -> {
            throw new IllegalStateException("boom");
        };
        assertThatThrownBy(() -> send("k-throw", "{}", throwing)).hasRootCauseMessage("boom");

        AtomicInteger runs = new AtomicInteger();
        MockHttpServletResponse retried = send("k-throw", "{}", ok(runs));

        assertThat(retried.getStatus()).isEqualTo(201);
        assertThat(runs).hasValue(1);
    }

    @Test
    void theControllerReadsTheSameBodyAndASecondRequestWhileRunningGetsInProgress() throws Exception {
        AtomicReference<MockHttpServletResponse> concurrent = new AtomicReference<>();
        AtomicReference<String> bodySeen = new AtomicReference<>();
        AtomicInteger innerRuns = new AtomicInteger();
        FilterChain slow = (request, response) -> {
            bodySeen.set(new String(request.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            concurrent.set(send("k-running", "{\"a\": 1}", ok(innerRuns))); // arrives while this one runs
            ((HttpServletResponse) response).setStatus(201);
            response.setContentType("application/json");
            response.getOutputStream().write("{\"done\":true}".getBytes(StandardCharsets.UTF_8));
        };

        MockHttpServletResponse first = send("k-running", "{\"a\": 1}", slow);

        assertThat(bodySeen).hasValue("{\"a\": 1}");
        assertThat(first.getStatus()).isEqualTo(201);
        assertThat(concurrent.get().getStatus()).isEqualTo(409);
        assertThat(concurrent.get().getHeader("Retry-After")).isEqualTo("1");
        assertThat(concurrent.get().getContentAsString()).contains("\"code\":\"idempotency.in_progress\"");
        assertThat(innerRuns).hasValue(0);

        MockHttpServletResponse replay = send("k-running", "{\"a\": 1}", ok(innerRuns));
        assertThat(replay.getStatus()).isEqualTo(201);
        assertThat(replay.getContentAsString()).isEqualTo("{\"done\":true}");
        assertThat(replay.getContentType()).startsWith("application/json");
        assertThat(replay.getHeader(IdempotencyFilter.REPLAY_HEADER)).isEqualTo("true");
        assertThat(innerRuns).hasValue(0);
    }

    @Test
    void locationAndRetryAfterAreReplayed() throws Exception {
        FilterChain accepted = (request, response) -> {
            HttpServletResponse http = (HttpServletResponse) response;
            http.setStatus(202);
            http.setHeader("Location", "/v1/einvoices/einv_1");
            http.setHeader("Retry-After", "5");
            http.setHeader("X-Internal", "not for replay");
            response.getOutputStream().write("{}".getBytes(StandardCharsets.UTF_8));
        };
        send("k-headers", "{}", accepted);

        MockHttpServletResponse replay = send("k-headers", "{}", ok(new AtomicInteger()));

        assertThat(replay.getStatus()).isEqualTo(202);
        assertThat(replay.getHeader("Location")).isEqualTo("/v1/einvoices/einv_1");
        assertThat(replay.getHeader("Retry-After")).isEqualTo("5");
        assertThat(replay.getHeader("X-Internal")).isNull();
    }

    private static FilterChain ok(AtomicInteger runs) {
        return (request, response) -> {
            runs.incrementAndGet();
            ((HttpServletResponse) response).setStatus(201);
            response.getOutputStream().write("{}".getBytes(StandardCharsets.UTF_8));
        };
    }

    private MockHttpServletResponse send(String key, String body, FilterChain chain) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/v1/things");
        request.addHeader(IdempotencyFilter.HEADER, key);
        request.setContentType("application/json");
        request.setContent(body.getBytes(StandardCharsets.UTF_8));
        MockHttpServletResponse response = new MockHttpServletResponse();
        try {
            filter.doFilter(request, response, chain);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return response;
    }
}
