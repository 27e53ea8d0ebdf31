package dev.openirn.gst.nic;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** {@code ShipDtls}: where the goods are shipped to. */
@JsonPropertyOrder({"Gstin", "LglNm", "TrdNm", "Addr1", "Addr2", "Loc", "Pin", "Stcd"})
public record ShipDetails(
        @JsonProperty("Gstin") String gstin,
        @JsonProperty("LglNm") String legalName,
        @JsonProperty("TrdNm") String tradeName,
        @JsonProperty("Addr1") String address1,
        @JsonProperty("Addr2") String address2,
        @JsonProperty("Loc") String location,
        @JsonProperty("Pin") Integer pin,
        @JsonProperty("Stcd") String stateCode) {
}
