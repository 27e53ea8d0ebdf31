package dev.openirn.sandbox;

import dev.openirn.gst.nic.NicJson;
import dev.openirn.gst.nic.NicTimestamps;
import dev.openirn.nic.NicError;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** NIC's cancel API: an active IRN of the caller's GSTIN, within 24 hours of its acknowledgement. */
final class SandboxCancellations {

    private static final Duration CANCEL_WINDOW = Duration.ofHours(24);

    final AtomicLong cancellations = new AtomicLong();

    private final SandboxAuth auth;
    private final SandboxStore store;
    private final Clock clock;
    private final Predicate<String> hasActiveEwayBill;

    SandboxCancellations(IrpSandbox config, SandboxAuth auth, SandboxStore store, Predicate<String> hasActiveEwayBill) {
        this.auth = auth;
        this.store = store;
        this.clock = config.clock;
        this.hasActiveEwayBill = hasActiveEwayBill;
    }

    Reply cancel(SandboxRequest request) {
        return auth.withBody(request, this::cancel);
    }

    private Reply cancel(SandboxStore.Session session, JsonNode cancelRequest) {
        String irn = SandboxRequest.text(cancelRequest, "Irn");
        String reason = SandboxRequest.text(cancelRequest, "CnlRsn");
        String remark = SandboxRequest.text(cancelRequest, "CnlRem");
        List<NicError> errors = new ArrayList<>();
        if (irn == null) {
            errors.add(NicError.schema("The Irn field is required."));
        }
        // NIC's own sample sends "1 " with a trailing space.
        reason = reason == null ? null : reason.trim();
        if (reason == null || !reason.matches("[1-4]")) {
            errors.add(NicError.schema("The field Cancel Reason must match the regular expression '^([1-4]{1})$'."));
        }
        if (remark != null && remark.length() > 100) {
            errors.add(NicError.schema("The field Cancel Remarks must be a string with a maximum length of 100."));
        }
        if (!errors.isEmpty()) {
            return Reply.nicFailure(errors, null);
        }
        Optional<SandboxStore.StoredInvoice> found = store.invoiceByIrn(irn.toLowerCase(Locale.ROOT));
        if (found.isEmpty()) {
            return Reply.nicFailure(NicError.IRN_NOT_AVAILABLE);
        }
        SandboxStore.StoredInvoice invoice = found.get();
        if (!invoice.sellerGstin().equals(session.gstin())) {
            return Reply.nicFailure(NicError.NOT_USERS_INVOICE);
        }
        if (!"ACT".equals(invoice.status())) {
            return Reply.nicFailure(NicError.NOT_ACTIVE);
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        if (now.isAfter(invoice.ackAt().plus(CANCEL_WINDOW))) {
            return Reply.nicFailure(NicError.CANCEL_WINDOW_CROSSED);
        }
        if (hasActiveEwayBill.test(invoice.irn())) {
            return Reply.nicFailure(NicError.ACTIVE_EWAY_BILL);
        }
        if (!store.cancel(invoice.irn(), reason, remark, now)) {
            return Reply.nicFailure(NicError.NOT_ACTIVE);
        }
        cancellations.incrementAndGet();
        ObjectNode result = NicJson.object();
        result.put("Irn", invoice.irn());
        result.put("CancelDate", NicTimestamps.format(now));
        return Reply.nicSuccess(SandboxAuth.encrypted(session, result));
    }
}
