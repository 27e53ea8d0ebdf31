package dev.openirn.gst.nic;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** {@code BchDtls}: batch name, expiry and warranty dates. */
@JsonPropertyOrder({"Nm", "ExpDt", "WrDt"})
public record BatchDetails(
        @JsonProperty("Nm") String name,
        @JsonProperty("ExpDt") String expiryDate,
        @JsonProperty("WrDt") String warrantyDate) {
}
