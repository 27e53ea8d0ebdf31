package dev.openirn.gst.nic;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** One element of {@code AttribDtls}. */
@JsonPropertyOrder({"Nm", "Val"})
public record Attribute(
        @JsonProperty("Nm") String name,
        @JsonProperty("Val") String value) {
}
