package dev.openirn.server.irp;

import java.time.Instant;
import java.util.List;

/**
 * An e-way bill as the e-way bill system holds it now (GetEwayBill), for telling whether a change whose answer was
 * lost was made. {@code answer} carries the kind of the read and, when it is OK, the status, validity and
 * rejection; the other fields are empty unless it is OK.
 *
 * @param vehicles NIC's vehicle entries, newest first
 */
public record EwbBillAtNic(EwbAnswer answer, String transporterId, List<Vehicle> vehicles) {

    public EwbBillAtNic {
        vehicles = vehicles == null ? List.of() : List.copyOf(vehicles);
    }

    /** One Part-B entry as NIC lists it; {@code enteredAt} is NIC's own time of the entry (null if unreadable). */
    public record Vehicle(String vehicleNumber, String fromPlace, Integer fromState, String transportMode,
                          String transportDocumentNumber, Instant enteredAt) {
    }
}
