package dev.openirn.server.einvoice;

import java.time.Instant;

/** What the IRP issued for a document: kept forever, served from PostgreSQL, never refetched. */
public record Registration(String irn, String ackNumber, Instant ackDate, String signedInvoice, String signedQrCode) {
}
