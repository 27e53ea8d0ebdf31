package dev.openirn.server.idempotency;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * An {@code Idempotency-Key} seen for the first time on an endpoint that claims it inside its own
 * first write transaction instead of in a commit of its own (see {@link DeferredClaims}). Until that
 * write the key is not in the database; a request that never writes stores its answer with the claim
 * in one statement afterwards.
 */
public final class DeferredClaim {

    enum State { UNCLAIMED, CLAIMED, LOST, RESPONSE_STORED }

    private final KeyScope scope;
    private final RequestFingerprint request;
    private final Instant now;
    private final String owner = UUID.randomUUID().toString();
    private volatile State state = State.UNCLAIMED;

    DeferredClaim(KeyScope scope, RequestFingerprint request, Instant now) {
        this.scope = scope;
        this.request = request;
        this.now = now;
    }

    KeyScope scope() {
        return scope;
    }

    RequestFingerprint request() {
        return request;
    }

    Instant now() {
        return now;
    }

    String owner() {
        return owner;
    }

    State state() {
        return state;
    }

    void state(State state) {
        this.state = state;
    }

    /** True once the key is committed as this request's, so its final answer may be stored with a later write. */
    public boolean claimed() {
        return state == State.CLAIMED;
    }

    /** The content type a stored JSON answer is replayed with, as the filter would have recorded it. */
    static Map<String, List<String>> jsonHeaders() {
        return Map.of("Content-Type", List.of("application/json"));
    }
}
