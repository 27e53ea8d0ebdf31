package dev.openirn.gst.validation;

import static dev.openirn.gst.validation.FieldChecks.MAX_ITEM_AMOUNT;
import static dev.openirn.gst.validation.FieldChecks.isYesNo;

import dev.openirn.gst.Gstin;
import dev.openirn.gst.master.Masters;
import dev.openirn.gst.nic.EwayBillDetails;
import dev.openirn.gst.nic.ExportDetails;
import dev.openirn.gst.nic.Item;
import java.util.List;
import java.util.regex.Pattern;

/** The export block (shipping bill, port, currency, country) and the e-way bill block (transport and vehicle). */
final class ExportAndEwayBillRules {

    private static final Pattern EXPORT_COUNTRY = Pattern.compile("[A-Z]{2}");
    private static final Pattern PORT = Pattern.compile("[0-9A-Za-z]{2,10}");
    private static final Pattern CURRENCY = Pattern.compile("[A-Za-z]{3,16}");
    private static final Pattern TRANSPORT_DOCUMENT = Pattern.compile("[a-zA-Z0-9/-]{1,15}");
    private static final Pattern VEHICLE_NUMBER = Pattern.compile("[A-Za-z0-9]{4,20}");

    private final FieldChecks checks;
    private final Masters masters;

    ExportAndEwayBillRules(FieldChecks checks) {
        this.checks = checks;
        this.masters = checks.masters();
    }

    void checkExport(ExportDetails e) {
        String p = "ExpDtls";
        checks.text(p + ".ShipBNo", e.shippingBillNumber(), false, 1, 20);
        checks.date(p + ".ShipBDt", e.shippingBillDate(), false);
        if (e.portCode() != null && !PORT.matcher(e.portCode()).matches()) {
            checks.error(p + ".Port", "export.port_invalid", "Invalid Port Code", "2201");
        }
        if (e.refundClaimed() != null && !isYesNo(e.refundClaimed())) {
            checks.error(p + ".RefClm", "field.pattern", "The field RefClm must be Y or N", null);
        }
        if (e.foreignCurrency() != null && !CURRENCY.matcher(e.foreignCurrency()).matches()) {
            checks.error(p + ".ForCur", "export.currency_invalid", "Invalid Foreign Currency", "2203");
        }
        if (e.countryCode() != null && !EXPORT_COUNTRY.matcher(e.countryCode()).matches()) {
            checks.error(p + ".CntCode", "export.country_invalid", "Invalid Country Code", "2202");
        }
        checks.number(p + ".ExpDuty", e.exportDuty(), 2, MAX_ITEM_AMOUNT, false);
    }

    void checkEwayBill(EwayBillDetails e, String docType, List<Item> items) {
        String p = "EwbDtls";
        if (e.transporterId() != null && !Gstin.hasValidFormat(e.transporterId())) {
            checks.error(p + ".TransId", "gstin.format", "The field TransId must match the regular expression ^([0-9]{2}[0-9A-Z]{13})$", null);
        }
        checks.text(p + ".TransName", e.transporterName(), false, 3, 100);
        if (e.transportMode() != null && !masters.isTransportMode(e.transportMode())) {
            checks.error(p + ".TransMode", "field.pattern", "The field TransMode must be 1 (road), 2 (rail), 3 (air) or 4 (ship)", null);
        }
        if (e.distance() == null) {
            checks.error(p + ".Distance", "field.required", "The Distance field is required.", null);
        } else if (e.distance() < 0 || e.distance() > 4000) {
            checks.error(p + ".Distance", "field.range", "The field Distance must be between 0 and 4000", null);
        }
        checks.pattern(p + ".TransDocNo", e.transportDocumentNumber(), TRANSPORT_DOCUMENT);
        checks.date(p + ".TransDocDt", e.transportDocumentDate(), false);
        checks.pattern(p + ".VehNo", e.vehicleNumber(), VEHICLE_NUMBER);
        if (e.vehicleType() != null && !masters.isVehicleType(e.vehicleType())) {
            checks.error(p + ".VehType", "field.pattern", "The field VehType must be R or O", null);
        }
        if ("1".equals(e.transportMode()) && (e.vehicleNumber() == null || e.vehicleType() == null)) {
            checks.error(p + ".VehNo", "ewaybill.vehicle_required",
                    "Vehicle number and vehicle type should be passed in case of transportation mode is Road.", "2253");
        }
        if (e.transportMode() != null && !"1".equals(e.transportMode()) && masters.isTransportMode(e.transportMode())
                && (e.transportDocumentNumber() == null || e.transportDocumentDate() == null)) {
            checks.error(p + ".TransDocNo", "ewaybill.transport_document_required", "The transport document number and date"
                    + " should be passed in case of transportation mode is other than Road.", "2254");
        }
        if ("CRN".equals(docType) || "DBN".equals(docType)) {
            checks.error(p, "ewaybill.not_for_notes",
                    "E-way Bill is not generated for document types of Debit Note and Credit Note and Services.", "2252");
        } else if (items != null && !items.isEmpty() && items.stream().allMatch(i -> i != null && "Y".equals(i.isService()))) {
            checks.error(p, "ewaybill.no_goods", "E-Way Bill can be generated provided at least HSN of one item belongs to goods", "2251");
        }
    }
}
