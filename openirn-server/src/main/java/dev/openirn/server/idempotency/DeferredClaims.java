package dev.openirn.server.idempotency;

import dev.openirn.server.web.ApiException;
import java.util.List;
import java.util.function.Supplier;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Claims an {@code Idempotency-Key} in the transaction of the request's first write, and stores the
 * answer in the transaction of its last, so that a generate commits (and waits for the disk) twice
 * instead of four times. The key stays exclusive: the claim's {@code INSERT … ON CONFLICT DO NOTHING}
 * runs first in that transaction, so a concurrent request with the same key waits for it and, finding
 * the key taken, rolls back its own write and is answered from the key by {@link IdempotencyFilter}.
 */
@Component
public class DeferredClaims {

    private static final ThreadLocal<DeferredClaim> CURRENT = new ThreadLocal<>();

    private final IdempotencyKeys keys;
    private final TransactionTemplate transactions;

    DeferredClaims(IdempotencyKeys keys, TransactionTemplate transactions) {
        this.keys = keys;
        this.transactions = transactions;
    }

    void bind(DeferredClaim claim) {
        CURRENT.set(claim);
    }

    void unbind() {
        CURRENT.remove();
    }

    /** The request thread's deferred claim once it is committed, else null. */
    public DeferredClaim currentClaimed() {
        DeferredClaim claim = CURRENT.get();
        return claim != null && claim.claimed() ? claim : null;
    }

    /**
     * Runs {@code write} in one transaction, preceded by the claim of this request's deferred key if it
     * has one still unclaimed. When another request holds the key, nothing is written and the request
     * answers {@code 409 idempotency.in_progress} (the filter then answers from the key).
     */
    public <T> T writeWithClaim(Supplier<T> write) {
        DeferredClaim claim = CURRENT.get();
        if (claim == null || claim.state() != DeferredClaim.State.UNCLAIMED) {
            return transactions.execute(status -> write.get());
        }
        T result;
        try {
            result = transactions.execute(status -> {
                if (!keys.insertClaim(claim.scope(), claim.request(), claim.owner(), claim.now())) {
                    throw new KeyTaken();
                }
                return write.get();
            });
        } catch (KeyTaken taken) {
            claim.state(DeferredClaim.State.LOST);
            throw new ApiException(HttpStatus.CONFLICT, "idempotency.in_progress",
                    "A request with this Idempotency-Key is still running; retry after a moment with the same key.",
                    List.of(), null, null);
        }
        claim.state(DeferredClaim.State.CLAIMED);
        return result;
    }

    /**
     * Within the caller's transaction, stores {@code body} as the {@code status} JSON answer of the
     * claimed key; false when the claim was taken over meanwhile. The caller marks it stored with
     * {@link #stored} once that transaction has committed.
     */
    public boolean storeAnswerWithinTransaction(DeferredClaim claim, int status, byte[] body, java.time.Instant now) {
        return keys.completeWithinTransaction(claim.scope(), claim.owner(),
                new StoredResponse(status, DeferredClaim.jsonHeaders(), body), now);
    }

    /**
     * As {@link #storeAnswerWithinTransaction}, for an answer that shows e-invoice {@code einvoiceId} with these
     * signed payloads: stored without them and replayed with the row's, byte for byte the same.
     */
    public boolean storeAnswerReferringWithinTransaction(DeferredClaim claim, int status, byte[] body, String einvoiceId,
            byte[] signedQrCode, byte[] signedInvoice, java.time.Instant now) {
        return keys.completeReferringWithinTransaction(claim.scope(), claim.owner(),
                new StoredResponse(status, DeferredClaim.jsonHeaders(), body), einvoiceId, signedQrCode, signedInvoice, now);
    }

    /** The answer stored by {@link #storeAnswerWithinTransaction} is committed: the filter must not store it again. */
    public void stored(DeferredClaim claim) {
        claim.state(DeferredClaim.State.RESPONSE_STORED);
    }

    private static final class KeyTaken extends RuntimeException {
        KeyTaken() {
            super(null, null, false, false);
        }
    }
}
