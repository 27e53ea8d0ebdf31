package dev.openirn.server.einvoice.registration;

import dev.openirn.server.auth.Caller;
import dev.openirn.server.einvoice.EInvoiceView;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /v1/einvoices}: generate. */
@RestController
@RequestMapping(path = "/v1/einvoices", produces = MediaType.APPLICATION_JSON_VALUE)
class GenerateController {

    private final EInvoiceService service;

    GenerateController(EInvoiceService service) {
        this.service = service;
    }

    /** The raw body is kept as bytes: idempotency compares exactly what the client sent. */
    @PostMapping(consumes = {MediaType.APPLICATION_JSON_VALUE, "application/vnd.nic.einvoice+json"})
    ResponseEntity<EInvoiceView> create(Caller caller, @RequestBody(required = false) byte[] body,
            @RequestHeader(HttpHeaders.CONTENT_TYPE) MediaType contentType) {
        EInvoiceService.Outcome outcome = service.create(caller, body, contentType);
        return ResponseEntity.status(outcome.status()).body(outcome.einvoice());
    }
}
