package dev.openirn.gst.nic;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.math.BigDecimal;

/** {@code ExpDtls}. */
@JsonPropertyOrder({"ShipBNo", "ShipBDt", "Port", "RefClm", "ForCur", "CntCode", "ExpDuty"})
public record ExportDetails(
        @JsonProperty("ShipBNo") String shippingBillNumber,
        @JsonProperty("ShipBDt") String shippingBillDate,
        @JsonProperty("Port") String portCode,
        @JsonProperty("RefClm") String refundClaimed,
        @JsonProperty("ForCur") String foreignCurrency,
        @JsonProperty("CntCode") String countryCode,
        @JsonProperty("ExpDuty") BigDecimal exportDuty) {
}
