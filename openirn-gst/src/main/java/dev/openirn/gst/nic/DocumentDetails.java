package dev.openirn.gst.nic;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** {@code DocDtls}: document type, number and {@code dd/MM/yyyy} date. */
@JsonPropertyOrder({"Typ", "No", "Dt"})
public record DocumentDetails(
        @JsonProperty("Typ") String type,
        @JsonProperty("No") String number,
        @JsonProperty("Dt") String date) {
}
