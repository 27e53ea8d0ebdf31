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

    public EInvoiceView view(EInvoice invoice) {
        return view(invoice, cancelState(invoice));
    }

    public EInvoiceView view(EInvoice invoice, CancelState cancel) {
        List<ErrorDetail> warnings = invoice.warnings() == null ? List.of()
                : json.readValue(invoice.warnings(), new TypeReference<List<ErrorDetail>>() { });
        return EInvoiceView.of(invoice, warnings, cancel);
    }

    public EInvoiceStatusView status(EInvoice invoice) {
        return EInvoiceStatusView.of(invoice, cancelState(invoice));
    }

    /** Only a generated row can have a cancel pending or a refused background cancel to report. */
    private CancelState cancelState(EInvoice invoice) {
        return invoice.status() == EInvoiceStatus.GENERATED ? invoices.findCancelState(invoice.id()).orElse(null) : null;
    }
}
