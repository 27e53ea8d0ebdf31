package dev.openirn.server.einvoice.registration;

import dev.openirn.gst.nic.NicInvoice;
import dev.openirn.gst.nic.NicJson;
import dev.openirn.server.einvoice.EInvoice;
import dev.openirn.server.einvoice.EInvoiceStatus;
import dev.openirn.server.einvoice.EInvoices;
import dev.openirn.server.einvoice.Transition;
import dev.openirn.server.einvoice.Transition.Failure;
import dev.openirn.server.irp.Irp;
import dev.openirn.server.irp.IrpAnswer;
import dev.openirn.server.irp.IrpCredentials;
import dev.openirn.server.irp.IrpCredentialsMissingException;
import dev.openirn.server.irp.IrpLogin;
import dev.openirn.server.irp.IrpUnavailableException;
import dev.openirn.server.retry.RetryPolicy;
import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * One attempt to get a stored document registered, shared by the API request and the retry
 * worker. An earlier attempt whose outcome we never saw may have registered the document, so
 * before sending again we ask the IRP for the IRN we expect and adopt it if the data matches.
 * What each IRP answer means is decided in {@link RegistrationDecision}; this class calls the IRP
 * and records the decisions as {@link Transition}s.
 */
@Component
class RegistrationAttempts {

    private static final Logger log = LoggerFactory.getLogger(RegistrationAttempts.class);

    private final EInvoices invoices;
    private final Irp irp;
    private final IrpCredentials credentials;
    private final RetryPolicy retryPolicy;
    private final Clock clock;
    private final TransactionTemplate transactions;

    RegistrationAttempts(EInvoices invoices, Irp irp, IrpCredentials credentials, RetryPolicy retryPolicy,
            Clock clock, TransactionTemplate transactions) {
        this.invoices = invoices;
        this.transactions = transactions;
        this.irp = irp;
        this.credentials = credentials;
        this.retryPolicy = retryPolicy;
        this.clock = clock;
    }

    /**
     * Attempts (by lease token) that sent without recording the "sent" step on its own: it is recorded
     * together with the outcome, saving a synchronous commit on the first attempt (the row was stored
     * with its outcome already marked unknown, so a crash mid-call still makes the next attempt ask
     * the IRP first).
     */
    private final java.util.Set<String> sentUnrecorded = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** Answers (by lease token) that are written to the request's idempotency key with the attempt's outcome. */
    private final java.util.Map<String, FirstAnswer> answers = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * The first attempt, right after the API stored the row under {@code lease} until {@code leaseUntil}:
     * it knows nothing was sent before. {@code inserted}, if not null, is the row exactly as the API has just
     * inserted it (nobody else may change a row leased to this attempt), so it is not read back.
     * {@code answer}, if not null, is written with the outcome.
     */
    void runFirst(String id, EInvoice inserted, String lease, Instant leaseUntil, FirstAnswer answer) {
        if (answer != null) {
            answers.put(lease, answer);
        }
        try {
            run(id, inserted, lease, true, !leaseFresh(leaseUntil));
        } finally {
            answers.remove(lease);
        }
    }

    /**
     * An attempt by the worker for a row it leased under {@code lease} until {@code leaseUntil} a moment ago
     * (bulk batch items are drained this way): as for the first attempt, a lease that still covers the attempt
     * is not renewed, saving a commit per row.
     */
    void runLeased(String id, String lease, Instant leaseUntil) {
        run(id, null, lease, false, !leaseFresh(leaseUntil));
    }

    /**
     * Started soon after the row was stored or leased, the lease written then still covers the whole attempt:
     * renewing it would cost a commit of its own. Started late (a queue), it is renewed as usual.
     */
    private boolean leaseFresh(Instant leaseUntil) {
        return leaseUntil.isAfter(clock.instant().plus(retryPolicy.lease().dividedBy(2)));
    }

    /** Runs one attempt for a row held under {@code lease}; every outcome is written before returning. */
    public void run(String id, String lease) {
        run(id, null, lease, false, true);
    }

    private void run(String id, EInvoice inserted, String lease, boolean first, boolean renew) {
        // The lease may have run out while this attempt waited for a thread, and the row been claimed
        // again: then this attempt must not touch it. Otherwise the lease now covers the whole attempt.
        Instant now = clock.instant();
        if (renew && !invoices.renewLease(id, lease, now, now.plus(retryPolicy.lease()))) {
            log.debug("Attempt for {} no longer holds its lease; skipped", id);
            return;
        }
        try {
            // A renewed lease may have been re-taken before: then only the stored row tells what happened to it.
            attempt(id, renew ? null : inserted, lease, first);
        } finally {
            sentUnrecorded.remove(lease);
        }
    }

    private void attempt(String id, EInvoice inserted, String lease, boolean first) {
        EInvoice invoice = inserted != null ? inserted : invoices.get(id).orElse(null);
        if (invoice == null || !invoice.status().awaitsIrp()) {
            return;
        }
        Instant now = clock.instant();
        boolean givenUp = retryPolicy.givenUp(invoice.giveUpClockFrom(), now);
        if (givenUp && !invoice.outcomeUnknown()) {
            finish(id, lease, Transition.gaveUp(retriesExhausted(invoice)));
            return;
        }
        IrpLogin login;
        try {
            login = credentials.forSeller(invoice.organizationId(), invoice.environment(), invoice.sellerGstin());
        } catch (IrpCredentialsMissingException e) {
            finish(id, lease, Transition.rejected(Failure.of("irp_credentials.not_configured", e.getMessage())));
            return;
        }
        if (givenUp) {
            settleAfterDeadline(invoice, lease, login);
            return;
        }
        try {
            boolean firstSend = first && invoice.status() == EInvoiceStatus.PENDING && invoice.attempts() == 0;
            if (!firstSend && invoice.outcomeUnknown() && resolvedOnIrp(invoice, lease, login, invoice.expectedIrn())) {
                return;
            }
            if (irp.generateCircuitOpen(invoice.environment())) {
                throw new IrpUnavailableException("circuit open");
            }
            if (firstSend) {
                sentUnrecorded.add(lease);
            } else if (!invoices.transition(id, lease, Transition.sent(), clock.instant())) {
                return;
            }
            IrpAnswer answer = irp.generate(invoice.environment(), login, invoice.nicPayload());
            RegistrationDecision decision = RegistrationDecision.ofGenerate(answer, invoice.sellerGstin());
            if (decision instanceof RegistrationDecision.AskIrp ask) {
                if (!resolvedOnIrp(invoice, lease, login, ask.irn())) {
                    record(invoice, lease, login, new RegistrationDecision.RetryLater(new Failure("irp.duplicate_unresolved",
                            "The IRP reports the document as registered but did not return it yet.", "2150", "Duplicate IRN")));
                }
            } else {
                record(invoice, lease, login, decision);
            }
        } catch (IrpUnavailableException e) {
            // Nothing was sent in this attempt; what we knew about earlier attempts still holds.
            finish(id, lease, Transition.irpUnavailable(retryPolicy.nextAttempt(clock.instant(), invoice.retryCount()),
                    invoice.outcomeUnknown(), Failure.of("irp.unavailable", "The IRP is failing; the invoice is queued.")));
        } catch (RuntimeException e) {
            log.error("Attempt for {} failed unexpectedly", id, e);
            finish(id, lease, Transition.outcomeUnknown(retryPolicy.nextAttempt(clock.instant(), invoice.retryCount()),
                    Failure.of("irp.unexpected", "Unexpected error while talking to the IRP; will retry.")));
        }
    }

    /** Records a decision that settles this attempt as the row's next status. */
    private void record(EInvoice invoice, String lease, IrpLogin login, RegistrationDecision decision) {
        if (decision instanceof RegistrationDecision.Generated generated) {
            finish(invoice.id(), lease, generated.adopted() ? Transition.adopted(generated.registration())
                    : Transition.registered(generated.registration()));
        } else if (decision instanceof RegistrationDecision.FailedTerminal failed) {
            if (failed.credentialsRefused()) {
                credentials.refused(invoice.organizationId(), invoice.environment(), login,
                        failed.failure().upstreamCode(), failed.failure().upstreamMessage());
            }
            finish(invoice.id(), lease, Transition.rejected(failed.failure()));
        } else if (decision instanceof RegistrationDecision.RetryLater retry) {
            finish(invoice.id(), lease, Transition.outcomeUnknown(
                    retryPolicy.nextAttempt(clock.instant(), invoice.retryCount()), retry.failure()));
        } else {
            throw new IllegalArgumentException("Not a settling decision: " + decision);
        }
    }

    /**
     * Asks the IRP whether {@code irn} is registered. Returns true when that settled the row:
     * adopted (our data), refused (someone else's data under our document number), or deferred
     * because the IRP could not be asked. Returns false when the IRN is not registered.
     */
    private boolean resolvedOnIrp(EInvoice invoice, String lease, IrpLogin login, String irn) {
        RegistrationDecision lookup = lookUp(invoice, login, irn);
        if (lookup instanceof RegistrationDecision.NotRegistered) {
            return false;
        }
        record(invoice, lease, login, lookup instanceof RegistrationDecision.Unanswered
                ? new RegistrationDecision.RetryLater(Failure.of("irp.unavailable",
                        "Could not ask the IRP whether the invoice is registered."))
                : lookup);
        return true;
    }

    /**
     * The retry deadline has passed, but an earlier attempt may have registered the document: only an
     * answer from the IRP may end it. Until the IRP can be asked the row stays failed_retriable.
     */
    private void settleAfterDeadline(EInvoice invoice, String lease, IrpLogin login) {
        RegistrationDecision lookup;
        try {
            lookup = lookUp(invoice, login, invoice.expectedIrn());
        } catch (RuntimeException e) {
            if (!(e instanceof IrpUnavailableException)) {
                log.error("Asking the IRP about {} failed unexpectedly", invoice.id(), e);
            }
            lookup = new RegistrationDecision.Unanswered();
        }
        if (lookup instanceof RegistrationDecision.NotRegistered) {
            finish(invoice.id(), lease, Transition.gaveUp(retriesExhausted(invoice)));
        } else if (lookup instanceof RegistrationDecision.Unanswered) {
            record(invoice, lease, login, new RegistrationDecision.RetryLater(Failure.of("irp.outcome_unknown",
                    "The retry deadline has passed, but an earlier attempt may have registered the invoice; it is not "
                            + "given up before the IRP confirms it is not registered.")));
        } else {
            record(invoice, lease, login, lookup);
        }
    }

    private static Failure retriesExhausted(EInvoice invoice) {
        return new Failure("irp.retries_exhausted", "The IRP did not register the invoice before the retry deadline.",
                invoice.upstreamCode(), invoice.upstreamMessage());
    }

    /**
     * Asks the IRPs for {@code irn}: the first by IRN (by our document's number and date past its read
     * window), the others by document, until one answers (IRNs are shared by all IRPs).
     */
    private RegistrationDecision lookUp(EInvoice invoice, IrpLogin login, String irn) {
        NicInvoice ours = NicJson.mapper().readValue(invoice.nicPayload(), NicInvoice.class);
        IrpAnswer found = irp.readBack(invoice.environment(), login, irn, invoice.documentType(), ours.document().number(),
                ours.document().date());
        return RegistrationDecision.ofLookup(found, invoice);
    }

    private void finish(String id, String lease, Transition transition) {
        Transition recorded = sentUnrecorded.remove(lease) ? transition.afterUnrecordedSend() : transition;
        FirstAnswer answer = answers.remove(lease);
        if (!(answer == null ? invoices.transition(id, lease, recorded, clock.instant())
                : transitionWithAnswer(id, lease, recorded, answer))) {
            log.warn("Lost the lease on {} before recording {}; its new holder will finish it", id, transition.event());
        }
    }

    /**
     * The row the outcome's transaction has just written, while the answer to it is rendered in that
     * transaction on this thread: the answer is made from it instead of reading the row again.
     */
    private final ThreadLocal<EInvoices.Stored> justRecorded = new ThreadLocal<>();

    /** Row {@code id} as the outcome being recorded on this thread left it, if that is the row being answered. */
    java.util.Optional<EInvoices.Stored> justRecorded(String id) {
        EInvoices.Stored row = justRecorded.get();
        return row != null && row.invoice().id().equals(id) ? java.util.Optional.of(row) : java.util.Optional.empty();
    }

    /** The outcome and the request's answer to it in one transaction. */
    private boolean transitionWithAnswer(String id, String lease, Transition transition, FirstAnswer answer) {
        boolean committed = false;
        try {
            Boolean recorded = transactions.execute(status -> {
                Instant now = clock.instant();
                java.util.Optional<EInvoices.Stored> row = invoices.transitionReturning(id, lease, transition, now);
                if (row.isEmpty()) {
                    return false;
                }
                justRecorded.set(row.get());
                try {
                    answer.writeWithinTransaction(id, now);
                } finally {
                    justRecorded.remove();
                }
                return true;
            });
            committed = Boolean.TRUE.equals(recorded);
            return committed;
        } finally {
            answer.afterTransaction(committed);
        }
    }
}
