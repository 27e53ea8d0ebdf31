package dev.openirn.server.gstin;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.openirn.server.irp.IrpTaxpayer;
import java.time.Instant;

/**
 * The {@code gstin} object of the API: a taxpayer's registration as the IRP answered it.
 * {@code fetchedAt} is when OpenIRN asked the IRP, so an answer served from the cache shows its age.
 */
@JsonPropertyOrder({"object", "gstin", "legalName", "tradeName", "status", "type", "stateCode", "address",
        "blockedStatus", "registeredOn", "deregisteredOn", "fetchedAt"})
public record GstinRegistration(String object, String gstin, String legalName, String tradeName, String status,
        String type, String stateCode, Address address, String blockedStatus, String registeredOn,
        String deregisteredOn, Instant fetchedAt) {

    /** The principal place of business, in the IRP's parts. */
    public record Address(String buildingNumber, String buildingName, String floorNumber, String street,
            String location, String pinCode) {
    }

    static GstinRegistration of(IrpTaxpayer taxpayer, String askedGstin, Instant fetchedAt) {
        return new GstinRegistration("gstin", taxpayer.gstin() == null ? askedGstin : taxpayer.gstin(),
                taxpayer.legalName(), taxpayer.tradeName(), taxpayer.status(), taxpayer.type(), taxpayer.stateCode(),
                new Address(taxpayer.buildingNumber(), taxpayer.buildingName(), taxpayer.floorNumber(), taxpayer.street(),
                        taxpayer.location(), taxpayer.pinCode()),
                taxpayer.blockedStatus(), taxpayer.registeredOn(), taxpayer.deregisteredOn(), fetchedAt);
    }
}
