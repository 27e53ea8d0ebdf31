package dev.openirn.server.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openirn.server.ServerTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The key store's rules at explicit instants: the 24-hour window, abandoned claims, the purge. */
class IdempotencyKeysTest extends ServerTest {

    private static final Instant T0 = Instant.parse("2026-05-04T10:00:00Z");
    private static final RequestFingerprint REQUEST = new RequestFingerprint("POST", "/v1/einvoices", "a".repeat(64));
    private static final StoredResponse RESPONSE = new StoredResponse(201,
            Map.of("Content-Type", List.of("application/json")), "{\"id\":\"einv_1\"}".getBytes(StandardCharsets.UTF_8));

    @Autowired
    IdempotencyKeys keys;

    @Autowired
    IdempotencyProperties properties;

    @Autowired
    JdbcClient jdbc;

    @Test
    void aCompletedKeyReplaysForTwentyFourHoursAndIsThenForgotten() {
        KeyScope scope = newScope();
        Claim.Owned first = (Claim.Owned) keys.claim(scope, REQUEST, T0);
        assertThat(keys.complete(scope, first.owner(), RESPONSE, T0.plusSeconds(1))).isTrue();

        assertThat(keys.claim(scope, REQUEST, T0.plus(Duration.ofHours(24)).minusMillis(1)))
                .isEqualTo(new Claim.Replay(RESPONSE));
        RequestFingerprint other = new RequestFingerprint("POST", "/v1/einvoices", "b".repeat(64));
        assertThat(keys.claim(scope, other, T0.plus(Duration.ofHours(23)))).isEqualTo(new Claim.Mismatch());

        Claim afterWindow = keys.claim(scope, other, T0.plus(Duration.ofHours(24)));
        assertThat(afterWindow).isInstanceOf(Claim.Owned.class);
        assertThat(keys.find(scope).orElseThrow().request()).isEqualTo(other);
        assertThat(keys.find(scope).orElseThrow().completed()).isFalse();
    }

    @Test
    void anotherEndpointUnderTheSameKeyIsAMismatch() {
        KeyScope scope = newScope();
        keys.claim(scope, REQUEST, T0);

        assertThat(keys.claim(scope, new RequestFingerprint("POST", "/v1/einvoices/einv_X/cancel", REQUEST.bodySha256()),
                T0.plusSeconds(1))).isEqualTo(new Claim.Mismatch());
    }

    @Test
    void aRunningClaimIsInProgressUntilTheTimeoutThenTakenOverOnce() {
        KeyScope scope = newScope();
        Claim.Owned crashed = (Claim.Owned) keys.claim(scope, REQUEST, T0);
        Duration timeout = properties.inProgressTimeout();

        assertThat(keys.claim(scope, REQUEST, T0.plus(timeout).minusMillis(1))).isEqualTo(new Claim.InProgress());
        Claim takeover = keys.claim(scope, REQUEST, T0.plus(timeout));
        assertThat(takeover).isInstanceOf(Claim.Owned.class);
        // The fresh claim is itself in progress again: a third request does not take it over too.
        assertThat(keys.claim(scope, REQUEST, T0.plus(timeout).plusSeconds(1))).isEqualTo(new Claim.InProgress());

        // The node that was presumed dead can neither store its response nor release the new claim.
        assertThat(keys.complete(scope, crashed.owner(), RESPONSE, T0.plus(timeout).plusSeconds(2))).isFalse();
        assertThat(keys.release(scope, crashed.owner())).isFalse();
        assertThat(keys.complete(scope, ((Claim.Owned) takeover).owner(), RESPONSE, T0.plus(timeout).plusSeconds(3)))
                .isTrue();
        assertThat(keys.claim(scope, REQUEST, T0.plus(timeout).plusSeconds(4))).isEqualTo(new Claim.Replay(RESPONSE));
    }

    @Test
    void aReleasedKeyRunsAgain() {
        KeyScope scope = newScope();
        Claim.Owned first = (Claim.Owned) keys.claim(scope, REQUEST, T0);

        assertThat(keys.release(scope, first.owner())).isTrue();

        assertThat(keys.find(scope)).isEmpty();
        assertThat(keys.claim(scope, REQUEST, T0.plusSeconds(1))).isInstanceOf(Claim.Owned.class);
    }

    @Test
    void purgeDeletesOnlyExpiredKeysInBoundedBatches() {
        // Long before every other key in the shared database, so only this test's keys are expired at "now".
        Instant start = Instant.parse("2000-01-01T00:00:00Z");
        String client = "ofin_test_purge_" + UUID.randomUUID();
        for (int i = 0; i < 7; i++) {
            keys.claim(new KeyScope(client, "test", "org_purge", "old-" + i), REQUEST, start);
        }
        KeyScope young = new KeyScope(client, "test", "org_purge", "young");
        keys.claim(young, REQUEST, start.plus(Duration.ofHours(12)));
        Instant now = start.plus(Duration.ofHours(25));

        // 3 per statement, at most 2 statements: one run removes 6 and leaves the rest for the next run.
        int firstRun = keys.purgeExpired(now, 3, 2);
        int secondRun = keys.purgeExpired(now, 3, 2);

        assertThat(firstRun).isEqualTo(6);
        assertThat(secondRun).isEqualTo(1);
        assertThat(jdbc.sql("select count(*) from idempotency_key where client_id = :c").param("c", client)
                .query(Long.class).single()).isEqualTo(1);
        assertThat(keys.find(young)).isPresent();
    }

    private static KeyScope newScope() {
        return new KeyScope("ofin_test_keys_" + UUID.randomUUID(), "test", "org_keys", "key-" + UUID.randomUUID());
    }
}
