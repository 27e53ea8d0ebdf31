package dev.openirn.gst.nic;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** One element of {@code AddlDocDtls}. */
@JsonPropertyOrder({"Url", "Docs", "Info"})
public record AdditionalDocument(
        @JsonProperty("Url") String url,
        @JsonProperty("Docs") String document,
        @JsonProperty("Info") String information) {
}
