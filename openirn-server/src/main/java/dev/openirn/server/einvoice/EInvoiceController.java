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
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code /v1/einvoices}: generate, fetch and poll (onefinops-api.md §8). */
@RestController
@RequestMapping(path = "/v1/einvoices", produces = MediaType.APPLICATION_JSON_VALUE)
class EInvoiceController {

    private final EInvoiceService service;

    EInvoiceController(EInvoiceService service) {
        this.service = service;
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
}
