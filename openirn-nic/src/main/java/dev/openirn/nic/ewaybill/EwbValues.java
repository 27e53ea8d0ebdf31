package dev.openirn.nic.ewaybill;

import java.time.Instant;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** The decrypted answers of the e-way bill system, one typed record per action and read. Timestamps as NIC wrote them. */
public final class EwbValues {

    private EwbValues() {
    }

    /** GENEWAYBILL: {@code validUpto} is null for a Part-A slip; {@code alert} carries e.g. the computed distance. */
    public record Generated(long ewayBillNo, String ewayBillDate, String validUpto, String alert) {
        public Instant validUntil() {
            return EwbDates.parse(validUpto);
        }

        /** The PIN-to-PIN distance NIC reported in {@code alert} when asked to compute it; null when absent. */
        public Integer alertDistance() {
            if (alert == null || !alert.contains("istance")) {
                return null;
            }
            java.util.regex.Matcher digits = java.util.regex.Pattern.compile("(\\d+)").matcher(alert);
            return digits.find() ? Integer.valueOf(digits.group(1)) : null;
        }
    }

    /** VEHEWB. */
    public record VehicleUpdated(String vehUpdDate, String validUpto) {
        public Instant validUntil() {
            return EwbDates.parse(validUpto);
        }
    }

    /** UPDATETRANSPORTER. */
    public record TransporterUpdated(long ewayBillNo, String transporterId, String transUpdateDate) {
    }

    /** EXTENDVALIDITY. */
    public record Extended(long ewayBillNo, String updatedDate, String validUpto) {
        public Instant validUntil() {
            return EwbDates.parse(validUpto);
        }
    }

    /** CANEWB. */
    public record Cancelled(long ewayBillNo, String cancelDate) {
    }

    /** REJEWB. */
    public record Rejected(long ewayBillNo, String ewbRejectedDate) {
    }

    /** GetEwayBillGeneratedByConsigner: the active e-way bill of a document; how an unknown generate is resolved. */
    public record DocumentMatch(long ewayBillNo, String ewayBillDate, String validUpto) {
    }

    /** One row of {@code VehiclListDetails}, newest first in {@link EwayBill#vehicles()}. */
    public record Vehicle(String vehicleNo, String fromPlace, int fromState, String transMode, String transDocNo,
                          String transDocDate, String enteredDate, String userGstinTransin) {
    }

    /** GetEwayBill: the main fields typed, and the whole decrypted record for everything else. */
    public record EwayBill(long ewbNo, String status, String ewayBillDate, String validUpto, String genGstin,
                           String docType, String docNo, String docDate, String fromGstin, String toGstin,
                           String transporterId, int actualDist, int extendedTimes, String rejectStatus,
                           List<Vehicle> vehicles, JsonNode record) {
        public EwayBill {
            vehicles = List.copyOf(vehicles);
        }

        public boolean isActive() {
            return "ACT".equals(status);
        }
    }
}
