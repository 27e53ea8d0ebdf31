package dev.openirn.gst.nic;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** One element of {@code ContrDtls}. */
@JsonPropertyOrder({"RecAdvRefr", "RecAdvDt", "TendRefr", "ContrRefr", "ExtRefr", "ProjRefr", "PORefr", "PORefDt"})
public record Contract(
        @JsonProperty("RecAdvRefr") String receiptAdviceReference,
        @JsonProperty("RecAdvDt") String receiptAdviceDate,
        @JsonProperty("TendRefr") String tenderReference,
        @JsonProperty("ContrRefr") String contractReference,
        @JsonProperty("ExtRefr") String externalReference,
        @JsonProperty("ProjRefr") String projectReference,
        @JsonProperty("PORefr") String purchaseOrderReference,
        @JsonProperty("PORefDt") String purchaseOrderDate) {
}
