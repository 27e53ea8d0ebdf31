package dev.openirn.gst.nic;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** {@code DispDtls}: where the goods are dispatched from. */
@JsonPropertyOrder({"Nm", "Addr1", "Addr2", "Loc", "Pin", "Stcd"})
public record DispatchDetails(
        @JsonProperty("Nm") String name,
        @JsonProperty("Addr1") String address1,
        @JsonProperty("Addr2") String address2,
        @JsonProperty("Loc") String location,
        @JsonProperty("Pin") Integer pin,
        @JsonProperty("Stcd") String stateCode) {
}
