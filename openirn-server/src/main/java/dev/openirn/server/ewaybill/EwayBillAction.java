package dev.openirn.server.ewaybill;

import java.time.Instant;
import java.time.LocalDate;

/**
 * A change to a generated bill as stored in its history before NIC hears of it: what was asked, by whom it is sent
 * ({@code actingGstin}: the generator, the current transporter or the rejecting party), and how far it got.
 * {@code outcomeUnknown} is set before each send and cleared only by NIC's answer, so an attempt cut short (timeout,
 * crash) is read back at NIC before anything is sent again.
 *
 * @param kind             {@code vehicle}, {@code extension}, {@code transporter}, {@code cancel} or {@code reject}
 * @param nicRequest       NIC's JSON for Part-B and extension; null for the others (their few fields are columns)
 * @param vehiclesBefore   how many vehicle entries the bill had when asked (Part-B and extension)
 * @param validUntilBefore the validity when asked (extension)
 */
record EwayBillAction(long id, String billId, String kind, Instant requestedAt, String state, String vehicleNumber,
                      String transportMode, String transportDocumentNumber, LocalDate transportDocumentDate,
                      String fromPlace, Integer fromStateCode, String reasonCode, String remark, String transporterId,
                      String nicRequest, String actingGstin, int attempts, boolean outcomeUnknown, Integer vehiclesBefore,
                      Instant validUntilBefore, String errorCode, String upstreamCode, String upstreamMessage,
                      Instant nextAttemptAt) {

    static final String VEHICLE = "vehicle";
    static final String EXTENSION = "extension";
    static final String TRANSPORTER = "transporter";
    static final String CANCEL = "cancel";
    static final String REJECT = "reject";

    /** A new action, not yet stored. */
    static EwayBillAction asked(String kind, String vehicleNumber, String transportMode, String transportDocumentNumber,
            LocalDate transportDocumentDate, String fromPlace, Integer fromStateCode, String reasonCode, String remark,
            String transporterId, String nicRequest, String actingGstin, Integer vehiclesBefore, Instant validUntilBefore) {
        return new EwayBillAction(0, null, kind, null, "pending", vehicleNumber, transportMode, transportDocumentNumber,
                transportDocumentDate, fromPlace, fromStateCode, reasonCode, remark, transporterId, nicRequest, actingGstin,
                0, false, vehiclesBefore, validUntilBefore, null, null, null, null);
    }

    /** The route that asked for it, as the API names it. */
    String route() {
        return switch (kind) {
            case VEHICLE -> "update-part-b";
            case EXTENSION -> "extend-validity";
            case TRANSPORTER -> "update-transporter";
            default -> kind;
        };
    }

    /** The same change asked again (a client's retry): nothing new to store or send. */
    boolean sameAs(EwayBillAction other) {
        return kind.equals(other.kind) && java.util.Objects.equals(nicRequest, other.nicRequest)
                && java.util.Objects.equals(reasonCode, other.reasonCode) && java.util.Objects.equals(remark, other.remark)
                && java.util.Objects.equals(transporterId, other.transporterId)
                && java.util.Objects.equals(actingGstin, other.actingGstin);
    }
}
