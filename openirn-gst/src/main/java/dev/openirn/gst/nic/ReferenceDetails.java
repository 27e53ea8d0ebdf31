package dev.openirn.gst.nic;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/** {@code RefDtls}: remarks, period, preceding documents (for CRN/DBN) and contracts. */
@JsonPropertyOrder({"InvRm", "DocPerdDtls", "PrecDocDtls", "ContrDtls"})
public record ReferenceDetails(
        @JsonProperty("InvRm") String invoiceRemarks,
        @JsonProperty("DocPerdDtls") DocumentPeriod documentPeriod,
        @JsonProperty("PrecDocDtls") List<PrecedingDocument> precedingDocuments,
        @JsonProperty("ContrDtls") List<Contract> contracts) {
}
