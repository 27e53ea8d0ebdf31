package dev.openirn.server.irp;

import java.time.Instant;

/** What the IRP issued for a registered document. */
public record IrpRegistration(String irn, String ackNumber, Instant ackDate, String signedInvoice, String signedQrCode) {
}
