package dev.openirn.server.einvoice.registration;

import dev.openirn.server.auth.Caller;
import dev.openirn.server.einvoice.EInvoiceView;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
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
            @RequestHeader(HttpHeaders.CONTENT_TYPE) MediaType contentType, HttpServletResponse response)
            throws IOException {
        EInvoiceService.Outcome outcome = service.create(caller, body, contentType);
        if (outcome.storedBody() != null) {
            // Already rendered and stored under the Idempotency-Key: a replay answers these very bytes.
            response.setStatus(outcome.status().value());
            response.setContentType(MediaType.APPLICATION_JSON_VALUE);
            response.setContentLength(outcome.storedBody().length);
            response.getOutputStream().write(outcome.storedBody());
            return null;
        }
        return ResponseEntity.status(outcome.status()).body(outcome.einvoice());
    }
}
