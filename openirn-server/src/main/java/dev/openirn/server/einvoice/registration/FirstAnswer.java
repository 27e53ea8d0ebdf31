package dev.openirn.server.einvoice.registration;

import dev.openirn.server.idempotency.DeferredClaim;
import dev.openirn.server.idempotency.DeferredClaims;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The answer of a generate request, written to its idempotency key in the same transaction as the
 * first attempt's outcome (one commit instead of two) while the request still waits for that outcome.
 * Only a {@code 201 generated} answer is written there; any other outcome leaves the key to the
 * idempotency filter. Once the request stops waiting ({@link #disarm}) nothing is written, since the
 * client is then answered {@code 202}.
 */
final class FirstAnswer {

    private static final int ARMED = 0;
    private static final int WRITING = 1;
    private static final int STORED = 2;
    private static final int NOT_STORED = 3;

    private final DeferredClaims claims;
    private final DeferredClaim claim;
    /** The {@code 201} body of a generated row, with the signed payloads it shows (the key refers to the row for those). */
    record Created(byte[] body, String einvoiceId, byte[] signedQrCode, byte[] signedInvoice) {
    }

    /** Renders the stored row as the {@code 201} body, or nothing when the row is not generated. */
    private final Function<String, Optional<Created>> createdBody;
    private final AtomicInteger state = new AtomicInteger(ARMED);
    private volatile byte[] body;

    FirstAnswer(DeferredClaims claims, DeferredClaim claim, Function<String, Optional<Created>> createdBody) {
        this.claims = claims;
        this.claim = claim;
        this.createdBody = createdBody;
    }

    /** In the outcome's transaction, after the transition of row {@code id} was written. */
    void writeWithinTransaction(String id, Instant now) {
        if (!state.compareAndSet(ARMED, WRITING)) {
            return;
        }
        Optional<Created> rendered;
        try {
            rendered = createdBody.apply(id);
        } catch (RuntimeException e) {
            rendered = Optional.empty(); // the request renders its answer itself; the outcome must commit regardless
        }
        if (rendered.isPresent() && claims.storeAnswerReferringWithinTransaction(claim, 201, rendered.get().body(),
                rendered.get().einvoiceId(), rendered.get().signedQrCode(), rendered.get().signedInvoice(), now)) {
            body = rendered.get().body();
        } else {
            state.set(NOT_STORED);
        }
    }

    /** After the outcome's transaction ended, committed or not. */
    void afterTransaction(boolean committed) {
        if (state.compareAndSet(WRITING, committed && body != null ? STORED : NOT_STORED) && state.get() == STORED) {
            claims.stored(claim);
        }
    }

    /** The request stops waiting: true when no outcome started writing, so none will; false when one is being written. */
    boolean disarm() {
        return state.compareAndSet(ARMED, NOT_STORED) || state.get() == NOT_STORED;
    }

    /** The committed {@code 201} body, exactly as stored under the key, or null. */
    byte[] storedBody() {
        return state.get() == STORED ? body : null;
    }
}
