package dev.openirn.gst.nic;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** One element of {@code PrecDocDtls}: the original invoice a note refers to. */
@JsonPropertyOrder({"InvNo", "InvDt", "OthRefNo"})
public record PrecedingDocument(
        @JsonProperty("InvNo") String invoiceNumber,
        @JsonProperty("InvDt") String invoiceDate,
        @JsonProperty("OthRefNo") String otherReference) {
}
