package dev.openirn.server.ewaybill;

import dev.openirn.server.auth.Caller;
import dev.openirn.server.einvoice.EInvoice;
import dev.openirn.server.einvoice.EInvoices;
import dev.openirn.server.web.ApiException;
import dev.openirn.server.web.ErrorDetail;
import dev.openirn.server.web.RequestJson;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * OneFinOps' action-style e-way bill paths, which name the bill by its {@code ewbNumber} in the body (or the
 * e-invoice by its {@code irn}). Each finds the caller's own bill, renames the few fields those paths spell
 * differently, and hands the request to the resource-style route in {@link EwayBillController}: one
 * implementation, the same checks, answers and errors. Tenancy, idempotency and rate limits apply to every
 * {@code /v1} path alike.
 */
@RestController
class EwayBillActionAliases {

    private final EwayBillController resources;
    private final EwayBills bills;
    private final EInvoices invoices;
    private final RequestJson requestJson;
    private final JsonMapper json;

    EwayBillActionAliases(EwayBillController resources, EwayBills bills, EInvoices invoices, RequestJson requestJson,
            JsonMapper json) {
        this.resources = resources;
        this.bills = bills;
        this.invoices = invoices;
        this.requestJson = requestJson;
        this.json = json;
    }

    /** {@code POST /v1/ewaybills}: standalone, or for the e-invoice of {@code irn} (or {@code eInvoiceId}). */
    @PostMapping(path = "/v1/ewaybills/generate", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<EwayBillView> generateByAction(Caller caller, @RequestBody(required = false) byte[] body) {
        ObjectNode tree = object(body);
        if (RequestFields.at(tree, "irn") != null && RequestFields.at(tree, "eInvoiceId") == null) {
            tree.put("eInvoiceId", eInvoiceOf(caller, tree.get("irn")).id());
            tree.remove("irn");
        }
        return resources.create(caller, json.writeValueAsBytes(tree));
    }

    /** Generate EWB by IRN: the flat transport fields of the e-invoice's bill, as {@code POST /v1/ewaybills} takes them. */
    @PostMapping(path = "/v1/einvoices/ewaybill", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<EwayBillView> generateByIrn(Caller caller, @RequestBody(required = false) byte[] body) {
        ObjectNode tree = object(body);
        if (RequestFields.at(tree, "irn") == null) {
            throw ApiException.validation("irn is required.", List.of(ErrorDetail.of("irn", "required",
                    "The IRN of the e-invoice to make the e-way bill for.")));
        }
        EInvoice invoice = eInvoiceOf(caller, tree.get("irn"));
        ObjectNode request = json.createObjectNode();
        request.put("eInvoiceId", invoice.id());
        ObjectNode transport = request.putObject("transport");
        for (String name : List.of("distance", "transportMode", "transporterId", "transporterName",
                "transportDocumentNumber", "transportDocumentDate", "vehicleNumber", "vehicleType")) {
            if (tree.has(name)) {
                transport.set(name, tree.get(name));
            }
        }
        for (String party : List.of("from", "to")) {
            if (tree.has(party)) {
                request.set(party, tree.get(party));
            }
        }
        return resources.create(caller, json.writeValueAsBytes(request));
    }

    @PostMapping(path = "/v1/ewaybills/partb", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<EwayBillView> updatePartBByNumber(Caller caller, @RequestBody(required = false) byte[] body) {
        ObjectNode tree = object(body);
        return resources.updatePartB(caller, billOf(caller, tree), renamed(tree, Map.of()));
    }

    @PostMapping(path = "/v1/ewaybills/extend", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<EwayBillView> extendValidityByNumber(Caller caller, @RequestBody(required = false) byte[] body) {
        ObjectNode tree = object(body);
        return resources.extendValidity(caller, billOf(caller, tree),
                renamed(tree, Map.of("remainingDistance", "remainingDistanceKm")));
    }

    @PostMapping(path = "/v1/ewaybills/transporter", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<EwayBillView> updateTransporterByNumber(Caller caller, @RequestBody(required = false) byte[] body) {
        ObjectNode tree = object(body);
        return resources.updateTransporter(caller, billOf(caller, tree), renamed(tree, Map.of()));
    }

    @PostMapping(path = "/v1/ewaybills/cancel", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<EwayBillView> cancelByNumber(Caller caller, @RequestBody(required = false) byte[] body) {
        ObjectNode tree = object(body);
        return resources.cancel(caller, billOf(caller, tree),
                renamed(tree, Map.of("cancelReasonCode", "reasonCode", "cancelRemark", "remark")));
    }

    @PostMapping(path = "/v1/ewaybills/reject", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<EwayBillView> rejectByNumber(Caller caller, @RequestBody(required = false) byte[] body) {
        ObjectNode tree = object(body);
        return resources.reject(caller, billOf(caller, tree), renamed(tree, Map.of()));
    }

    @GetMapping(path = "/v1/ewaybills/ewbnumber", produces = MediaType.APPLICATION_JSON_VALUE)
    EwayBillView byEwbNumberQuery(Caller caller, @RequestParam(name = "ewbNumber", required = false) String ewbNumber) {
        if (ewbNumber == null || ewbNumber.isBlank()) {
            throw ApiException.validation("ewbNumber is required.", List.of(ErrorDetail.of("ewbNumber", "required",
                    "The 12-digit e-way bill number, as ?ewbNumber=…")));
        }
        return resources.byEwbNumber(caller, ewbNumber.trim());
    }

    private ObjectNode object(byte[] body) {
        JsonNode tree = body == null || body.length == 0 ? null : requestJson.readTree(body);
        if (tree == null || !tree.isObject()) {
            throw ApiException.validation("The body must be a JSON object.",
                    List.of(ErrorDetail.of("body", "required", "Send a JSON object.")));
        }
        return (ObjectNode) tree;
    }

    /** The id of the caller's bill named by the body's {@code ewbNumber}; 404 when the caller has none with it. */
    private String billOf(Caller caller, ObjectNode tree) {
        JsonNode number = RequestFields.at(tree, "ewbNumber");
        String digits = number == null ? null : number.isIntegralNumber() ? number.asString()
                : number.isString() ? number.asString().trim() : null;
        if (digits == null || !digits.matches("\\d{12}")) {
            throw ApiException.validation("ewbNumber must be the 12-digit e-way bill number.", List.of(
                    new ErrorDetail("ewbNumber", number == null ? "required" : "invalid_format",
                            "The 12-digit e-way bill number NIC gave the bill.", null)));
        }
        return bills.findByEwbNumber(caller.organizationId(), caller.environment().wireName(), Long.parseLong(digits))
                .map(EwayBill::id).orElseThrow(() -> ApiException.notFound("E-way bill number " + digits));
    }

    /** The caller's e-invoice with this IRN; 404 otherwise. */
    private EInvoice eInvoiceOf(Caller caller, JsonNode irn) {
        String text = irn.isString() ? irn.asString().trim() : "";
        if (!text.matches("[0-9a-fA-F]{64}")) {
            throw ApiException.validation("irn must be the 64-character IRN.", List.of(
                    new ErrorDetail("irn", "invalid_format", "The 64 hexadecimal characters of the IRN.", null)));
        }
        return invoices.findByIrn(caller.organizationId(), caller.environment().wireName(), text)
                .orElseThrow(() -> ApiException.notFound("E-invoice with IRN " + text));
    }

    /** The body without {@code ewbNumber}, each action-style field name given its resource-style name (unless both are sent). */
    private byte[] renamed(ObjectNode tree, Map<String, String> names) {
        ObjectNode copy = tree.deepCopy();
        copy.remove("ewbNumber");
        names.forEach((actionStyle, resourceStyle) -> {
            if (copy.has(actionStyle) && !copy.has(resourceStyle)) {
                copy.set(resourceStyle, copy.remove(actionStyle));
            }
        });
        return json.writeValueAsBytes(copy);
    }
}
