package dev.openirn.gst.nic;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** {@code BuyerDtls}; {@code Pos} is the place-of-supply state code. */
@JsonPropertyOrder({"Gstin", "LglNm", "TrdNm", "Pos", "Addr1", "Addr2", "Loc", "Pin", "Stcd", "Ph", "Em"})
public record BuyerDetails(
        @JsonProperty("Gstin") String gstin,
        @JsonProperty("LglNm") String legalName,
        @JsonProperty("TrdNm") String tradeName,
        @JsonProperty("Pos") String placeOfSupply,
        @JsonProperty("Addr1") String address1,
        @JsonProperty("Addr2") String address2,
        @JsonProperty("Loc") String location,
        @JsonProperty("Pin") Integer pin,
        @JsonProperty("Stcd") String stateCode,
        @JsonProperty("Ph") String phone,
        @JsonProperty("Em") String email) {
}
