package dev.openirn.server.einvoice.listing;

import dev.openirn.server.auth.Caller;
import dev.openirn.server.einvoice.EInvoiceStatusView;
import dev.openirn.server.einvoice.EInvoiceView;
import dev.openirn.server.einvoice.EInvoiceViews;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
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
    private final EInvoiceListing listing;

    EInvoiceReadController(EInvoiceViews views, EInvoiceListing listing) {
        this.views = views;
        this.listing = listing;
    }

    /** Written as bytes (the view with its stored signed payloads copied in); the declared type documents the answer. */
    @GetMapping("/{id}")
    EInvoiceView get(Caller caller, @PathVariable String id, HttpServletResponse response) throws IOException {
        return write(views.findViewJson(caller, id), response);
    }

    @GetMapping("/{id}/status")
    EInvoiceStatusView status(Caller caller, @PathVariable String id) {
        return views.findStatus(caller, id);
    }

    /** The e-invoice with this IRN in the caller's tenant and environment. */
    @GetMapping("/irn/{irn}")
    EInvoiceView byIrn(Caller caller, @PathVariable String irn, HttpServletResponse response) throws IOException {
        return write(views.findViewJsonByIrn(caller, irn), response);
    }

    private static EInvoiceView write(byte[] body, HttpServletResponse response) throws IOException {
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
        return null;
    }

    /** Newest first, keyset-paginated by id, filtered; see {@link EInvoiceListing}. */
    @GetMapping
    EInvoiceListing.Page list(Caller caller, @RequestParam MultiValueMap<String, String> parameters) {
        return listing.list(caller, parameters);
    }
}
