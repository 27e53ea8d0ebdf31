package dev.openirn.server.einvoice.cancellation;

import dev.openirn.server.auth.Caller;
import dev.openirn.server.einvoice.EInvoiceView;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /v1/einvoices/{id}/cancel}. */
@RestController
@RequestMapping(path = "/v1/einvoices", produces = MediaType.APPLICATION_JSON_VALUE)
class CancelController {

    private final EInvoiceCancellation cancellation;

    CancelController(EInvoiceCancellation cancellation) {
        this.cancellation = cancellation;
    }

    /**
     * 200 with the cancelled e-invoice; 202 with the e-invoice when the IRP could not be reached and
     * the stored cancel is completed in the background.
     */
    @PostMapping(path = "/{id}/cancel", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<EInvoiceView> cancel(Caller caller, @PathVariable String id, @RequestBody(required = false) byte[] body) {
        EInvoiceCancellation.Outcome outcome = cancellation.cancel(caller, id, body);
        return switch (outcome.kind()) {
            case CANCELLED -> ResponseEntity.ok(outcome.einvoice());
            case DEFERRED -> ResponseEntity.status(HttpStatus.ACCEPTED).body(outcome.einvoice());
            case REFUSED -> throw CancelRefusals.toApiException(outcome.refusal());
        };
    }
}
