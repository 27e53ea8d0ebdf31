package dev.openirn.sandbox.ewaybill;

import dev.openirn.gst.nic.NicJson;
import dev.openirn.nic.ewaybill.EwbDates;
import java.time.Instant;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** One e-way bill as the sandbox keeps it: the Part-A fields as sent, and its life since (Part-B rows, validity, status). */
final class EwayBillRecord {

    long ewbNo;
    String generatorGstin;
    /** GENEWAYBILL's fields as received (or mapped from the e-invoice), without the vehicle fields. */
    ObjectNode partA;
    String status = "ACT";
    Instant generatedAt;
    Instant validUntil;
    /** The first Part-B entry: validity runs from here. Null for a Part-A slip. */
    Instant partBAt;
    int distance;
    String vehicleType = "R";
    String transporterId;
    String transporterName;
    /** Who entered the latest Part-B (generator or transporter): a transporter that has done so keeps the bill. */
    String partBBy;
    int extendedTimes;
    String rejectStatus = "N";
    Instant rejectedAt;
    Instant cancelledAt;
    int cancelReason;
    String cancelRemark;
    boolean verified;
    String irn;
    String genMode = "API";
    /** VehiclListDetails, newest first. */
    ArrayNode vehicles = NicJson.tree().createArrayNode();

    String fromGstin() {
        return partA.path("fromGstin").asString("");
    }

    String toGstin() {
        return partA.path("toGstin").asString("");
    }

    String docType() {
        return partA.path("docType").asString("");
    }

    String docNo() {
        return partA.path("docNo").asString("");
    }

    /** Whose document this is for NIC's one-active-bill-per-document rule: the supplier, or the generator when unregistered. */
    String docOwner() {
        return "URP".equalsIgnoreCase(fromGstin()) ? generatorGstin : fromGstin();
    }

    boolean hasPartB() {
        return partBAt != null;
    }

    boolean isActive() {
        return "ACT".equals(status);
    }

    boolean isExpiredAt(Instant now) {
        return validUntil != null && now.isAfter(validUntil);
    }

    /** Who may update Part-B or extend: the transporter once assigned, else the generator. */
    String currentHolder() {
        return transporterId == null || transporterId.isBlank() ? generatorGstin : transporterId;
    }

    boolean names(String gstin) {
        return gstin.equals(generatorGstin) || gstin.equals(fromGstin()) || gstin.equals(toGstin()) || gstin.equals(transporterId);
    }

    void addVehicle(String vehicleNo, String fromPlace, int fromState, String transMode, String transDocNo,
                    String transDocDate, Instant at, String by) {
        ObjectNode row = NicJson.object();
        row.put("updMode", "API");
        row.put("vehicleNo", vehicleNo);
        row.put("fromPlace", fromPlace);
        row.put("fromState", fromState);
        row.put("tripshtNo", 0);
        row.put("userGSTINTransin", by);
        row.put("enteredDate", EwbDates.format(at));
        row.put("transMode", transMode);
        row.put("transDocNo", transDocNo);
        if (transDocDate == null) {
            row.putNull("transDocDate");
        } else {
            row.put("transDocDate", transDocDate);
        }
        row.put("groupNo", "0");
        vehicles.insert(0, row);
        partBBy = by;
    }

    /** The decrypted answer of GetEwayBill. */
    ObjectNode view() {
        ObjectNode view = NicJson.object();
        view.put("ewbNo", ewbNo);
        view.put("ewayBillDate", EwbDates.format(generatedAt));
        view.put("genMode", genMode);
        view.put("userGstin", generatorGstin);
        for (var field : partA.properties()) {
            if (!field.getKey().equals("transDistance")) {
                view.set(field.getKey(), field.getValue());
            }
        }
        // NIC echoes the sub-supply type as a padded string.
        view.put("subSupplyType", String.format("%-3s", partA.path("subSupplyType").asString("")));
        view.put("status", status);
        view.put("actualDist", distance);
        view.put("noValidDays", validUntil == null || partBAt == null ? 0
                : (int) java.time.temporal.ChronoUnit.DAYS.between(
                        partBAt.atZone(dev.openirn.gst.nic.NicTimestamps.IST).toLocalDate(),
                        validUntil.atZone(dev.openirn.gst.nic.NicTimestamps.IST).toLocalDate()));
        putTime(view, "validUpto", validUntil);
        view.put("extendedTimes", extendedTimes);
        view.put("rejectStatus", rejectStatus);
        view.put("vehicleType", vehicleType);
        view.put("transporterId", transporterId == null ? "" : transporterId);
        view.put("transporterName", transporterName == null ? "" : transporterName);
        putTime(view, "cancelDate", cancelledAt);
        if (irn != null) {
            view.put("irn", irn);
        }
        view.set("VehiclListDetails", vehicles.deepCopy());
        return view;
    }

    private static void putTime(ObjectNode node, String name, Instant at) {
        if (at == null) {
            node.putNull(name);
        } else {
            node.put(name, EwbDates.format(at));
        }
    }

    String toJson() {
        ObjectNode json = NicJson.object();
        json.put("ewbNo", ewbNo);
        json.put("generatorGstin", generatorGstin);
        json.set("partA", partA);
        json.put("status", status);
        json.put("generatedAt", instant(generatedAt));
        json.put("validUntil", instant(validUntil));
        json.put("partBAt", instant(partBAt));
        json.put("distance", distance);
        json.put("vehicleType", vehicleType);
        json.put("transporterId", transporterId);
        json.put("transporterName", transporterName);
        json.put("partBBy", partBBy);
        json.put("extendedTimes", extendedTimes);
        json.put("rejectStatus", rejectStatus);
        json.put("rejectedAt", instant(rejectedAt));
        json.put("cancelledAt", instant(cancelledAt));
        json.put("cancelReason", cancelReason);
        json.put("cancelRemark", cancelRemark);
        json.put("verified", verified);
        json.put("irn", irn);
        json.put("genMode", genMode);
        json.set("vehicles", vehicles);
        return NicJson.write(json);
    }

    static EwayBillRecord fromJson(String text) {
        JsonNode json = NicJson.parse(text);
        EwayBillRecord bill = new EwayBillRecord();
        bill.ewbNo = json.path("ewbNo").asLong();
        bill.generatorGstin = string(json, "generatorGstin");
        bill.partA = (ObjectNode) json.get("partA");
        bill.status = string(json, "status");
        bill.generatedAt = instant(json, "generatedAt");
        bill.validUntil = instant(json, "validUntil");
        bill.partBAt = instant(json, "partBAt");
        bill.distance = json.path("distance").asInt();
        bill.vehicleType = string(json, "vehicleType");
        bill.transporterId = string(json, "transporterId");
        bill.transporterName = string(json, "transporterName");
        bill.partBBy = string(json, "partBBy");
        bill.extendedTimes = json.path("extendedTimes").asInt();
        bill.rejectStatus = string(json, "rejectStatus");
        bill.rejectedAt = instant(json, "rejectedAt");
        bill.cancelledAt = instant(json, "cancelledAt");
        bill.cancelReason = json.path("cancelReason").asInt();
        bill.cancelRemark = string(json, "cancelRemark");
        bill.verified = json.path("verified").asBoolean(false);
        bill.irn = string(json, "irn");
        bill.genMode = string(json, "genMode");
        bill.vehicles = (ArrayNode) json.get("vehicles");
        return bill;
    }

    private static String instant(Instant at) {
        return at == null ? null : at.toString();
    }

    private static Instant instant(JsonNode json, String name) {
        String text = string(json, name);
        return text == null ? null : Instant.parse(text);
    }

    private static String string(JsonNode json, String name) {
        JsonNode value = json.get(name);
        return value == null || value.isNull() ? null : value.asString();
    }
}
