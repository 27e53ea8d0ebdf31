package dev.openirn.server.ewaybill;

import dev.openirn.server.auth.Caller;
import dev.openirn.server.web.ApiException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code /v1/ewaybills}: generate, read, list and change e-way bills. Bodies are read as bytes and checked field by field. */
@RestController
@RequestMapping(path = "/v1/ewaybills", produces = MediaType.APPLICATION_JSON_VALUE)
class EwayBillController {

    private final EwayBillService service;
    private final EwayBillActions actions;
    private final EwayBillViews views;
    private final EwayBills bills;
    private final EwayBillListing listing;

    EwayBillController(EwayBillService service, EwayBillActions actions, EwayBillViews views, EwayBills bills,
            EwayBillListing listing) {
        this.service = service;
        this.actions = actions;
        this.views = views;
        this.bills = bills;
        this.listing = listing;
    }

    /** From an e-invoice ({@code eInvoiceId}) or standalone; 201 generated, 200 the document's existing bill, 202 still at NIC. */
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<EwayBillView> create(Caller caller, @RequestBody(required = false) byte[] body) {
        EwayBillService.Outcome outcome = service.create(caller, body);
        return ResponseEntity.status(outcome.status()).body(outcome.ewaybill());
    }

    @GetMapping("/{id}")
    EwayBillView get(Caller caller, @PathVariable String id) {
        return views.find(caller.organizationId(), caller.environment().wireName(), id);
    }

    @GetMapping
    EwayBillListing.EwayBillPage list(Caller caller, @RequestParam MultiValueMap<String, String> parameters) {
        return listing.list(caller, parameters);
    }

    /** The caller's bill with this NIC e-way bill number. */
    @GetMapping("/ewb/{ewbNumber}")
    EwayBillView byEwbNumber(Caller caller, @PathVariable String ewbNumber) {
        if (!ewbNumber.matches("\\d{1,15}")) {
            throw ApiException.notFound("E-way bill number " + ewbNumber);
        }
        return bills.findByEwbNumber(caller.organizationId(), caller.environment().wireName(), Long.parseLong(ewbNumber))
                .map(views::view).orElseThrow(() -> ApiException.notFound("E-way bill number " + ewbNumber));
    }

    /* The changes answer 200 once NIC made them, 202 while the change waits for NIC (shown as the bill's pendingAction). */

    private static ResponseEntity<EwayBillView> answer(EwayBillService.Outcome outcome) {
        return ResponseEntity.status(outcome.status()).body(outcome.ewaybill());
    }

    @PostMapping(path = "/{id}/update-part-b", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<EwayBillView> updatePartB(Caller caller, @PathVariable String id, @RequestBody(required = false) byte[] body) {
        return answer(actions.updatePartB(caller, id, body));
    }

    @PostMapping(path = "/{id}/extend-validity", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<EwayBillView> extendValidity(Caller caller, @PathVariable String id, @RequestBody(required = false) byte[] body) {
        return answer(actions.extendValidity(caller, id, body));
    }

    @PostMapping(path = "/{id}/update-transporter", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<EwayBillView> updateTransporter(Caller caller, @PathVariable String id, @RequestBody(required = false) byte[] body) {
        return answer(actions.updateTransporter(caller, id, body));
    }

    @PostMapping(path = "/{id}/cancel", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<EwayBillView> cancel(Caller caller, @PathVariable String id, @RequestBody(required = false) byte[] body) {
        return answer(actions.cancel(caller, id, body));
    }

    @PostMapping(path = "/{id}/reject", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<EwayBillView> reject(Caller caller, @PathVariable String id, @RequestBody(required = false) byte[] body) {
        return answer(actions.reject(caller, id, body));
    }
}
