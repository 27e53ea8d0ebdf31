package dev.openirn.server.einvoice.listing;

import dev.openirn.server.auth.Caller;
import dev.openirn.server.einvoice.EInvoiceStatusView;
import dev.openirn.server.einvoice.EInvoiceView;
import dev.openirn.server.einvoice.EInvoiceViews;
import dev.openirn.server.einvoice.EInvoices;
import dev.openirn.server.web.ApiException;
import org.springframework.http.MediaType;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /v1/einvoices…}: fetch, poll, list and find by IRN. */
@RestController
@RequestMapping(path = "/v1/einvoices", produces = MediaType.APPLICATION_JSON_VALUE)
class EInvoiceReadController {

    private final EInvoiceViews views;
    private final EInvoices invoices;
    private final EInvoiceListing listing;

    EInvoiceReadController(EInvoiceViews views, EInvoices invoices, EInvoiceListing listing) {
        this.views = views;
        this.invoices = invoices;
        this.listing = listing;
    }

    @GetMapping("/{id}")
    EInvoiceView get(Caller caller, @PathVariable String id) {
        return views.findView(caller, id);
    }

    @GetMapping("/{id}/status")
    EInvoiceStatusView status(Caller caller, @PathVariable String id) {
        return views.findStatus(caller, id);
    }

    /** The e-invoice with this IRN in the caller's tenant and environment. */
    @GetMapping("/irn/{irn}")
    EInvoiceView byIrn(Caller caller, @PathVariable String irn) {
        return invoices.findByIrn(caller.organizationId(), caller.environment().wireName(), irn)
                .map(views::view)
                .orElseThrow(() -> ApiException.notFound("E-invoice with IRN " + irn));
    }

    /** Newest first, keyset-paginated by id, filtered; see {@link EInvoiceListing}. */
    @GetMapping
    EInvoiceListing.Page list(Caller caller, @RequestParam MultiValueMap<String, String> parameters) {
        return listing.list(caller, parameters);
    }
}
