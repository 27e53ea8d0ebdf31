package dev.openirn.server.einvoice.registration;

import dev.openirn.gst.nic.NicInvoice;
import dev.openirn.server.web.ErrorDetail;
import java.util.List;

/**
 * A document that passed validation: the NIC JSON exactly as it will be sent, its hash (to tell a
 * resend of the same invoice from a different invoice under the same number), and the IRN it must get.
 */
public record CheckedInvoice(NicInvoice invoice, String nicPayload, String payloadHash, String financialYear,
        String expectedIrn, List<ErrorDetail> warnings) {
}
