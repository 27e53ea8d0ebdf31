package dev.openirn.server.ewaybill;

import dev.openirn.server.web.ErrorDetail;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Checks e-way bill request bodies against NIC's rules (formats, ranges, transport-mode and supply-type
 * combinations) and writes the JSON NIC receives. Every problem is reported at once, each with its field.
 */
final class EwayBillRequests {

    static final BigDecimal EWB_THRESHOLD = new BigDecimal("50000");
    static final Set<String> SUPPLY_TYPES = Set.of("O", "I");
    static final Set<String> SUB_SUPPLY_TYPES = Set.of("1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12");
    static final Set<String> DOCUMENT_TYPES = Set.of("INV", "BIL", "BOE", "CHL", "CNT", "OTH");
    static final Set<String> TRANSPORT_MODES = Set.of("1", "2", "3", "4");
    static final Set<String> VEHICLE_TYPES = Set.of("R", "O");
    /** Sub-supply types each supply direction allows (Import only inward; Export, own use and fairs outward too). */
    static final Map<String, Set<String>> SUB_SUPPLY_BY_SUPPLY = Map.of(
            "O", Set.of("1", "3", "4", "5", "8", "9", "10", "11", "12"),
            "I", Set.of("1", "2", "5", "6", "7", "8", "9", "12"));
    /** Document types that fit a sub-supply type: a job work or own-use movement travels on a challan, imports on a bill of entry. */
    static final Map<String, Set<String>> DOCUMENTS_BY_SUB_SUPPLY = Map.ofEntries(
            Map.entry("1", Set.of("INV", "BIL")), Map.entry("2", Set.of("BOE")), Map.entry("3", Set.of("INV", "BIL")),
            Map.entry("4", Set.of("CHL")), Map.entry("5", Set.of("CHL")), Map.entry("6", Set.of("CHL")),
            Map.entry("7", Set.of("CHL")), Map.entry("8", Set.of("CHL", "BIL", "OTH", "INV")),
            Map.entry("9", Set.of("INV", "BIL", "BOE")), Map.entry("10", Set.of("CHL")),
            Map.entry("11", Set.of("CHL")), Map.entry("12", Set.of("CHL")));
    private static final int MAX_DOCUMENT_AGE_DAYS = 180;

    private EwayBillRequests() {
    }

    /** The transport block shared by both generate modes; {@code distance} is required there. */
    static GenerateRequest.Transport transport(RequestFields fields, JsonNode transport, LocalDate documentDate, LocalDate today) {
        String path = "transport";
        if (transport == null) {
            fields.error(path, "required", "transport is required (at least distance, and a transporterId or vehicle).", null);
            return null;
        }
        String mode = fields.oneOf(transport, path, "transportMode", false, TRANSPORT_MODES, "220");
        Integer distance = fields.integer(transport, path, "distance", true, 0, 4000, "221");
        String vehicle = fields.vehicleNumber(transport, path, "vehicleNumber");
        String vehicleType = fields.oneOf(transport, path, "vehicleType", false, VEHICLE_TYPES, "361");
        String transporterId = fields.gstin(transport, path, "transporterId", false, false);
        String transporterName = fields.text(transport, path, "transporterName", false, 100);
        String documentNumber = fields.text(transport, path, "transportDocumentNumber", false, 15);
        if (documentNumber != null && !RequestFields.TRANSPORT_DOCUMENT.matcher(documentNumber).matches()) {
            fields.error("transport.transportDocumentNumber", "invalid_format", "Letters, digits, '/' and '-' only.", "223");
        }
        LocalDate documentDateOfTransport = fields.date(transport, path, "transportDocumentDate", false);
        if (documentDateOfTransport != null && documentDate != null && documentDateOfTransport.isBefore(documentDate)) {
            fields.error("transport.transportDocumentDate", "before_document_date",
                    "The transport document cannot be dated before the document.", "362");
        }
        if (documentDateOfTransport != null && documentDateOfTransport.isAfter(today)) {
            fields.error("transport.transportDocumentDate", "future_date", "The transport document date is in the future.", "224");
        }
        if ((vehicle != null || documentNumber != null) && mode == null && !fields.hasErrors()) {
            fields.error("transport.transportMode", "required", "transportMode is required with a vehicle or transport document.", "621");
        }
        if ("1".equals(mode) && vehicle == null && documentNumber == null) {
            fields.error("transport.vehicleNumber", "required", "Road transport needs a vehicleNumber.", "303");
        }
        if (("2".equals(mode) || "3".equals(mode)) && (documentNumber == null || documentDateOfTransport == null)) {
            fields.error("transport.transportDocumentNumber", "required",
                    "Rail and air need transportDocumentNumber and transportDocumentDate.", "385");
        }
        if ("4".equals(mode) && vehicle == null && documentNumber == null) {
            fields.error("transport.transportDocumentNumber", "required", "Ship needs a vehicle or a transport document.", "727");
        }
        if ("O".equals(vehicleType) && mode != null && !"1".equals(mode) && !"4".equals(mode)) {
            fields.error("transport.vehicleType", "invalid_value", "Over-dimensional cargo travels by road or ship only.", "634");
        }
        if ("4".equals(mode) && "R".equals(vehicleType)) {
            fields.error("transport.vehicleType", "invalid_value", "A ship cannot be a regular vehicle.", "726");
        }
        if (vehicle == null && documentNumber == null && transporterId == null) {
            fields.error("transport.transporterId", "required",
                    "Without a vehicle or transport document (Part-A only) a transporterId is required.", "619");
        }
        return new GenerateRequest.Transport(mode, distance, vehicle, vehicle == null ? null : (vehicleType == null ? "R" : vehicleType),
                transporterId, transporterName, documentNumber, documentDateOfTransport);
    }

    /** Checks the document's date: not in the future, not older than NIC accepts. */
    static void documentDate(RequestFields fields, String field, LocalDate date, LocalDate today) {
        if (date == null) {
            return;
        }
        if (date.isAfter(today)) {
            fields.error(field, "future_date", "The document date is in the future.", "207");
        } else if (date.isBefore(today.minusDays(MAX_DOCUMENT_AGE_DAYS))) {
            fields.error(field, "too_old", "NIC does not take documents older than " + MAX_DOCUMENT_AGE_DAYS + " days.", "820");
        }
    }

    /** One party ({@code from} or {@code to}): GSTIN or URP, PIN, state codes. */
    record Party(String gstin, String tradeName, String address1, String address2, String place, Integer pincode,
                 Integer stateCode, Integer actualStateCode) {
    }

    static Party party(RequestFields fields, JsonNode body, String name, boolean required) {
        JsonNode node = RequestFields.at(body, name);
        if (node == null) {
            if (required) {
                fields.error(name, "required", name + " is required.", null);
            }
            return null;
        }
        String gstin = fields.gstin(node, name, "gstin", true, true);
        String tradeName = fields.text(node, name, "tradeName", false, 100);
        String address1 = fields.text(node, name, "address1", false, 120);
        String address2 = fields.text(node, name, "address2", false, 120);
        String place = fields.text(node, name, "place", false, 50);
        Integer pincode = fields.integer(node, name, "pincode", true, 100000, 999999, name.equals("from") ? "210" : "214");
        Integer stateCode = stateCode(fields, node, name, "stateCode", true);
        Integer actual = stateCode(fields, node, name, "actualStateCode", false);
        if (gstin != null && stateCode != null && !gstin.equals("URP") && stateCode != 96 && stateCode != 99
                && Integer.parseInt(gstin.substring(0, 2)) != stateCode) {
            fields.error(name + ".stateCode", "state_mismatch", "The state code does not match the GSTIN's state ("
                    + gstin.substring(0, 2) + ").", name.equals("from") ? "211" : "215");
        }
        return new Party(gstin, tradeName, address1, address2, place, pincode, stateCode, actual == null ? stateCode : actual);
    }

    private static Integer stateCode(RequestFields fields, JsonNode node, String path, String name, boolean required) {
        Integer code = fields.integer(node, path, name, required, 1, 99, "211");
        if (code != null && code > 38 && code != 96 && code != 97 && code != 99) {
            fields.error(path + "." + name, "invalid_state", "Not a GST state code.", "211");
            return null;
        }
        return code;
    }

    /** Writes the standalone GENEWAYBILL JSON. */
    static String nicGenerate(JsonMapper json, Map<String, Object> head, Party from, Party to, JsonNode totals,
            GenerateRequest.Transport transport, ArrayNode items) {
        ObjectNode nic = json.createObjectNode();
        head.forEach((key, value) -> nic.putPOJO(key, value));
        nic.put("fromGstin", from.gstin()).put("fromTrdName", from.tradeName()).put("fromAddr1", from.address1())
                .put("fromAddr2", from.address2()).put("fromPlace", from.place()).put("fromPincode", from.pincode())
                .put("fromStateCode", from.stateCode()).put("actFromStateCode", from.actualStateCode());
        nic.put("toGstin", to.gstin()).put("toTrdName", to.tradeName()).put("toAddr1", to.address1())
                .put("toAddr2", to.address2()).put("toPlace", to.place()).put("toPincode", to.pincode())
                .put("toStateCode", to.stateCode()).put("actToStateCode", to.actualStateCode());
        for (String[] pair : new String[][] {{"totalValue", "totalValue"}, {"cgstValue", "cgstValue"},
                {"sgstValue", "sgstValue"}, {"igstValue", "igstValue"}, {"cessValue", "cessValue"},
                {"cessNonAdvolValue", "cessNonAdvolValue"}, {"otherValue", "otherValue"}, {"totalInvoiceValue", "totInvValue"}}) {
            JsonNode value = RequestFields.at(totals, pair[0]);
            nic.put(pair[1], value == null ? BigDecimal.ZERO : value.decimalValue());
        }
        nic.put("transDistance", transport.distance() == null ? 0 : transport.distance());
        nic.put("transMode", transport.mode() == null ? "" : transport.mode());
        nic.put("vehicleNo", transport.vehicleNumber() == null ? "" : transport.vehicleNumber());
        nic.put("vehicleType", transport.vehicleType() == null ? "" : transport.vehicleType());
        nic.put("transporterId", transport.transporterId() == null ? "" : transport.transporterId());
        nic.put("transporterName", transport.transporterName() == null ? "" : transport.transporterName());
        nic.put("transDocNo", transport.documentNumber() == null ? "" : transport.documentNumber());
        nic.put("transDocDate", transport.documentDate() == null ? "" : ddMmYyyy(transport.documentDate()));
        nic.set("itemList", items);
        return json.writeValueAsString(nic);
    }

    /** Writes the IRP's generate-EWB-by-IRN JSON, with optional dispatch-from and ship-to addresses. */
    static String nicByIrn(JsonMapper json, String irn, GenerateRequest.Transport transport, Party from, Party to) {
        ObjectNode nic = json.createObjectNode();
        nic.put("Irn", irn).put("Distance", transport.distance() == null ? 0 : transport.distance());
        if (transport.mode() != null) {
            nic.put("TransMode", transport.mode());
        }
        putIfSet(nic, "TransId", transport.transporterId());
        putIfSet(nic, "TransName", transport.transporterName());
        putIfSet(nic, "TransDocNo", transport.documentNumber());
        putIfSet(nic, "TransDocDt", transport.documentDate() == null ? null : ddMmYyyy(transport.documentDate()));
        putIfSet(nic, "VehNo", transport.vehicleNumber());
        putIfSet(nic, "VehType", transport.vehicleType());
        if (from != null) {
            nic.set("DispDtls", json.createObjectNode().put("Nm", from.tradeName() == null ? "Dispatch" : from.tradeName())
                    .put("Addr1", from.address1() == null ? from.place() : from.address1()).put("Loc", from.place())
                    .put("Pin", from.pincode()).put("Stcd", String.format("%02d", from.actualStateCode())));
        }
        if (to != null) {
            nic.set("ExpShipDtls", json.createObjectNode().put("Addr1", to.address1() == null ? to.place() : to.address1())
                    .put("Loc", to.place()).put("Pin", to.pincode()).put("Stcd", String.format("%02d", to.actualStateCode())));
        }
        return json.writeValueAsString(nic);
    }

    private static void putIfSet(ObjectNode node, String name, String value) {
        if (value != null) {
            node.put(name, value);
        }
    }

    static String ddMmYyyy(LocalDate date) {
        return String.format("%02d/%02d/%04d", date.getDayOfMonth(), date.getMonthValue(), date.getYear());
    }

    static List<ErrorDetail> thresholdWarning(BigDecimal totalInvoiceValue, String field) {
        if (totalInvoiceValue != null && totalInvoiceValue.compareTo(EWB_THRESHOLD) <= 0) {
            return List.of(new ErrorDetail(field, "ewaybill.below_threshold",
                    "The consignment value is ₹50,000 or less: an e-way bill is usually not required (it is generated anyway).",
                    null));
        }
        return List.of();
    }
}
