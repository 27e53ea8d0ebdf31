package dev.openirn.gst.nic;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.math.BigDecimal;

/** {@code ValDtls}: invoice totals. */
@JsonPropertyOrder({"AssVal", "CgstVal", "SgstVal", "IgstVal", "CesVal", "StCesVal", "Discount", "OthChrg", "RndOffAmt", "TotInvVal", "TotInvValFc"})
public record ValueDetails(
        @JsonProperty("AssVal") BigDecimal assessableValue,
        @JsonProperty("CgstVal") BigDecimal cgstValue,
        @JsonProperty("SgstVal") BigDecimal sgstValue,
        @JsonProperty("IgstVal") BigDecimal igstValue,
        @JsonProperty("CesVal") BigDecimal cessValue,
        @JsonProperty("StCesVal") BigDecimal stateCessValue,
        @JsonProperty("Discount") BigDecimal discount,
        @JsonProperty("OthChrg") BigDecimal otherCharges,
        @JsonProperty("RndOffAmt") BigDecimal roundOffAmount,
        @JsonProperty("TotInvVal") BigDecimal totalInvoiceValue,
        @JsonProperty("TotInvValFc") BigDecimal totalInvoiceValueForeignCurrency) {
}
