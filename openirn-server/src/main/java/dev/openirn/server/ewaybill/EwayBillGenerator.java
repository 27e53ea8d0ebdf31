package dev.openirn.server.ewaybill;

import dev.openirn.server.events.EventOutbox;
import dev.openirn.server.events.EventType;
import dev.openirn.server.ewaybill.EwayBillLifecycle.Event;
import dev.openirn.server.irp.EwayBillPortal;
import dev.openirn.server.irp.EwbAnswer;
import dev.openirn.server.irp.Irp;
import dev.openirn.server.irp.IrpCredentials;
import dev.openirn.server.irp.IrpCredentialsMissingException;
import dev.openirn.server.irp.IrpLogin;
import dev.openirn.server.irp.IrpUnavailableException;
import dev.openirn.server.retry.RetryPolicy;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One generate attempt for a stored bill, by whoever holds its lease (the request's first attempt or the
 * worker). A bill whose earlier send went unanswered is first looked for at NIC (by document, or by IRN for the
 * IRP) and adopted if found, so a movement never gets two bills. The send itself is recorded before it leaves.
 */
@Component
class EwayBillGenerator {

    /** The document already has an active bill at NIC (ours, from an earlier unanswered attempt). */
    private static final List<String> ALREADY_GENERATED = List.of("604", "4002", "4026");

    private final EwayBills bills;
    private final Irp irp;
    private final EwayBillPortal portal;
    private final IrpCredentials credentials;
    private final TransactionTemplate transactions;
    private final EventOutbox outbox;
    private final EwayBillViews views;
    private final RetryPolicy retryPolicy;
    private final JsonMapper json;
    private final Clock clock;

    EwayBillGenerator(EwayBills bills, Irp irp, EwayBillPortal portal, IrpCredentials credentials,
            TransactionTemplate transactions, EventOutbox outbox, EwayBillViews views, RetryPolicy retryPolicy,
            JsonMapper json, Clock clock) {
        this.bills = bills;
        this.irp = irp;
        this.portal = portal;
        this.credentials = credentials;
        this.transactions = transactions;
        this.outbox = outbox;
        this.views = views;
        this.retryPolicy = retryPolicy;
        this.json = json;
        this.clock = clock;
    }

    /** Runs one attempt for bill {@code id} under {@code lease}; does nothing if the bill no longer waits for NIC. */
    void attempt(String id, String lease) {
        Optional<EwayBill> found = bills.get(id);
        if (found.isEmpty() || !found.get().status().awaitingNic() || !lease.equals(found.get().leaseOwner())) {
            return;
        }
        EwayBill bill = found.get();
        IrpLogin login;
        try {
            // By IRN the IRP's API user asks; a standalone bill goes to the e-way bill system with its own user.
            login = EwayBill.IRP.equals(bill.channel())
                    ? credentials.forSeller(bill.organizationId(), bill.environment(), bill.generatorGstin())
                    : credentials.forEwb(bill.organizationId(), bill.environment(), bill.generatorGstin());
        } catch (IrpCredentialsMissingException missing) {
            refuse(bill, lease, "ewb_credentials.not_configured", missing.getMessage(), null, null);
            return;
        }
        if (bill.outcomeUnknown()) {
            EwbAnswer earlier = readBack(bill, login);
            if (earlier.ok() && earlier.ewbNumber() > 0 && liveAtNic(earlier)) {
                generated(bill, lease, earlier, "adopted the bill NIC already held (an earlier attempt, or the IRN call, made it)");
                return;
            }
            if (!earlier.ok() && earlier.kind() != EwbAnswer.Kind.REFUSED) {
                retryLater(bill, lease, earlier, true);
                return; // still not known whether NIC made it: never send a second one
            }
        }
        transactions.executeWithoutResult(status -> bills.move(id, lease, Event.SENT,
                Map.of("outcome_unknown", true, "attempts", bill.attempts() + 1), "sent to NIC", clock.instant()));
        EwbAnswer answer = send(bill, login);
        switch (answer.kind()) {
            case OK -> generated(bill, lease, answer, "generated");
            case REFUSED -> {
                if (ALREADY_GENERATED.stream().anyMatch(answer::hasCode)) {
                    EwbAnswer existing = readBack(bill, login);
                    if (existing.ok() && existing.ewbNumber() > 0 && liveAtNic(existing)) {
                        generated(bill, lease, existing, "adopted the bill NIC already held for the document");
                        return;
                    }
                }
                refuse(bill, lease, "ewaybill.rejected_by_nic", "NIC refused the e-way bill: " + answer.firstMessage(),
                        answer.firstCode(), answer.firstMessage());
            }
            case AUTH_FAILED -> refuse(bill, lease, "ewb_credentials.invalid",
                    "NIC refused the API user of " + bill.generatorGstin() + ": " + answer.firstMessage(),
                    answer.firstCode(), answer.firstMessage());
            case UNAVAILABLE -> retryLater(bill, lease, answer, bill.outcomeUnknown());
            case UNKNOWN -> retryLater(bill, lease, answer, true);
        }
    }

    /** A bill read back is adopted only while NIC holds it active: a cancelled one belongs to an earlier movement. */
    private static boolean liveAtNic(EwbAnswer found) {
        return found.status() == null || "ACT".equals(found.status());
    }

    private EwbAnswer send(EwayBill bill, IrpLogin login) {
        try {
            return EwayBill.IRP.equals(bill.channel())
                    ? irp.generateEwayBill(bill.environment(), login, bill.nicPayload())
                    : portal.generate(bill.environment(), login, bill.nicPayload());
        } catch (IrpUnavailableException open) {
            return new EwbAnswer(EwbAnswer.Kind.UNAVAILABLE, 0, null, null, null, null, null, null, List.of(), open.getMessage());
        }
    }

    /** Looks for the bill an earlier attempt may have made; REFUSED means NIC has none for the document. */
    private EwbAnswer readBack(EwayBill bill, IrpLogin login) {
        try {
            return EwayBill.IRP.equals(bill.channel())
                    ? irp.getEwayBillByIrn(bill.environment(), login, bill.irn())
                    : portal.findByDocument(bill.environment(), login, bill.documentType(), bill.documentNumber());
        } catch (IrpUnavailableException open) {
            return new EwbAnswer(EwbAnswer.Kind.UNAVAILABLE, 0, null, null, null, null, null, null, List.of(), open.getMessage());
        }
    }

    private void generated(EwayBill bill, String lease, EwbAnswer answer, String note) {
        Instant now = clock.instant();
        transactions.executeWithoutResult(status -> {
            Map<String, Object> columns = new HashMap<>();
            columns.put("ewb_number", answer.ewbNumber());
            columns.put("ewb_date", answer.ewbDate() == null ? now : answer.ewbDate());
            columns.put("valid_until", answer.validUntil());
            if (answer.distance() != null && answer.distance() > 0) {
                columns.put("distance_km", answer.distance());
            }
            columns.put("outcome_unknown", false);
            columns.put("error_code", null);
            columns.put("error_message", null);
            columns.put("upstream_code", null);
            columns.put("upstream_message", null);
            columns.put("next_attempt_at", null);
            columns.put("lease_owner", null);
            columns.put("lease_until", null);
            if (!bills.move(bill.id(), lease, Event.GENERATED, columns, note, now)) {
                return;
            }
            if (bill.vehicleNumber() != null || transportDocumentNumber(bill) != null) {
                bills.append(bill.id(), EwayBillHistoryEntry.vehicle(bill.vehicleNumber(), bill.transportMode(),
                        transportDocumentNumber(bill), null, null, null, "first", null, answer.validUntil()), now);
            }
            EwayBill stored = bills.get(bill.id()).orElseThrow();
            outbox.publish(stored.organizationId(), stored.environment(), EventType.EWAYBILL_GENERATED, stored.id(),
                    views.view(stored), now);
        });
    }

    private String transportDocumentNumber(EwayBill bill) {
        JsonNode transport = json.readTree(bill.request()).get("transport");
        JsonNode number = transport == null ? null : transport.get("transportDocumentNumber");
        return number == null || number.isNull() ? null : number.asString();
    }

    private void refuse(EwayBill bill, String lease, String code, String message, String upstreamCode, String upstreamMessage) {
        Map<String, Object> columns = new HashMap<>();
        columns.put("error_code", code);
        columns.put("error_message", message);
        columns.put("upstream_code", upstreamCode);
        columns.put("upstream_message", upstreamMessage);
        columns.put("outcome_unknown", false);
        columns.put("next_attempt_at", null);
        columns.put("lease_owner", null);
        columns.put("lease_until", null);
        transactions.executeWithoutResult(status -> bills.move(bill.id(), lease, Event.REFUSED, columns, code, clock.instant()));
    }

    private void retryLater(EwayBill bill, String lease, EwbAnswer answer, boolean outcomeUnknown) {
        Instant now = clock.instant();
        boolean givenUp = !outcomeUnknown && retryPolicy.givenUp(bill.createdAt(), now);
        if (givenUp) {
            refuse(bill, lease, "ewaybill.retries_exhausted", "NIC stayed unavailable until the retry deadline: "
                    + answer.firstMessage(), null, null);
            return;
        }
        Map<String, Object> columns = new HashMap<>();
        columns.put("outcome_unknown", outcomeUnknown);
        columns.put("error_code", outcomeUnknown ? "ewaybill.outcome_unknown" : "upstream.unavailable");
        columns.put("error_message", answer.firstMessage());
        columns.put("next_attempt_at", retryPolicy.nextAttempt(now, bill.attempts()));
        columns.put("lease_owner", null);
        columns.put("lease_until", null);
        Event event = outcomeUnknown ? Event.OUTCOME_UNKNOWN : Event.NIC_UNAVAILABLE;
        transactions.executeWithoutResult(status -> bills.move(bill.id(), lease, event, columns,
                String.valueOf(columns.get("error_code")), now));
    }
}
