package dev.openirn.server.einvoice;

import dev.openirn.server.auth.Caller;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code /v1/einvoices}: generate, fetch, poll, cancel, list and find by IRN. */
@RestController
@RequestMapping(path = "/v1/einvoices", produces = MediaType.APPLICATION_JSON_VALUE)
class EInvoiceController {

    private final EInvoiceService service;
    private final EInvoiceCancellation cancellation;
    private final EInvoiceListing listing;

    EInvoiceController(EInvoiceService service, EInvoiceCancellation cancellation, EInvoiceListing listing) {
        this.service = service;
        this.cancellation = cancellation;
        this.listing = listing;
    }

    /** The raw body is kept as bytes: idempotency compares exactly what the client sent. */
    @PostMapping(consumes = {MediaType.APPLICATION_JSON_VALUE, "application/vnd.nic.einvoice+json"})
    ResponseEntity<EInvoiceView> create(Caller caller, @RequestBody(required = false) byte[] body,
            @RequestHeader(HttpHeaders.CONTENT_TYPE) MediaType contentType) {
        EInvoiceService.Outcome outcome = service.create(caller, body, contentType);
        return ResponseEntity.status(outcome.status()).body(outcome.einvoice());
    }

    @GetMapping("/{id}")
    EInvoiceView get(Caller caller, @PathVariable String id) {
        return service.get(caller, id);
    }

    @GetMapping("/{id}/status")
    EInvoiceStatusView status(Caller caller, @PathVariable String id) {
        return service.status(caller, id);
    }

    /**
     * 200 with the cancelled e-invoice; 202 with the e-invoice when the IRP could not be reached and
     * the stored cancel is completed in the background.
     */
    @PostMapping(path = "/{id}/cancel", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<EInvoiceView> cancel(Caller caller, @PathVariable String id, @RequestBody(required = false) byte[] body) {
        EInvoiceCancellation.Outcome outcome = cancellation.cancel(caller, id, body);
        return ResponseEntity.status(outcome.status()).body(outcome.einvoice());
    }

    @GetMapping("/irn/{irn}")
    EInvoiceView byIrn(Caller caller, @PathVariable String irn) {
        return service.getByIrn(caller, irn);
    }

    /** Newest first, keyset-paginated by id, filtered; see {@link EInvoiceListing}. */
    @GetMapping
    EInvoiceListing.Page list(Caller caller, @RequestParam MultiValueMap<String, String> parameters) {
        return listing.list(caller, parameters);
    }
}
