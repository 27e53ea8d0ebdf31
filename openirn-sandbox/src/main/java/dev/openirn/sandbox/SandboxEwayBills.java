package dev.openirn.sandbox;

import dev.openirn.gst.nic.NicJson;
import dev.openirn.gst.nic.NicTimestamps;
import dev.openirn.nic.NicError;
import dev.openirn.nic.NicSignatureException;
import dev.openirn.nic.SignedJwtVerifier;
import dev.openirn.nic.ewaybill.EwbDates;
import dev.openirn.sandbox.ewaybill.EwbRules;
import dev.openirn.sandbox.ewaybill.EwbSystem;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The IRP's e-way bill APIs: generate an e-way bill for an IRN and read it by IRN. They write to and read from the
 * e-way bill system's store, so a bill made here is the EWB system's bill (readable and cancellable there).
 */
final class SandboxEwayBills {

    private static final Map<String, String> MESSAGES = Map.ofEntries(
            Map.entry("4000", "Status of the IRN is not active"),
            Map.entry("4002", "EwayBill is already generated for this IRN"),
            Map.entry("4003", "Requested IRN data is not available"),
            Map.entry("4005", "Eway Bill details are not found"),
            Map.entry("4006", "Requesting parameter cannot be empty"),
            Map.entry("4009", "E Way Bill can be generated provided at least HSN of one item belongs to goods."),
            Map.entry("4010", "E-way Bill cannot generated for Debit Note, Credit Note and Services."),
            Map.entry("4011", "Vehicle number should be passed in case of transportation mode is Road."),
            Map.entry("4012", "The transport document number should be passed for transportation modes air and rail"),
            Map.entry("4013", "The distance between the pincodes given is too high or low."),
            Map.entry("4014", "Invalid Vehicle Number"),
            Map.entry("4016", "Transport document date cannot be a future date"),
            Map.entry("4017", "Incorrect date format"),
            Map.entry("4018", "Invalid Transporter ID"),
            Map.entry("4019", "Provide Transporter ID in order to generate Part A of e-Way Bill"),
            Map.entry("4020", "Invalid vehicle type ."),
            Map.entry("4021", "Transporter document date cannot be earlier than the invoice date."),
            Map.entry("4023", "The transport document date should be passed for of transportation modes air and rail."),
            Map.entry("4024", "Vehicle type should not be ODC when transmode is other than road and ship"),
            Map.entry("4026", "Duplicate EwayBill for the given document numer, EwbNo - ({0})"),
            Map.entry("4028", "Transport mode is mandatory as Vehicle Number/Transport Document Number is given"),
            Map.entry("4029", "Valid distance to be sent in case of same pin codes, you cannot send 0 as distance in this case."),
            Map.entry("4030", "The distance between the pincodes {0} and {1} is not available in the system, you need to pass the actual distance."),
            Map.entry("4037", "You are not authorised to get data"),
            Map.entry("4038", "The distance between the pincodes given is too high"),
            Map.entry("4039", "Vehicle type can not be regular when transport mode is ship"),
            Map.entry("4040", "For Ship Transport, either vehicle number or transport document number is required"));

    private final SandboxAuth auth;
    private final SandboxStore store;
    private final EwbSystem ewaybills;

    SandboxEwayBills(SandboxAuth auth, SandboxStore store, EwbSystem ewaybills) {
        this.auth = auth;
        this.store = store;
        this.ewaybills = ewaybills;
    }

    static NicError error(String code, String... arguments) {
        String message = MESSAGES.getOrDefault(code, "E-way bill error " + code);
        for (int i = 0; i < arguments.length; i++) {
            message = message.replace("{" + i + "}", arguments[i]);
        }
        return new NicError(code, message);
    }

    Reply generate(SandboxRequest request) {
        return auth.withBody(request, this::generate);
    }

    Reply byIrn(SandboxRequest request, String irn) {
        return auth.authorize(request).then(session -> {
            Optional<EwbSystem.IrnView> bill = ewaybills.byIrn(irn.trim().toLowerCase(Locale.ROOT));
            if (bill.isEmpty()) {
                return Reply.nicFailure(error("4005"));
            }
            if (!bill.get().generatorGstin().equalsIgnoreCase(session.gstin())) {
                return Reply.nicFailure(error("4037"));
            }
            ObjectNode data = NicJson.object();
            data.put("EwbNo", bill.get().ewbNo());
            data.put("Status", bill.get().status());
            data.put("GenGstin", bill.get().generatorGstin());
            data.put("EwbDt", NicTimestamps.format(bill.get().generatedAt()));
            putTimestamp(data, "EwbValidTill", bill.get().validUntil());
            return Reply.nicSuccess(SandboxAuth.encrypted(session, data));
        });
    }

    /**
     * Generate IRN's answer. With {@code EwbDtls} the e-way bill is made in the same store as by IRN; if it cannot
     * be, the IRN still stands and the reasons come back as {@code EWBERR} in {@code InfoDtls}, as NIC does.
     */
    Reply registered(SandboxStore.Session session, SandboxStore.StoredInvoice stored, JsonNode invoice,
            ArrayNode ruleWarnings) {
        ObjectNode data = SandboxRegistrations.invoiceDetails(stored);
        JsonNode details = invoice.get("EwbDtls");
        if (details == null || !details.isObject()) {
            return Reply.nicSuccess(SandboxAuth.encrypted(session, data), ruleWarnings);
        }
        List<NicError> errors = new ArrayList<>();
        EwbSystem.InvoiceResult result = null;
        if (stored.docType().equals("CRN") || stored.docType().equals("DBN")) {
            errors.add(error("4010"));
        } else if (!hasGoods(invoice)) {
            errors.add(error("4009"));
        } else {
            JsonNode distance = SandboxRequest.field(details, "Distance");
            int declared = distance != null && distance.isNumber() ? distance.intValue() : 0;
            EwbRules.Transport transport = new EwbRules.Transport(SandboxRequest.text(details, "TransMode"),
                    SandboxRequest.text(details, "VehNo"), SandboxRequest.text(details, "VehType"),
                    SandboxRequest.text(details, "TransDocNo"), SandboxRequest.text(details, "TransDocDt"),
                    upper(SandboxRequest.text(details, "TransId")));
            EwbSystem.InvoiceRequest request = partA(stored, invoice, declared, transport, details);
            result = ewaybills.issueForInvoice(request);
            if (!result.issued()) {
                errors.addAll(irpErrors(result, request));
            }
        }
        ArrayNode info = ruleWarnings != null ? ruleWarnings : NicJson.tree().createArrayNode();
        if (!errors.isEmpty()) {
            ObjectNode failed = info.addObject();
            failed.put("InfCd", "EWBERR");
            ArrayNode desc = failed.putArray("Desc");
            errors.forEach(error -> desc.addObject().put("ErrorCode", error.code()).put("ErrorMessage", error.message()));
        } else {
            data.put("EwbNo", result.ewbNo());
            data.put("EwbDt", NicTimestamps.format(result.generatedAt()));
            putTimestamp(data, "EwbValidTill", result.validUntil());
            if (result.computedDistance() != null) {
                info.addObject().put("InfCd", "EWBPPD").put("Desc", "Pin-Pin calc distance: " + result.computedDistance() + "KM");
            }
        }
        return Reply.nicSuccess(SandboxAuth.encrypted(session, data), info.isEmpty() ? null : info);
    }

    private static boolean hasGoods(JsonNode invoice) {
        for (JsonNode item : invoice.path("ItemList")) {
            if (!"Y".equalsIgnoreCase(item.path("IsServc").asString("N"))) {
                return true;
            }
        }
        return false;
    }

    private static List<NicError> irpErrors(EwbSystem.InvoiceResult result, EwbSystem.InvoiceRequest request) {
        List<NicError> errors = new ArrayList<>();
        for (EwbRules.Problem problem : result.problems()) {
            if (problem.irpCode == null) {
                errors.add(NicError.schema("The field " + problem.name() + " is invalid."));
            } else if (problem == EwbRules.Problem.DUPLICATE_DOCUMENT) {
                errors.add(error("4026", String.valueOf(result.existingEwbNo())));
            } else if (problem == EwbRules.Problem.DISTANCE_NOT_AVAILABLE) {
                errors.add(error("4030", String.valueOf(request.fromPin()), String.valueOf(request.toPin())));
            } else {
                errors.add(error(problem.irpCode));
            }
        }
        return errors;
    }

    private Reply generate(SandboxStore.Session session, JsonNode body) {
        String irn = SandboxRequest.text(body, "Irn");
        JsonNode distanceNode = SandboxRequest.field(body, "Distance");
        if (irn == null || irn.isBlank() || distanceNode == null || distanceNode.isNull()) {
            return Reply.nicFailure(error("4006"));
        }
        int declared;
        try {
            declared = distanceNode.isNumber() ? distanceNode.intValue() : Integer.parseInt(distanceNode.asString().trim());
        } catch (NumberFormatException e) {
            return Reply.nicFailure(error("4013"));
        }
        Optional<SandboxStore.StoredInvoice> found = store.invoiceByIrn(irn.trim().toLowerCase(Locale.ROOT));
        if (found.isEmpty()) {
            return Reply.nicFailure(error("4003"));
        }
        SandboxStore.StoredInvoice invoice = found.get();
        if (!invoice.sellerGstin().equals(session.gstin())) {
            return Reply.nicFailure(NicError.NOT_USERS_INVOICE);
        }
        if (!"ACT".equals(invoice.status())) {
            return Reply.nicFailure(error("4000"));
        }
        if (ewaybills.byIrn(invoice.irn()).filter(bill -> "ACT".equals(bill.status())).isPresent()) {
            return Reply.nicFailure(error("4002"));
        }
        JsonNode signed;
        try {
            signed = SignedJwtVerifier.decodeData(invoice.signedInvoice());
        } catch (NicSignatureException e) {
            return Reply.nicFailure(NicError.APPLICATION_ERROR);
        }
        String docType = invoice.docType();
        if (docType.equals("CRN") || docType.equals("DBN")) {
            return Reply.nicFailure(error("4010"));
        }
        if (!hasGoods(signed)) {
            return Reply.nicFailure(error("4009"));
        }
        EwbRules.Transport transport = new EwbRules.Transport(SandboxRequest.text(body, "TransMode"),
                SandboxRequest.text(body, "VehNo"), SandboxRequest.text(body, "VehType"),
                SandboxRequest.text(body, "TransDocNo"), SandboxRequest.text(body, "TransDocDt"),
                upper(SandboxRequest.text(body, "TransId")));
        EwbSystem.InvoiceRequest ewbRequest = partA(invoice, signed, declared, transport, body);
        EwbSystem.InvoiceResult result = ewaybills.issueForInvoice(ewbRequest);
        if (!result.issued()) {
            return Reply.nicFailure(irpErrors(result, ewbRequest), null);
        }
        ObjectNode data = NicJson.object();
        data.put("EwbNo", result.ewbNo());
        data.put("EwbDt", NicTimestamps.format(result.generatedAt()));
        putTimestamp(data, "EwbValidTill", result.validUntil());
        if (result.computedDistance() == null) {
            data.putNull("Remarks");
        } else {
            data.put("Remarks", "Pin-Pin calc distance: " + result.computedDistance() + "KM");
        }
        return Reply.nicSuccess(SandboxAuth.encrypted(session, data));
    }

    /** The e-invoice's parties, values and items in the e-way bill system's Part-A fields. */
    static EwbSystem.InvoiceRequest partA(SandboxStore.StoredInvoice invoice, JsonNode signed, int declared,
                                          EwbRules.Transport transport, JsonNode body) {
        JsonNode seller = signed.path("SellerDtls");
        JsonNode buyer = signed.path("BuyerDtls");
        JsonNode dispatch = SandboxRequest.field(body, "DispDtls") != null ? SandboxRequest.field(body, "DispDtls")
                : signed.path("DispDtls");
        JsonNode shipTo = SandboxRequest.field(body, "ExpShipDtls") != null ? SandboxRequest.field(body, "ExpShipDtls")
                : signed.path("ShipDtls");
        boolean hasDispatch = dispatch != null && dispatch.isObject() && !dispatch.isEmpty();
        boolean hasShipTo = shipTo != null && shipTo.isObject() && !shipTo.isEmpty();
        String supplyType = signed.path("TranDtls").path("SupTyp").asString("B2B").toUpperCase(Locale.ROOT);
        ObjectNode partA = NicJson.object();
        partA.put("supplyType", "O");
        partA.put("subSupplyType", supplyType.startsWith("EXP") ? "3" : "1");
        partA.put("docType", invoice.docType());
        partA.put("docNo", invoice.docNo());
        partA.put("docDate", EwbDates.formatDate(invoice.docDate()));
        partA.put("fromGstin", invoice.sellerGstin());
        partA.put("fromTrdName", seller.path("TrdNm").asString(seller.path("LglNm").asString("")));
        partA.put("fromAddr1", seller.path("Addr1").asString(""));
        partA.put("fromPlace", seller.path("Loc").asString(""));
        partA.put("fromPincode", seller.path("Pin").asInt());
        partA.put("fromStateCode", seller.path("Stcd").asInt());
        partA.put("actFromStateCode", hasDispatch ? dispatch.path("Stcd").asInt() : seller.path("Stcd").asInt());
        partA.put("toGstin", buyer.path("Gstin").asString("URP"));
        partA.put("toTrdName", buyer.path("TrdNm").asString(buyer.path("LglNm").asString("")));
        partA.put("toAddr1", buyer.path("Addr1").asString(""));
        partA.put("toPlace", buyer.path("Loc").asString(""));
        partA.put("toPincode", buyer.path("Pin").asInt());
        partA.put("toStateCode", buyer.path("Stcd").asInt());
        partA.put("actToStateCode", hasShipTo ? shipTo.path("Stcd").asInt() : buyer.path("Stcd").asInt());
        partA.put("transactionType", hasDispatch && hasShipTo ? 4 : hasShipTo ? 2 : hasDispatch ? 3 : 1);
        JsonNode values = signed.path("ValDtls");
        partA.put("totalValue", amount(values.path("AssVal")));
        partA.put("cgstValue", amount(values.path("CgstVal")));
        partA.put("sgstValue", amount(values.path("SgstVal")));
        partA.put("igstValue", amount(values.path("IgstVal")));
        partA.put("cessValue", amount(values.path("CesVal")));
        partA.put("totInvValue", amount(values.path("TotInvVal")));
        ArrayNode items = partA.putArray("itemList");
        for (JsonNode item : signed.path("ItemList")) {
            ObjectNode row = items.addObject();
            row.put("productName", item.path("PrdDesc").asString(""));
            row.put("hsnCode", item.path("HsnCd").asString(""));
            row.put("quantity", amount(item.path("Qty")));
            row.put("qtyUnit", item.path("Unit").asString(""));
            row.put("taxableAmount", amount(item.path("AssAmt")));
            row.put("igstRate", amount(item.path("IgstAmt")).signum() > 0 ? amount(item.path("GstRt"))
                    : java.math.BigDecimal.ZERO);
        }
        int fromPin = hasDispatch ? dispatch.path("Pin").asInt() : seller.path("Pin").asInt();
        int toPin = hasShipTo ? shipTo.path("Pin").asInt() : buyer.path("Pin").asInt();
        return new EwbSystem.InvoiceRequest(invoice.irn(), invoice.sellerGstin(), partA, invoice.docDate(), fromPin, toPin,
                declared, transport);
    }

    /** A number as NIC sent it; absent or non-numeric amounts count as zero. */
    private static java.math.BigDecimal amount(JsonNode value) {
        if (value.isNumber()) {
            return value.decimalValue();
        }
        try {
            return value.isString() ? new java.math.BigDecimal(value.asString().trim()) : java.math.BigDecimal.ZERO;
        } catch (NumberFormatException e) {
            return java.math.BigDecimal.ZERO;
        }
    }

    private static void putTimestamp(ObjectNode node, String name, Instant at) {
        if (at == null) {
            node.putNull(name);
        } else {
            node.put(name, NicTimestamps.format(at));
        }
    }

    private static String upper(String text) {
        return text == null ? null : text.trim().toUpperCase(Locale.ROOT);
    }

    static LocalDate parseDate(String text) {
        try {
            return EwbDates.parseDate(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
