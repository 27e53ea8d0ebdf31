package dev.openirn.server.einvoice.registration;

import dev.openirn.gst.nic.NicDate;
import dev.openirn.gst.nic.NicInvoice;
import dev.openirn.gst.validation.ValidationProfile;
import dev.openirn.server.auth.Caller;
import dev.openirn.server.einvoice.EInvoice;
import dev.openirn.server.einvoice.EInvoiceStatus;
import dev.openirn.server.einvoice.EInvoiceView;
import dev.openirn.server.einvoice.EInvoiceViews;
import dev.openirn.server.einvoice.EInvoices;
import dev.openirn.server.idempotency.DeferredClaim;
import dev.openirn.server.idempotency.DeferredClaims;
import dev.openirn.server.retry.FirstAttempts;
import dev.openirn.server.retry.RetryPolicy;
import dev.openirn.server.support.Ids;
import dev.openirn.server.support.NodeIdentity;
import dev.openirn.server.web.ApiException;
import dev.openirn.server.web.ErrorDetail;
import dev.openirn.server.web.Upstream;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/**
 * Generate flow: validate, deduplicate by document, store before calling the IRP, then give the
 * IRP one attempt within the sync deadline. Whatever the IRP does after that, the stored row and
 * the retry worker carry it to a final state.
 */
@Service
class EInvoiceService {

    private final InvoiceIntake intake;
    private final EInvoices invoices;
    private final RegistrationAttempts attempts;
    private final FirstAttempts firstAttempts;
    private final NodeIdentity node;
    private final Clock clock;
    private final JsonMapper json;
    private final RetryPolicy retryPolicy;
    private final EInvoiceViews views;
    private final PrecedingDocuments precedingDocuments;
    private final DeferredClaims deferredClaims;
    private final BuyerGstinCheck buyerCheck;

    EInvoiceService(InvoiceIntake intake, EInvoices invoices, RegistrationAttempts attempts,
            FirstAttempts firstAttempts, NodeIdentity node, Clock clock, JsonMapper json, RetryPolicy retryPolicy, EInvoiceViews views,
            PrecedingDocuments precedingDocuments, DeferredClaims deferredClaims, BuyerGstinCheck buyerCheck) {
        this.intake = intake;
        this.deferredClaims = deferredClaims;
        this.invoices = invoices;
        this.attempts = attempts;
        this.firstAttempts = firstAttempts;
        this.node = node;
        this.clock = clock;
        this.json = json;
        this.retryPolicy = retryPolicy;
        this.views = views;
        this.precedingDocuments = precedingDocuments;
        this.buyerCheck = buyerCheck;
    }

    /**
     * Failures that were not the document's fault: sending the same document again retries it.
     * A rejection on the merits is not among them; NIC would refuse it again (and blocks repeat offenders).
     */
    private static final java.util.Set<String> RETRYABLE_BY_RESEND = java.util.Set.of(
            "irp_credentials.not_configured", "irp_credentials.invalid", "irp.retries_exhausted");

    /**
     * The stored e-invoice and the HTTP status that describes what this request did; {@code storedBody},
     * when not null, is that answer already rendered and stored under the request's idempotency key,
     * to be sent exactly as it is.
     */
    record Outcome(HttpStatus status, EInvoiceView einvoice, byte[] storedBody) {

        Outcome(HttpStatus status, EInvoiceView einvoice) {
            this(status, einvoice, null);
        }
    }

    Outcome create(Caller caller, byte[] body, MediaType contentType) {
        return create(caller, body, contentType, true);
    }

    /**
     * {@code storeFirstAnswer} false leaves the request's idempotency key to be completed with the answer the
     * caller renders afterwards (an e-invoice with its e-way bill), instead of the bare e-invoice stored with the
     * first attempt's outcome.
     */
    Outcome create(Caller caller, byte[] body, MediaType contentType, boolean storeFirstAnswer) {
        CheckedInvoice checked = check(caller, body, contentType);
        Runnable checkBuyer = buyerCheck(caller, checked, contentType);
        for (int tries = 0; tries < 2; tries++) {
            Admission admission = admit(caller, checked, checkBuyer);
            if (admission instanceof Admission.Stored stored) {
                // The resend's own unknown fields, not those of the request that stored the row.
                return new Outcome(HttpStatus.OK, views.view(stored.existing()).withUnknownFieldsOf(checked.warnings()));
            }
            String lease = newLeaseToken();
            Instant leaseUntil = leaseForFirstAttempt();
            if (admission instanceof Admission.Resend resend) {
                if (deferredClaims.writeWithClaim(() -> invoices.resubmit(resend.corrected(), lease, leaseUntil, clock.instant()))) {
                    return attemptWithinDeadline(resend.corrected().id(), lease, leaseUntil, storeFirstAnswer);
                }
                throw duplicate(resend.existing());
            }
            EInvoice fresh = ((Admission.Fresh) admission).row();
            EInvoice stored;
            try {
                // The request's idempotency key, if new, is claimed in the same transaction.
                stored = deferredClaims.writeWithClaim(() -> invoices.insertPending(fresh, lease, leaseUntil));
            } catch (DuplicateKeyException raced) {
                continue; // a concurrent request stored the same document first: answer as for an existing one
            }
            return attemptWithinDeadline(stored, lease, leaseUntil, storeFirstAnswer);
        }
        throw new IllegalStateException("Document row neither insertable nor readable");
    }

    /**
     * Validates a {@code POST /v1/einvoices} body exactly as that endpoint does; a 400/422 {@link ApiException}
     * lists what is wrong. A credit/debit note may cite its original by OpenIRN id; that becomes number + date here.
     */
    CheckedInvoice check(Caller caller, byte[] body, MediaType contentType) {
        body = precedingDocuments.resolve(caller, body, contentType);
        return intake.read(body, contentType, InvoiceIntake.profile(caller.profile()));
    }

    /** As {@link #check}, for a body already known to cite no preceding document by OpenIRN id: nothing to resolve. */
    CheckedInvoice checkCitingNoIds(Caller caller, byte[] body, MediaType contentType) {
        return intake.read(body, contentType, InvoiceIntake.profile(caller.profile()));
    }

    /** Only a document about to be sent is checked: a resend of a stored one is answered as before. */
    Runnable buyerCheck(Caller caller, CheckedInvoice checked, MediaType contentType) {
        ValidationProfile profile = InvoiceIntake.profile(caller.profile());
        return () -> buyerCheck.verify(caller, profile, checked.invoice(), contentType);
    }

    /** What a checked document means given what is stored for its number; nothing is written yet. */
    sealed interface Admission {

        /** The same document is stored already: answer with it. */
        record Stored(EInvoice existing) implements Admission {
        }

        /** The IRP never registered the stored document: this one (corrected, or the same again) replaces it. */
        record Resend(EInvoice existing, EInvoice corrected) implements Admission {
        }

        /** A document never seen: a new row to store. */
        record Fresh(EInvoice row) implements Admission {
        }
    }

    /**
     * Decides how {@code checked} is taken, running {@code checkBuyer} before anything is to be sent; throws
     * {@code 409 einvoice.duplicate} when another document with different data holds the number.
     */
    Admission admit(Caller caller, CheckedInvoice checked, Runnable checkBuyer) {
        NicInvoice nic = checked.invoice();
        var existing = invoices.findByDocument(caller.organizationId(), caller.environment().wireName(), nic.seller().gstin(),
                checked.financialYear(), nic.document().type(), nic.document().number());
        if (existing.isEmpty()) {
            checkBuyer.run();
            return new Admission.Fresh(newRow(caller, checked));
        }
        EInvoice stored = existing.get();
        boolean sameDocument = stored.payloadHash().equals(checked.payloadHash());
        boolean neverRegistered = stored.status() == EInvoiceStatus.FAILED_TERMINAL && stored.irn() == null;
        if (sameDocument && !(neverRegistered && RETRYABLE_BY_RESEND.contains(stored.errorCode()))) {
            return new Admission.Stored(stored);
        }
        if (neverRegistered) {
            // The IRP never registered it, so the number is still free: take the corrected document,
            // or the same one again once what stopped it (credentials, a long outage) is fixed.
            checkBuyer.run();
            return new Admission.Resend(stored, withDocument(stored, caller, checked));
        }
        throw duplicate(stored);
    }

    /**
     * Stores an admitted document for the registration worker to send, inside the caller's transaction
     * (a batch item); returns its e-invoice id. Rolls back the caller's transaction on a concurrent
     * writer of the same document (a duplicate key), so that the caller can decide again.
     */
    String storeForWorker(Admission admission) {
        if (admission instanceof Admission.Stored stored) {
            return stored.existing().id();
        }
        if (admission instanceof Admission.Resend resend) {
            Instant now = clock.instant();
            // No lease: due now, for the worker to claim.
            if (!invoices.resubmit(resend.corrected(), null, now, now)) {
                throw new DuplicateKeyException("E-invoice " + resend.existing().id() + " changed while being resubmitted");
            }
            return resend.existing().id();
        }
        EInvoice fresh = ((Admission.Fresh) admission).row();
        invoices.insertForWorker(fresh);
        return fresh.id();
    }

    private static ApiException duplicate(EInvoice existing) {
        return new ApiException(HttpStatus.CONFLICT, "einvoice.duplicate",
                "Another e-invoice already exists for this document with different data.",
                List.of(new ErrorDetail("invoiceNumber", "einvoice.duplicate",
                        "Document " + existing.documentType() + " " + existing.invoiceNumber() + " of "
                                + existing.financialYear() + " is e-invoice " + existing.id() + " (" + existing.status().wireName() + ").",
                        null), new ErrorDetail("id", "einvoice.existing_id", existing.id(), null)),
                null, null);
    }

    private Outcome attemptWithinDeadline(String id, String lease, Instant leaseUntil, boolean storeFirstAnswer) {
        return attemptWithinDeadline(id, null, lease, leaseUntil, storeFirstAnswer);
    }

    /** For a row this request has just inserted: the attempt starts from it as stored instead of reading it back. */
    private Outcome attemptWithinDeadline(EInvoice inserted, String lease, Instant leaseUntil, boolean storeFirstAnswer) {
        return attemptWithinDeadline(inserted.id(), inserted, lease, leaseUntil, storeFirstAnswer);
    }

    private Outcome attemptWithinDeadline(String id, EInvoice inserted, String lease, Instant leaseUntil,
            boolean storeFirstAnswer) {
        DeferredClaim claim = storeFirstAnswer ? deferredClaims.currentClaimed() : null;
        FirstAnswer answer = claim == null ? null : new FirstAnswer(deferredClaims, claim, this::createdBody);
        FirstAttempts.Wait<Object> wait = firstAttempts.run(() -> {
            attempts.runFirst(id, inserted, lease, leaseUntil, answer);
            return null;
        }, "Registration attempt");
        switch (wait.ending()) {
            case FINISHED -> {
                byte[] stored = answer == null ? null : answer.storedBody();
                if (stored != null) {
                    return new Outcome(HttpStatus.CREATED, null, stored);
                }
            }
            case STILL_RUNNING -> {
                if (answer != null && !answer.disarm()) {
                    // The outcome is being committed with its answer right now: that answer is the one to send.
                    FirstAttempts.awaitEnd(wait.attempt(), "Registration attempt");
                    byte[] stored = answer.storedBody();
                    return stored != null ? new Outcome(HttpStatus.CREATED, null, stored) : answerFromRow(id);
                }
                // The attempt goes on in the background: answer 202 now, the row shown as sent.
                invoices.markInFlight(id, lease, clock.instant());
            }
            // Every IRP thread is busy: never call the IRP on the request thread. Answer 202 now and
            // hand the row to the worker at once.
            case NOT_STARTED -> invoices.release(id, lease, clock.instant());
        }
        return answerFromRow(id);
    }

    /** The {@code 201} body of row {@code id}, rendered inside the outcome's transaction; empty unless generated. */
    private java.util.Optional<FirstAnswer.Created> createdBody(String id) {
        java.util.Optional<EInvoices.Stored> recorded = attempts.justRecorded(id);
        EInvoice invoice = recorded.isPresent() ? recorded.get().invoice() : invoices.get(id).orElseThrow();
        if (invoice.status() != EInvoiceStatus.GENERATED) {
            return java.util.Optional.empty();
        }
        // The outcome's statement returned the row with its cancel bookkeeping: nothing to read again.
        EInvoiceView view = recorded.isPresent() ? views.view(invoice, recorded.get().cancel()) : views.view(invoice);
        return java.util.Optional.of(new FirstAnswer.Created(json.writeValueAsBytes(view), id,
                utf8(invoice.signedQrCode()), utf8(invoice.signedInvoice())));
    }

    private static byte[] utf8(String text) {
        return text == null ? null : text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    private Outcome answerFromRow(String id) {
        EInvoice invoice = invoices.get(id).orElseThrow();
        return switch (invoice.status()) {
            case GENERATED -> new Outcome(HttpStatus.CREATED, views.view(invoice));
            case FAILED_TERMINAL -> throw rejection(invoice);
            default -> new Outcome(HttpStatus.ACCEPTED, views.view(invoice));
        };
    }

    private static ApiException rejection(EInvoice invoice) {
        HttpStatus status = switch (invoice.errorCode()) {
            case "irp_credentials.not_configured" -> HttpStatus.BAD_REQUEST;
            case "einvoice.duplicate_mismatch" -> HttpStatus.CONFLICT;
            case "irp_credentials.invalid" -> HttpStatus.BAD_GATEWAY;
            default -> HttpStatus.UNPROCESSABLE_CONTENT;
        };
        Upstream upstream = invoice.upstreamCode() == null ? null : Upstream.nic(invoice.upstreamCode(), invoice.upstreamMessage());
        return new ApiException(status, invoice.errorCode(), invoice.errorMessage(),
                List.of(new ErrorDetail("id", "einvoice.failed_terminal", invoice.id(), invoice.upstreamCode())), upstream, null);
    }

    /** Names this request's attempt in the row's lease; a stale attempt holding an older token does nothing. */
    private String newLeaseToken() {
        return node.id() + "/" + UUID.randomUUID();
    }

    /** Long enough that no other node's worker takes the row while this request's attempt is in flight. */
    private Instant leaseForFirstAttempt() {
        return clock.instant().plus(retryPolicy.lease());
    }

    private EInvoice newRow(Caller caller, CheckedInvoice checked) {
        return EInvoice.received(Ids.einvoice(), caller.organizationId(), caller.environment().wireName(),
                caller.clientId(), document(checked), clock.instant());
    }

    private EInvoice withDocument(EInvoice row, Caller caller, CheckedInvoice checked) {
        return row.withDocument(caller.clientId(), document(checked));
    }

    private EInvoice.Document document(CheckedInvoice checked) {
        NicInvoice nic = checked.invoice();
        return new EInvoice.Document(nic.transaction().supplyType(), nic.seller().gstin(),
                nic.buyer() == null ? null : nic.buyer().gstin(), nic.document().type(), nic.document().number(),
                NicDate.parse(nic.document().date()), checked.financialYear(), nic.values().totalInvoiceValue(),
                checked.expectedIrn(), checked.nicPayload(), checked.payloadHash(),
                checked.warnings().isEmpty() ? null : json.writeValueAsString(checked.warnings()));
    }
}
