package dev.openirn.server.einvoice;

import dev.openirn.server.auth.Caller;
import dev.openirn.server.web.ApiException;
import dev.openirn.server.web.ErrorDetail;
import java.util.List;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Reads a caller's e-invoices and renders stored rows as the API's {@code einvoice} objects, for every feature. */
@Component
public class EInvoiceViews {

    private final EInvoices invoices;
    private final JsonMapper json;

    public EInvoiceViews(EInvoices invoices, JsonMapper json) {
        this.invoices = invoices;
        this.json = json;
    }

    /** The caller's e-invoice {@code id}, or 404: another tenant's or environment's row does not exist for this caller. */
    public EInvoice find(Caller caller, String id) {
        return invoices.find(caller.organizationId(), caller.environment().wireName(), id)
                .orElseThrow(() -> ApiException.notFound("E-invoice " + id));
    }

    /** {@code GET /v1/einvoices/{id}}: the caller's e-invoice as the API shows it, or 404, in one statement. */
    public EInvoiceView findView(Caller caller, String id) {
        EInvoices.Stored stored = findForRead(caller, id, true);
        return view(stored.invoice(), cancelStateShown(stored));
    }

    /** {@code GET /v1/einvoices/{id}/status}, read without the signed payloads. */
    public EInvoiceStatusView findStatus(Caller caller, String id) {
        EInvoices.Stored stored = findForRead(caller, id, false);
        return EInvoiceStatusView.of(stored.invoice(), cancelStateShown(stored));
    }

    private EInvoices.Stored findForRead(Caller caller, String id, boolean signedPayloads) {
        return invoices.findForRead(caller.organizationId(), caller.environment().wireName(), id, signedPayloads)
                .orElseThrow(() -> ApiException.notFound("E-invoice " + id));
    }

    /** As {@link #cancelState}: only a generated row reports its cancel bookkeeping. */
    private static CancelState cancelStateShown(EInvoices.Stored stored) {
        return stored.invoice().status() == EInvoiceStatus.GENERATED ? stored.cancel() : null;
    }

    public EInvoiceView view(EInvoice invoice) {
        return view(invoice, cancelState(invoice));
    }

    public EInvoiceView view(EInvoice invoice, CancelState cancel) {
        List<ErrorDetail> warnings = invoice.warnings() == null ? List.of()
                : json.readValue(invoice.warnings(), new TypeReference<List<ErrorDetail>>() { });
        EInvoiceView view = EInvoiceView.of(invoice, warnings, cancel);
        return invoices.linkedEwayBill(invoice.id()).map(bill -> "failed_terminal".equals(bill.status())
                        ? view.withEwayBill(null, new ErrorDetail("ewayBill", bill.errorCode(), bill.errorMessage() + " (e-way bill "
                                + bill.id() + "; retry with POST /v1/ewaybills and this eInvoiceId)", bill.upstreamCode()))
                        : view.withEwayBill(new EInvoiceView.EwayBillSummary(bill.id(), bill.status(), bill.ewbNumber(),
                                bill.ewbDate(), bill.validUntil()), null))
                .orElse(view);
    }

    public EInvoiceStatusView status(EInvoice invoice) {
        return EInvoiceStatusView.of(invoice, cancelState(invoice));
    }

    /** Only a generated row can have a cancel pending or a refused background cancel to report. */
    private CancelState cancelState(EInvoice invoice) {
        return invoice.status() == EInvoiceStatus.GENERATED ? invoices.findCancelState(invoice.id()).orElse(null) : null;
    }
}
