package dev.openirn.server.einvoice;

import dev.openirn.server.auth.Caller;
import dev.openirn.server.support.SignedPayloadSplice;
import dev.openirn.server.web.ApiException;
import dev.openirn.server.web.ErrorDetail;
import java.nio.charset.StandardCharsets;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** Reads a caller's e-invoices and renders stored rows as the API's {@code einvoice} objects, for every feature. */
@Component
public class EInvoiceViews {

    private final EInvoices invoices;
    private final JsonMapper json;
    private final StoredWarnings warnings;

    EInvoiceViews(EInvoices invoices, JsonMapper json, StoredWarnings warnings) {
        this.invoices = invoices;
        this.json = json;
        this.warnings = warnings;
    }

    /** The caller's e-invoice {@code id}, or 404: another tenant's or environment's row does not exist for this caller. */
    public EInvoice find(Caller caller, String id) {
        return invoices.find(caller.organizationId(), caller.environment().wireName(), id)
                .orElseThrow(() -> ApiException.notFound("E-invoice " + id));
    }

    /**
     * {@code GET /v1/einvoices/{id}} as the JSON bytes it answers, exactly {@link #view} of the whole row rendered by
     * the same mapper, in one statement: the view is rendered without its signed payloads, which are then copied in
     * as the row stores them (several KB of JWS neither decoded nor escaped on every read).
     */
    public byte[] findViewJson(Caller caller, String id) {
        return json(invoices.findForView(caller.organizationId(), caller.environment().wireName(), id)
                .orElseThrow(() -> ApiException.notFound("E-invoice " + id)));
    }

    /** {@code GET /v1/einvoices/irn/{irn}}, as {@link #findViewJson}. */
    public byte[] findViewJsonByIrn(Caller caller, String irn) {
        return json(invoices.findForViewByIrn(caller.organizationId(), caller.environment().wireName(), irn)
                .orElseThrow(() -> ApiException.notFound("E-invoice with IRN " + irn)));
    }

    private byte[] json(EInvoices.ForView row) {
        EInvoice invoice = row.invoice();
        EInvoiceView view = withEwayBill(EInvoiceView.of(invoice, warnings.of(invoice),
                invoice.status() == EInvoiceStatus.GENERATED ? row.cancel() : null), row.ewayBill());
        byte[] rendered = json.writeValueAsBytes(view);
        if (!EInvoiceView.servesSignedPayloads(invoice)) {
            return rendered;
        }
        SignedPayloadSplice.Gap gap = SignedPayloadSplice.ofNulls(rendered);
        byte[] filled = gap == null ? null : SignedPayloadSplice.fill(gap, row.signedQrCode(), row.signedInvoice());
        if (filled != null) {
            return filled;
        }
        // A payload JSON would have to escape: render it the ordinary way.
        return json.writeValueAsBytes(view.withSignedPayloads(text(row.signedQrCode()), text(row.signedInvoice())));
    }

    private static String text(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
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
        return withEwayBill(EInvoiceView.of(invoice, warnings.of(invoice), cancel), invoices.linkedEwayBill(invoice.id()).orElse(null));
    }

    private static EInvoiceView withEwayBill(EInvoiceView view, EInvoices.LinkedEwayBill bill) {
        if (bill == null) {
            return view;
        }
        return "failed_terminal".equals(bill.status())
                ? view.withEwayBill(null, new ErrorDetail("ewayBill", bill.errorCode(), bill.errorMessage() + " (e-way bill "
                        + bill.id() + "; retry with POST /v1/ewaybills and this eInvoiceId)", bill.upstreamCode()))
                : view.withEwayBill(new EInvoiceView.EwayBillSummary(bill.id(), bill.status(), bill.ewbNumber(),
                        bill.ewbDate(), bill.validUntil()), null);
    }

    public EInvoiceStatusView status(EInvoice invoice) {
        return EInvoiceStatusView.of(invoice, cancelState(invoice));
    }

    /** Only a generated row can have a cancel pending or a refused background cancel to report. */
    private CancelState cancelState(EInvoice invoice) {
        return invoice.status() == EInvoiceStatus.GENERATED ? invoices.findCancelState(invoice.id()).orElse(null) : null;
    }
}
