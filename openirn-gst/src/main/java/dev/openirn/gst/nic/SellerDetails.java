package dev.openirn.gst.nic;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** {@code SellerDtls}. */
@JsonPropertyOrder({"Gstin", "LglNm", "TrdNm", "Addr1", "Addr2", "Loc", "Pin", "Stcd", "Ph", "Em"})
public record SellerDetails(
        @JsonProperty("Gstin") String gstin,
        @JsonProperty("LglNm") String legalName,
        @JsonProperty("TrdNm") String tradeName,
        @JsonProperty("Addr1") String address1,
        @JsonProperty("Addr2") String address2,
        @JsonProperty("Loc") String location,
        @JsonProperty("Pin") Integer pin,
        @JsonProperty("Stcd") String stateCode,
        @JsonProperty("Ph") String phone,
        @JsonProperty("Em") String email) {
}
