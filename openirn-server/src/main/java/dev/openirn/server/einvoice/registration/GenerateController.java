package dev.openirn.server.einvoice.registration;

import dev.openirn.server.auth.Caller;
import dev.openirn.server.einvoice.EInvoiceView;
import dev.openirn.server.einvoice.EInvoiceViews;
import dev.openirn.server.ewaybill.EwayBillService;
import dev.openirn.server.web.RequestJson;
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
import tools.jackson.databind.JsonNode;

/** {@code POST /v1/einvoices}: generate. */
@RestController
@RequestMapping(path = "/v1/einvoices", produces = MediaType.APPLICATION_JSON_VALUE)
class GenerateController {

    private final EInvoiceService service;
    private final EwayBillService ewayBills;
    private final EInvoiceViews views;
    private final RequestJson requestJson;

    GenerateController(EInvoiceService service, EwayBillService ewayBills, EInvoiceViews views, RequestJson requestJson) {
        this.service = service;
        this.ewayBills = ewayBills;
        this.views = views;
        this.requestJson = requestJson;
    }

    /** The raw body is kept as bytes: idempotency compares exactly what the client sent. */
    @PostMapping(consumes = {MediaType.APPLICATION_JSON_VALUE, "application/vnd.nic.einvoice+json"})
    ResponseEntity<EInvoiceView> create(Caller caller, @RequestBody(required = false) byte[] body,
            @RequestHeader(HttpHeaders.CONTENT_TYPE) MediaType contentType, HttpServletResponse response)
            throws IOException {
        JsonNode ewayBillDetails = ewayBillDetails(body, contentType);
        boolean withEwayBill = ewayBillDetails != null && !ewayBillDetails.isNull();
        // With an e-way bill, the answer kept under the Idempotency-Key is the one below, which shows the bill too.
        EInvoiceService.Outcome outcome = service.create(caller, body, contentType, !withEwayBill);
        if (withEwayBill) {
            // IRN and e-way bill in one call: the bill is a linked record of its own, generated once the IRN is.
            String id = outcome.einvoice() != null ? outcome.einvoice().id()
                    : requestJson.readTree(outcome.storedBody()).get("id").asString();
            ewayBills.linkToEInvoice(caller.organizationId(), caller.environment().wireName(), caller.clientId(), id,
                    ewayBillDetails);
            EInvoiceView current = views.view(views.find(caller, id));
            return ResponseEntity.status(outcome.status()).body(current);
        }
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

    /** The body's {@code ewayBillDetails}, if any; a body that is no JSON object is left to the generate to refuse. */
    private JsonNode ewayBillDetails(byte[] body, MediaType contentType) {
        // Parsed again only when the bytes may hold the e-way bill leg: most bodies do not.
        if (body == null || !MediaType.APPLICATION_JSON.isCompatibleWith(contentType)
                || !RequestJson.mayHaveField(body, "ewayBillDetails")) {
            return null;
        }
        try {
            JsonNode tree = requestJson.readTree(body);
            return tree == null || !tree.isObject() ? null : tree.get("ewayBillDetails");
        } catch (RuntimeException malformed) {
            return null;
        }
    }
}
