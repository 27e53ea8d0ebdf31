package dev.openirn.server.ewaybill;

import dev.openirn.server.auth.Caller;
import dev.openirn.server.einvoice.EInvoice;
import dev.openirn.server.einvoice.EInvoiceStatus;
import dev.openirn.server.einvoice.EInvoices;
import dev.openirn.server.ewaybill.EwayBillLifecycle.Event;
import dev.openirn.server.retry.FirstAttempts;
import dev.openirn.server.retry.RetryPolicy;
import dev.openirn.server.support.Ids;
import dev.openirn.server.support.NodeIdentity;
import dev.openirn.server.web.ApiException;
import dev.openirn.server.web.ErrorDetail;
import dev.openirn.server.web.RequestJson;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Generate flow of {@code POST /v1/ewaybills}: check the body, find the document's bill if it has one, store a
 * new bill before anything goes to NIC, then give NIC one attempt within the sync deadline; the worker carries
 * whatever remains to a final status.
 */
@Service
public class EwayBillService {

    private static final ZoneOffset IST = ZoneOffset.ofHoursMinutes(5, 30);

    private final EwayBills bills;
    private final EInvoices invoices;
    private final EwayBillGenerator generator;
    private final EwayBillViews views;
    private final RequestJson requestJson;
    private final JsonMapper json;
    private final TransactionTemplate transactions;
    private final FirstAttempts firstAttempts;
    private final NodeIdentity node;
    private final RetryPolicy retryPolicy;
    private final Clock clock;

    EwayBillService(EwayBills bills, EInvoices invoices, EwayBillGenerator generator, EwayBillViews views,
            RequestJson requestJson, JsonMapper json, TransactionTemplate transactions,
            FirstAttempts firstAttempts, NodeIdentity node, RetryPolicy retryPolicy, Clock clock) {
        this.bills = bills;
        this.invoices = invoices;
        this.generator = generator;
        this.views = views;
        this.requestJson = requestJson;
        this.json = json;
        this.transactions = transactions;
        this.firstAttempts = firstAttempts;
        this.node = node;
        this.retryPolicy = retryPolicy;
        this.clock = clock;
    }

    /** What a generate request did: the bill and the HTTP status that says so (201, 200 for a known one, 202). */
    public record Outcome(HttpStatus status, EwayBillView ewaybill) {
    }

    public Outcome create(Caller caller, byte[] body) {
        JsonNode tree = body == null || body.length == 0 ? null : requestJson.readTree(body);
        if (tree == null || !tree.isObject()) {
            throw ApiException.validation("The body must be a JSON object.", List.of(ErrorDetail.of("body", "required",
                    "Send the e-way bill as a JSON object.")));
        }
        GenerateRequest request = RequestFields.at(tree, "eInvoiceId") != null ? fromEInvoice(caller, tree) : standalone(tree);
        return create(caller.organizationId(), caller.environment().wireName(), caller.clientId(), request,
                json.writeValueAsString(tree), false);
    }

    /** Stores and generates a bill for a checked request (also used for the e-way bill leg of an e-invoice). */
    Outcome create(String organizationId, String environment, String clientId, GenerateRequest request,
            String requestJson, boolean readBackFirst) {
        String hash = sha256(request.nicPayload());
        for (int tries = 0; tries < 2; tries++) {
            Optional<EwayBill> live = bills.findLiveByDocument(organizationId, environment,
                    request.generatorGstin(), request.documentType(), request.documentNumber());
            if (live.isPresent()) {
                if (live.get().payloadHash().equals(hash)) {
                    return new Outcome(HttpStatus.OK, views.view(live.get()));
                }
                throw new ApiException(HttpStatus.CONFLICT, "ewaybill.duplicate",
                        "Document " + request.documentType() + " " + request.documentNumber() + " already has e-way bill "
                                + live.get().id() + " (" + live.get().status().wireName() + "); cancel it first to move the goods on a new one.",
                        List.of(new ErrorDetail("id", "ewaybill.existing_id", live.get().id(), "604")), null, null);
            }
            String lease = node.id() + "/" + UUID.randomUUID();
            Instant leaseUntil = clock.instant().plus(retryPolicy.lease());
            Optional<EwayBill> failed = bills.findFailedByDocument(organizationId, environment,
                    request.generatorGstin(), request.documentType(), request.documentNumber());
            String id;
            try {
                if (failed.isPresent()) {
                    id = failed.get().id();
                    resubmit(failed.get(), clientId, request, requestJson, hash, lease, leaseUntil);
                } else {
                    EwayBill fresh = newRow(organizationId, environment, clientId, request, requestJson, hash, readBackFirst);
                    id = fresh.id();
                    transactions.executeWithoutResult(status -> bills.insert(fresh, lease, leaseUntil));
                }
            } catch (DuplicateKeyException raced) {
                continue; // a concurrent request stored the same document first: answer as for an existing one
            }
            return attemptWithinDeadline(id, lease);
        }
        throw new IllegalStateException("E-way bill row neither insertable nor readable");
    }

    private void resubmit(EwayBill failed, String clientId, GenerateRequest request, String requestJson, String hash,
            String lease, Instant leaseUntil) {
        Map<String, Object> columns = new LinkedHashMap<>();
        columns.put("client_id", clientId);
        columns.put("request", requestJson);
        columns.put("nic_payload", request.nicPayload());
        columns.put("payload_hash", hash);
        columns.put("transport_mode", request.transport().mode());
        columns.put("vehicle_number", request.transport().vehicleNumber());
        columns.put("transporter_id", request.transport().transporterId());
        columns.put("distance_km", request.transport().distance());
        columns.put("warnings", warnings(request));
        columns.put("error_code", null);
        columns.put("error_message", null);
        columns.put("upstream_code", null);
        columns.put("upstream_message", null);
        columns.put("attempts", 0);
        columns.put("created_at", clock.instant());
        columns.put("next_attempt_at", leaseUntil);
        columns.put("lease_owner", lease);
        columns.put("lease_until", leaseUntil);
        boolean moved = Boolean.TRUE.equals(transactions.execute(status -> bills.move(failed.id(), null, Event.RESUBMITTED,
                columns, "resubmitted", clock.instant())));
        if (!moved) {
            throw new DuplicateKeyException("bill " + failed.id() + " moved on meanwhile");
        }
    }

    private Outcome attemptWithinDeadline(String id, String lease) {
        FirstAttempts.Wait<Object> wait = firstAttempts.run(() -> {
            generator.attempt(id, lease);
            return null;
        }, "E-way bill attempt");
        if (wait.ending() == FirstAttempts.Ending.NOT_STARTED) {
            bills.release(id, lease); // every NIC thread is busy: the worker takes the bill at once
        }
        // Still running: the attempt goes on in the background (it holds the lease); the caller polls the bill.
        EwayBill bill = bills.get(id).orElseThrow();
        return switch (bill.status()) {
            case GENERATED -> new Outcome(HttpStatus.CREATED, views.view(bill));
            case FAILED_TERMINAL -> throw rejection(bill);
            default -> new Outcome(HttpStatus.ACCEPTED, views.view(bill));
        };
    }

    static ApiException rejection(EwayBill bill) {
        HttpStatus status = switch (bill.errorCode()) {
            case "ewb_credentials.not_configured" -> HttpStatus.BAD_REQUEST;
            case "ewb_credentials.invalid" -> HttpStatus.BAD_GATEWAY;
            default -> HttpStatus.UNPROCESSABLE_CONTENT;
        };
        dev.openirn.server.web.Upstream upstream = bill.upstreamCode() == null ? null
                : dev.openirn.server.web.Upstream.nic(bill.upstreamCode(), bill.upstreamMessage());
        return new ApiException(status, bill.errorCode(), bill.errorMessage(),
                List.of(new ErrorDetail("id", "ewaybill.failed_terminal", bill.id(), bill.upstreamCode())), upstream, null);
    }

    private EwayBill newRow(String organizationId, String environment, String clientId, GenerateRequest request,
            String requestJson, String hash, boolean readBackFirst) {
        Instant now = clock.instant();
        GenerateRequest.Transport transport = request.transport();
        return new EwayBill(Ids.withPrefix("ewb"), organizationId, environment, clientId, EwayBillStatus.PENDING, request.channel(), request.eInvoiceId(), request.irn(),
                request.generatorGstin(), request.supplyType(), request.subSupplyType(), request.documentType(),
                request.documentNumber(), request.documentDate(), request.fromGstin(), request.toGstin(),
                request.totalInvoiceValue(), transport.mode(), transport.vehicleNumber(), transport.transporterId(),
                transport.distance(), requestJson, request.nicPayload(), hash, warnings(request), null, null, null, null,
                null, null, null, null, null, null, 0, readBackFirst, null, null, null, now, now);
    }

    private String warnings(GenerateRequest request) {
        return request.warnings().isEmpty() ? null : json.writeValueAsString(request.warnings());
    }

    LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), IST);
    }

    /** Mode 1: the e-invoice gives the document and parties; the body adds the transport and physical from/to. */
    GenerateRequest fromEInvoice(Caller caller, JsonNode body) {
        RequestFields fields = new RequestFields();
        String eInvoiceId = fields.text(body, "", "eInvoiceId", true, 40);
        EInvoice invoice = eInvoiceId == null ? null : invoices.find(caller.organizationId(),
                caller.environment().wireName(), eInvoiceId).orElseThrow(() -> ApiException.notFound("E-invoice " + eInvoiceId));
        fields.throwIfInvalid();
        if (invoice.status() != EInvoiceStatus.GENERATED || invoice.irn() == null) {
            throw new ApiException(HttpStatus.CONFLICT, "ewaybill.einvoice_not_generated",
                    "E-invoice " + eInvoiceId + " is " + invoice.status().wireName() + "; an e-way bill needs a generated IRN.",
                    List.of(ErrorDetail.of("eInvoiceId", "ewaybill.einvoice_not_generated", invoice.status().wireName())), null, null);
        }
        return forEInvoice(invoice, body, fields);
    }

    /** The generate-by-IRN request for a generated e-invoice and a transport body ({@code transport}, optional {@code from}/{@code to}). */
    GenerateRequest forEInvoice(EInvoice invoice, JsonNode body, RequestFields fields) {
        if (List.of("CRN", "DBN").contains(invoice.documentType())) {
            fields.error("eInvoiceId", "ewaybill.not_for_notes", "Credit and debit notes do not move goods: no e-way bill.", "4010");
        }
        GenerateRequest.Transport transport = EwayBillRequests.transport(fields, RequestFields.at(body, "transport"),
                invoice.invoiceDate(), today());
        EwayBillRequests.Party from = EwayBillRequests.party(fields, body, "from", false);
        EwayBillRequests.Party to = EwayBillRequests.party(fields, body, "to", false);
        fields.throwIfInvalid();
        List<ErrorDetail> warnings = EwayBillRequests.thresholdWarning(invoice.totalInvoiceValue(), "eInvoiceId");
        return new GenerateRequest(EwayBill.IRP, invoice.id(), invoice.irn(), invoice.sellerGstin(),
                "B2B".equals(invoice.supplyType()) ? "O" : "O", "1", invoice.documentType(), invoice.invoiceNumber(),
                invoice.invoiceDate(), invoice.sellerGstin(), invoice.buyerGstin(), invoice.totalInvoiceValue(), transport,
                EwayBillRequests.nicByIrn(json, invoice.irn(), transport, from, to), warnings);
    }

    /** Mode 2: a standalone bill with every field of the movement. */
    GenerateRequest standalone(JsonNode body) {
        RequestFields fields = new RequestFields();
        LocalDate today = today();
        String supplyType = fields.oneOf(body, "", "supplyType", true, EwayBillRequests.SUPPLY_TYPES, "201");
        String subSupplyType = fields.oneOf(body, "", "subSupplyType", true, EwayBillRequests.SUB_SUPPLY_TYPES, "202");
        String subSupplyDescription = fields.text(body, "", "subSupplyDescription", false, 20);
        if ("8".equals(subSupplyType) && subSupplyDescription == null) {
            fields.error("subSupplyDescription", "ewaybill.sub_supply_description_required",
                    "subSupplyType 8 (Others) needs a subSupplyDescription.", "377");
        }
        if (supplyType != null && subSupplyType != null
                && !EwayBillRequests.SUB_SUPPLY_BY_SUPPLY.get(supplyType).contains(subSupplyType)) {
            fields.error("subSupplyType", "ewaybill.sub_supply_mismatch", "subSupplyType " + subSupplyType
                    + " does not go with supplyType " + supplyType + ".", "203");
        }
        String documentType = fields.oneOf(body, "", "documentType", true, EwayBillRequests.DOCUMENT_TYPES, "204");
        if (documentType != null && subSupplyType != null
                && !EwayBillRequests.DOCUMENTS_BY_SUB_SUPPLY.get(subSupplyType).contains(documentType)) {
            fields.error("documentType", "ewaybill.document_type_mismatch", "documentType " + documentType
                    + " does not go with subSupplyType " + subSupplyType + ".", "205");
        }
        String documentNumber = fields.text(body, "", "documentNumber", true, 16);
        if (documentNumber != null && !RequestFields.DOCUMENT_NUMBER.matcher(documentNumber).matches()) {
            fields.error("documentNumber", "invalid_format", "Letters, digits, '/' and '-' only, at most 16.", "206");
        }
        LocalDate documentDate = fields.date(body, "", "documentDate", true);
        EwayBillRequests.documentDate(fields, "documentDate", documentDate, today);
        Integer transactionType = fields.integer(body, "", "transactionType", false, 1, 4, "612");
        EwayBillRequests.Party from = EwayBillRequests.party(fields, body, "from", true);
        EwayBillRequests.Party to = EwayBillRequests.party(fields, body, "to", true);
        String generator = fields.gstin(body, "", "sellerGstin", false, false);
        if (generator == null && supplyType != null) {
            EwayBillRequests.Party own = "O".equals(supplyType) ? from : to;
            generator = own == null || "URP".equals(own.gstin()) ? null : own.gstin();
            if (own != null && generator == null) {
                fields.error("O".equals(supplyType) ? "from.gstin" : "to.gstin", "ewaybill.generator_required",
                        "The generator (from for outward, to for inward) must be a GSTIN.", "O".equals(supplyType) ? "359" : "360");
            }
        }
        JsonNode totals = RequestFields.at(body, "totals");
        BigDecimal totalInvoiceValue = null;
        if (totals == null) {
            fields.error("totals", "required", "totals is required.", "640");
        } else {
            for (String name : List.of("totalValue", "cgstValue", "sgstValue", "igstValue", "cessValue", "cessNonAdvolValue")) {
                BigDecimal value = fields.amount(totals, "totals", name, name.equals("totalValue"));
                if (value != null && value.signum() < 0) {
                    fields.error("totals." + name, "negative", "Must not be negative.", "627");
                }
            }
            fields.amount(totals, "totals", "otherValue", false);
            totalInvoiceValue = fields.amount(totals, "totals", "totalInvoiceValue", true);
        }
        JsonNode itemNodes = RequestFields.at(body, "items");
        ArrayNode items = json.createArrayNode();
        if (itemNodes == null || !itemNodes.isArray() || itemNodes.isEmpty()) {
            fields.error("items", "required", "At least one item is required.", "233");
        } else {
            for (int index = 0; index < itemNodes.size(); index++) {
                JsonNode item = itemNodes.get(index);
                String path = "items[" + index + "]";
                String hsn = fields.text(item, path, "hsnCode", true, 8);
                if (hsn != null && !hsn.matches("\\d{4,8}")) {
                    fields.error(path + ".hsnCode", "invalid_hsn", "HSN codes have 4 to 8 digits.", "216");
                }
                BigDecimal taxable = fields.amount(item, path, "taxableAmount", true);
                ObjectNode nicItem = json.createObjectNode();
                nicItem.put("productName", fields.text(item, path, "productName", false, 100));
                nicItem.put("productDesc", fields.text(item, path, "productDescription", false, 100));
                nicItem.put("hsnCode", hsn);
                BigDecimal quantity = fields.amount(item, path, "quantity", false);
                nicItem.put("quantity", quantity == null ? BigDecimal.ZERO : quantity);
                String unit = fields.text(item, path, "unit", false, 3);
                nicItem.put("qtyUnit", unit == null ? "NOS" : unit);
                for (String[] rate : new String[][] {{"cgstRate", "cgstRate"}, {"sgstRate", "sgstRate"},
                        {"igstRate", "igstRate"}, {"cessRate", "cessRate"}, {"cessNonAdvol", "cessNonadvol"}}) {
                    BigDecimal value = fields.amount(item, path, rate[0], false);
                    nicItem.put(rate[1], value == null ? BigDecimal.ZERO : value);
                }
                nicItem.put("taxableAmount", taxable == null ? BigDecimal.ZERO : taxable);
                items.add(nicItem);
            }
        }
        String dispatchFromGstin = fields.gstin(body, "", "dispatchFromGstin", false, false);
        String shipToGstin = fields.gstin(body, "", "shipToGstin", false, true);
        int transaction = transactionType == null ? 1 : transactionType;
        if (transaction == 1 && dispatchFromGstin != null) {
            fields.error("dispatchFromGstin", "not_allowed", "A regular transaction has no dispatch-from GSTIN.", "615");
        }
        if (transaction == 1 && shipToGstin != null) {
            fields.error("shipToGstin", "not_allowed", "A regular transaction has no ship-to GSTIN.", "616");
        }
        GenerateRequest.Transport transport = EwayBillRequests.transport(fields, RequestFields.at(body, "transport"),
                documentDate, today);
        fields.throwIfInvalid();
        Map<String, Object> head = new LinkedHashMap<>();
        head.put("supplyType", supplyType);
        head.put("subSupplyType", subSupplyType);
        if (subSupplyDescription != null) {
            head.put("subSupplyDesc", subSupplyDescription);
        }
        head.put("docType", documentType);
        head.put("docNo", documentNumber);
        head.put("docDate", EwayBillRequests.ddMmYyyy(documentDate));
        head.put("transactionType", transaction);
        if (dispatchFromGstin != null) {
            head.put("dispatchFromGSTIN", dispatchFromGstin);
            head.put("dispatchFromTradeName", fields.text(body, "", "dispatchFromTradeName", false, 100));
        }
        if (shipToGstin != null) {
            head.put("shipToGSTIN", shipToGstin);
            head.put("shipToTradeName", fields.text(body, "", "shipToTradeName", false, 100));
        }
        List<ErrorDetail> warnings = new ArrayList<>(fields.warnings());
        warnings.addAll(EwayBillRequests.thresholdWarning(totalInvoiceValue, "totals.totalInvoiceValue"));
        return new GenerateRequest(EwayBill.EWB, null, null, generator, supplyType, subSupplyType, documentType,
                documentNumber, documentDate, from.gstin(), to.gstin(), totalInvoiceValue, transport,
                EwayBillRequests.nicGenerate(json, head, from, to, totals, transport, items), warnings);
    }

    /**
     * The e-way bill leg of an e-invoice sent with {@code ewayBillDetails}: remembered on the e-invoice first (so
     * the worker finishes it after a crash or once a queued IRN is generated), then, if the IRN is generated, a
     * linked bill. Its first attempt asks the IRP for the bill by IRN before sending anything, since the IRP may
     * have made it together with the IRN. Quiet on failure: the bill's row (or its absence) tells what happened.
     */
    public void linkToEInvoice(String organizationId, String environment, String clientId, String eInvoiceId,
            JsonNode ewayBillDetails) {
        if (ewayBillDetails != null) {
            bills.rememberEwayBillRequest(eInvoiceId, json.writeValueAsString(ewayBillDetails));
        }
        Optional<EInvoice> found = invoices.find(organizationId, environment, eInvoiceId);
        if (found.isEmpty() || found.get().status() != EInvoiceStatus.GENERATED || bills.latestForEInvoice(eInvoiceId).isPresent()) {
            return;
        }
        String stored = bills.ewayBillRequest(eInvoiceId).orElse(null);
        if (stored == null) {
            return;
        }
        ObjectNode body = json.createObjectNode();
        body.set("transport", json.readTree(stored));
        body.put("eInvoiceId", eInvoiceId);
        try {
            GenerateRequest request = forEInvoice(found.get(), body, new RequestFields());
            create(organizationId, environment, clientId, request, json.writeValueAsString(body), true);
        } catch (ApiException notGenerated) {
            if (bills.latestForEInvoice(eInvoiceId).isEmpty()) {
                // Refused before NIC saw it: no bill row tells the story, so stop asking and leave the reason in the log.
                bills.forgetEwayBillRequest(eInvoiceId);
            }
            log.info("E-way bill leg of e-invoice {} did not generate: {} {}", eInvoiceId, notGenerated.code(),
                    notGenerated.getMessage());
        }
    }

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(EwayBillService.class);

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
