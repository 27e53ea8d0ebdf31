package dev.openirn.server.ewaybill;

import dev.openirn.server.web.ErrorDetail;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * A checked {@code POST /v1/ewaybills} body: what is stored on the row and the exact JSON NIC receives.
 *
 * @param channel    {@code irp} (by IRN, from an e-invoice) or {@code ewb} (standalone)
 * @param nicPayload GENEWAYBILL's JSON, or generate-by-IRN's for the IRP
 */
record GenerateRequest(String channel, String eInvoiceId, String irn, String generatorGstin, String supplyType,
                       String subSupplyType, String documentType, String documentNumber, LocalDate documentDate,
                       String fromGstin, String toGstin, BigDecimal totalInvoiceValue, Transport transport,
                       String nicPayload, List<ErrorDetail> warnings) {

    /** The transport as sent: null vehicle and document make a Part-A slip. */
    record Transport(String mode, Integer distance, String vehicleNumber, String vehicleType, String transporterId,
                     String transporterName, String documentNumber, LocalDate documentDate) {

        boolean partBGiven() {
            return vehicleNumber != null || documentNumber != null;
        }
    }
}
