package dev.openirn.gst.nic;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** {@code DocPerdDtls}. */
@JsonPropertyOrder({"InvStDt", "InvEndDt"})
public record DocumentPeriod(
        @JsonProperty("InvStDt") String startDate,
        @JsonProperty("InvEndDt") String endDate) {
}
