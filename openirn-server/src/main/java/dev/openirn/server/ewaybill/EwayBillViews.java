package dev.openirn.server.ewaybill;

import dev.openirn.server.web.ApiException;
import dev.openirn.server.web.ErrorDetail;
import java.util.List;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Renders stored bills with their history as the API's {@code ewaybill} object. */
@Component
public class EwayBillViews {

    private final EwayBills bills;
    private final JsonMapper json;

    EwayBillViews(EwayBills bills, JsonMapper json) {
        this.bills = bills;
        this.json = json;
    }

    public EwayBillView view(EwayBill bill) {
        List<EwayBillHistoryEntry> history = bills.history(bill.id());
        List<EwayBillView.Vehicle> vehicles = history.stream()
                .filter(entry -> entry.kind().equals("vehicle") && entry.inForce())
                .map(entry -> new EwayBillView.Vehicle(entry.vehicleNumber(), entry.transportMode(),
                        entry.transportDocumentNumber(), entry.transportDocumentDate(), entry.fromPlace(),
                        entry.fromStateCode(), entry.reasonCode(), entry.remark(), entry.at()))
                .toList();
        List<EwayBillView.HistoryEntry> entries = history.stream()
                .map(entry -> new EwayBillView.HistoryEntry(entry.at(), entry.kind(), entry.state(), entry.fromStatus(),
                        entry.toStatus(),
                        entry.vehicleNumber(), entry.transporterId(), entry.validUntil(), entry.reasonCode(),
                        entry.remark(), entry.note()))
                .toList();
        List<ErrorDetail> warnings = bill.warnings() == null ? List.of()
                : json.readValue(bill.warnings(), new TypeReference<List<ErrorDetail>>() { });
        boolean waiting = bill.status().awaitingNic();
        EwayBillView.PendingAction pending = bills.pendingAction(bill.id())
                .map(action -> new EwayBillView.PendingAction(action.route(), action.requestedAt(),
                        Math.max(0, action.attempts() - 1), action.nextAttemptAt(), action.errorCode(), action.upstreamMessage()))
                .orElse(null);
        return new EwayBillView(bill.id(), "ewaybill", bill.status().wireName(), bill.ewbNumber(), bill.ewbDate(),
                bill.validUntil(), bill.eInvoiceId(), bill.irn(), bill.generatorGstin(), bill.supplyType(),
                bill.subSupplyType(), bill.documentType(), bill.documentNumber(), bill.documentDate(), bill.fromGstin(),
                bill.toGstin(), bill.totalInvoiceValue(),
                new EwayBillView.Transport(bill.transportMode(), bill.distanceKm(), bill.vehicleNumber(), bill.transporterId()),
                vehicles, entries, bill.cancelledAt(), bill.cancellationReason(), bill.rejectedAt(), pending, warnings,
                bill.errorCode(), bill.errorMessage(), bill.upstreamCode(), Math.max(0, bill.attempts() - 1),
                waiting ? bill.nextAttemptAt() : null, bill.createdAt());
    }

    /** The caller's bill {@code id}; another tenant's id is not found. */
    public EwayBillView find(String organizationId, String environment, String id) {
        return bills.find(organizationId, environment, id).map(this::view)
                .orElseThrow(() -> ApiException.notFound("E-way bill " + id));
    }
}
