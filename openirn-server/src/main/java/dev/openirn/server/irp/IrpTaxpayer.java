package dev.openirn.server.irp;

/**
 * A taxpayer's registration as the IRP's Get GSTIN details answers it, in OpenIRN's words. Fields the
 * IRP leaves out or sends empty are null; {@code stateCode} is two digits and {@code pinCode} six,
 * as text, whether the IRP sent them as numbers or not.
 */
public record IrpTaxpayer(String gstin, String legalName, String tradeName, String status, String type, String stateCode,
        String buildingNumber, String buildingName, String floorNumber, String street, String location, String pinCode,
        String blockedStatus, String registeredOn, String deregisteredOn) {
}
