package dev.openirn.server.einvoice;

import dev.openirn.gst.nic.NicInvoice;
import dev.openirn.gst.nic.NicJson;
import dev.openirn.nic.NicCredentials;
import dev.openirn.nic.NicError;
import dev.openirn.nic.NicResult;
import dev.openirn.gst.nic.NicTimestamps;
import dev.openirn.nic.SignedJwtVerifier;
import dev.openirn.server.irp.Irp;
import dev.openirn.server.irp.IrpCredentials;
import dev.openirn.server.irp.IrpCredentialsMissingException;
import dev.openirn.server.irp.IrpUnavailableException;
import dev.openirn.server.retry.RetryPolicy;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * One attempt to get a stored document registered, shared by the API request and the retry
 * worker. An earlier attempt whose outcome we never saw may have registered the document, so
 * before sending again we ask the IRP for the IRN we expect and adopt it if the data matches.
 */
@Component
public class RegistrationAttempts {

    /** NIC: "IRN details cannot be provided as it is generated more than 2 days ago". */
    private static final String OUTSIDE_READ_WINDOW = "2283";

    private static final Logger log = LoggerFactory.getLogger(RegistrationAttempts.class);

    private final EInvoices invoices;
    private final Irp irp;
    private final IrpCredentials credentials;
    private final RetryPolicy retryPolicy;
    private final Clock clock;

    public RegistrationAttempts(EInvoices invoices, Irp irp, IrpCredentials credentials, RetryPolicy retryPolicy,
            Clock clock) {
        this.invoices = invoices;
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

    /** The first attempt, right after the API stored the row under {@code lease}: it knows nothing was sent before. */
    public void runFirst(String id, String lease) {
        run(id, lease, true);
    }

    /** Runs one attempt for a row held under {@code lease}; every outcome is written before returning. */
    public void run(String id, String lease) {
        run(id, lease, false);
    }

    private void run(String id, String lease, boolean first) {
        // The lease may have run out while this attempt waited for a thread, and the row been claimed
        // again: then this attempt must not touch it. Otherwise the lease now covers the whole attempt.
        Instant now = clock.instant();
        if (!invoices.renewLease(id, lease, now, now.plus(retryPolicy.lease()))) {
            log.debug("Attempt for {} no longer holds its lease; skipped", id);
            return;
        }
        try {
            attempt(id, lease, first);
        } finally {
            sentUnrecorded.remove(lease);
        }
    }

    private void attempt(String id, String lease, boolean first) {
        EInvoice invoice = invoices.get(id).orElse(null);
        if (invoice == null || !invoice.status().awaitsIrp()) {
            return;
        }
        Instant now = clock.instant();
        boolean givenUp = retryPolicy.givenUp(invoice.giveUpClockFrom(), now);
        if (givenUp && !invoice.outcomeUnknown()) {
            finish(id, lease, Transition.failedTerminal("irp.retries_exhausted",
                    "The IRP did not register the invoice before the retry deadline.", invoice.upstreamCode(),
                    invoice.upstreamMessage()));
            return;
        }
        NicCredentials login;
        try {
            login = credentials.forSeller(invoice.organizationId(), invoice.environment(), invoice.sellerGstin());
        } catch (IrpCredentialsMissingException e) {
            finish(id, lease, Transition.failedTerminal("irp_credentials.not_configured", e.getMessage(), null, null));
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
            } else if (!invoices.transition(id, lease, Transition.aboutToSend(), clock.instant())) {
                return;
            }
            handle(invoice, lease, login, irp.generate(invoice.environment(), login, invoice.nicPayload()));
        } catch (IrpUnavailableException e) {
            // Nothing was sent in this attempt; what we knew about earlier attempts still holds.
            finish(id, lease, Transition.retryLater(EInvoiceStatus.QUEUED, retryPolicy.nextAttempt(clock.instant(), invoice.retryCount()),
                    invoice.outcomeUnknown(), true, "irp.unavailable", "The IRP is failing; the invoice is queued.", null, null));
        } catch (RuntimeException e) {
            log.error("Attempt for {} failed unexpectedly", id, e);
            finish(id, lease, Transition.retryLater(EInvoiceStatus.FAILED_RETRIABLE,
                    retryPolicy.nextAttempt(clock.instant(), invoice.retryCount()), true, true, "irp.unexpected",
                    "Unexpected error while talking to the IRP; will retry.", null, null));
        }
    }

    private void handle(EInvoice invoice, String lease, NicCredentials login, NicResult result) {
        String id = invoice.id();
        if (result instanceof NicResult.Success success) {
            finish(id, lease, Transition.generated(registration(success), "registered"));
        } else if (result instanceof NicResult.Duplicate duplicate) {
            if (!resolvedOnIrp(invoice, lease, login, duplicate.irn())) {
                retry(invoice, lease, true, "irp.duplicate_unresolved",
                        "The IRP reports the document as registered but did not return it yet.", "2150", "Duplicate IRN");
            }
        } else if (result instanceof NicResult.Rejected rejected && rejected.isIrpSystemError()) {
            retry(invoice, lease, true, "irp.unavailable",
                    "The IRP reported a system error (" + describe(rejected.errors()) + "); will retry.",
                    rejected.errors().get(0).code(), rejected.errors().get(0).message());
        } else if (result instanceof NicResult.Rejected rejected) {
            NicError first = rejected.errors().isEmpty() ? new NicError("", "Rejected") : rejected.errors().get(0);
            finish(id, lease, Transition.failedTerminal("irp.rejected", describe(rejected.errors()), first.code(), first.message()));
        } else if (result instanceof NicResult.AuthFailed failed) {
            NicError first = failed.errors().isEmpty() ? new NicError("", "Authentication failed") : failed.errors().get(0);
            credentials.refused(invoice.organizationId(), invoice.environment(), login, first.code(), first.message());
            finish(id, lease, Transition.failedTerminal("irp_credentials.invalid",
                    "The IRP refused the API user's credentials for GSTIN " + invoice.sellerGstin() + ".",
                    first.code(), first.message()));
        } else if (result instanceof NicResult.TransportFailure failure) {
            retry(invoice, lease, true, failure.kind() == NicResult.TransportFailure.Kind.TIMEOUT ? "irp.timeout" : "irp.unavailable",
                    "The IRP did not answer (" + failure.kind().name().toLowerCase(Locale.ROOT) + "); will retry.",
                    null, null);
        } else if (result instanceof NicResult.SignatureInvalid invalid) {
            retry(invoice, lease, true, "irp.signature_invalid",
                    "The IRP's signed invoice does not verify: " + invalid.problem(), null, null);
        }
    }

    /** What asking the IRP for an IRN came to. */
    private enum Lookup {
        /** The row is settled: adopted (our data), refused (someone else's data), or the login was refused. */
        SETTLED,
        /** The IRP says the IRN is not registered. */
        NOT_REGISTERED,
        /** The IRP could not be asked; nothing is known. */
        UNANSWERED
    }

    /**
     * Asks the IRP whether {@code irn} is registered. Returns true when that settled the row:
     * adopted (our data), refused (someone else's data under our document number), or deferred
     * because the IRP could not be asked. Returns false when the IRN is not registered.
     */
    private boolean resolvedOnIrp(EInvoice invoice, String lease, NicCredentials login, String irn) {
        Lookup lookup = lookUp(invoice, lease, login, irn);
        if (lookup == Lookup.UNANSWERED) {
            retry(invoice, lease, true, "irp.unavailable", "Could not ask the IRP whether the invoice is registered.", null, null);
        }
        return lookup != Lookup.NOT_REGISTERED;
    }

    /**
     * The retry deadline has passed, but an earlier attempt may have registered the document: only an
     * answer from the IRP may end it. Until the IRP can be asked the row stays failed_retriable.
     */
    private void settleAfterDeadline(EInvoice invoice, String lease, NicCredentials login) {
        Lookup lookup;
        try {
            lookup = lookUp(invoice, lease, login, invoice.expectedIrn());
        } catch (RuntimeException e) {
            if (!(e instanceof IrpUnavailableException)) {
                log.error("Asking the IRP about {} failed unexpectedly", invoice.id(), e);
            }
            lookup = Lookup.UNANSWERED;
        }
        if (lookup == Lookup.NOT_REGISTERED) {
            finish(invoice.id(), lease, Transition.failedTerminal("irp.retries_exhausted",
                    "The IRP did not register the invoice before the retry deadline.", invoice.upstreamCode(),
                    invoice.upstreamMessage()));
        } else if (lookup == Lookup.UNANSWERED) {
            retry(invoice, lease, true, "irp.outcome_unknown",
                    "The retry deadline has passed, but an earlier attempt may have registered the invoice; it is not "
                            + "given up before the IRP confirms it is not registered.", null, null);
        }
    }

    private Lookup lookUp(EInvoice invoice, String lease, NicCredentials login, String irn) {
        NicResult found = irp.getByIrn(invoice.environment(), login, irn);
        if (found instanceof NicResult.Rejected rejected && rejected.hasCode(OUTSIDE_READ_WINDOW)) {
            NicInvoice ours = NicJson.mapper().readValue(invoice.nicPayload(), NicInvoice.class);
            found = irp.getByDocument(invoice.environment(), login, invoice.documentType(), ours.document().number(), ours.document().date());
        }
        if (found instanceof NicResult.Success success) {
            String mismatch = mismatch(invoice, SignedJwtVerifier.decodeData(success.signedInvoice()));
            if (mismatch == null) {
                finish(invoice.id(), lease, Transition.generated(registration(success), "adopted the registration found on the IRP"));
            } else {
                // Only field names: the registered values may be another taxpayer's (e.g. another tenant's) data.
                finish(invoice.id(), lease, Transition.failedTerminal("einvoice.duplicate_mismatch",
                        "The IRP holds a document with different data under this document number; differing fields: "
                                + mismatch + ".", "2150", "Duplicate IRN"));
            }
            return Lookup.SETTLED;
        }
        if (found instanceof NicResult.Rejected rejected && !rejected.isIrpSystemError()) {
            return Lookup.NOT_REGISTERED;
        }
        if (found instanceof NicResult.AuthFailed) {
            handle(invoice, lease, login, found);
            return Lookup.SETTLED;
        }
        return Lookup.UNANSWERED;
    }

    /** Null when the registered document is ours; otherwise the names of the fields that differ. */
    private static String mismatch(EInvoice invoice, JsonNode registered) {
        NicInvoice ours = NicJson.mapper().readValue(invoice.nicPayload(), NicInvoice.class);
        StringBuilder differences = new StringBuilder();
        compare(differences, "sellerGstin", ours.seller().gstin(), registered.path("SellerDtls").path("Gstin").asString(null));
        compare(differences, "buyerGstin", ours.buyer() == null ? null : ours.buyer().gstin(),
                registered.path("BuyerDtls").path("Gstin").asString(null));
        compare(differences, "documentType", ours.document().type(), registered.path("DocDtls").path("Typ").asString(null));
        compare(differences, "invoiceNumber", upper(ours.document().number()),
                upper(registered.path("DocDtls").path("No").asString(null)));
        compare(differences, "invoiceDate", ours.document().date(), registered.path("DocDtls").path("Dt").asString(null));
        JsonNode total = registered.path("ValDtls").path("TotInvVal");
        BigDecimal theirs = total.isMissingNode() || total.isNull() ? null : new BigDecimal(total.asString());
        if (theirs == null || ours.values().totalInvoiceValue().compareTo(theirs) != 0) {
            append(differences, "totalInvoiceValue");
        }
        return differences.isEmpty() ? null : differences.toString();
    }

    private static void compare(StringBuilder differences, String field, String ours, String theirs) {
        if (!Objects.equals(ours, theirs)) {
            append(differences, field);
        }
    }

    private static void append(StringBuilder differences, String field) {
        if (!differences.isEmpty()) {
            differences.append(", ");
        }
        differences.append(field);
    }

    private static String upper(String value) {
        return value == null ? null : value.toUpperCase(Locale.ROOT);
    }

    private void retry(EInvoice invoice, String lease, boolean outcomeUnknown, String code, String message, String upstreamCode,
            String upstreamMessage) {
        finish(invoice.id(), lease, Transition.retryLater(EInvoiceStatus.FAILED_RETRIABLE,
                retryPolicy.nextAttempt(clock.instant(), invoice.retryCount()), outcomeUnknown, true, code, message,
                upstreamCode, upstreamMessage));
    }

    private void finish(String id, String lease, Transition transition) {
        Transition recorded = sentUnrecorded.remove(lease) ? transition.afterUnrecordedSend() : transition;
        if (!invoices.transition(id, lease, recorded, clock.instant())) {
            log.warn("Lost the lease on {} before recording {}; its new holder will finish it", id, transition.status());
        }
    }

    private static Registration registration(NicResult.Success success) {
        return new Registration(success.irn(), Long.toString(success.ackNo()), NicTimestamps.parse(success.ackDate()),
                success.signedInvoice(), success.signedQrCode());
    }

    private static String describe(List<NicError> errors) {
        return errors.stream().map(error -> error.code() + ": " + error.message()).collect(Collectors.joining("; "));
    }
}
