package dev.openirn.server.irp;

import java.time.Instant;

/** What the IRP issued for a registered document; {@code irp} names the IRP that answered (null when unknown). */
public record IrpRegistration(String irn, String ackNumber, Instant ackDate, String signedInvoice, String signedQrCode,
        String irp) {

    public IrpRegistration(String irn, String ackNumber, Instant ackDate, String signedInvoice, String signedQrCode) {
        this(irn, ackNumber, ackDate, signedInvoice, signedQrCode, null);
    }

    /** The same registration, as answered by the IRP named {@code irp}. */
    public IrpRegistration on(String irp) {
        return new IrpRegistration(irn, ackNumber, ackDate, signedInvoice, signedQrCode, irp);
    }
}
