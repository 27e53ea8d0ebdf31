package dev.openirn.gst.nic;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** {@code TranDtls}: tax scheme, supply type and transaction flags. */
@JsonPropertyOrder({"TaxSch", "SupTyp", "RegRev", "EcmGstin", "IgstOnIntra"})
public record TransactionDetails(
        @JsonProperty("TaxSch") String taxScheme,
        @JsonProperty("SupTyp") String supplyType,
        @JsonProperty("RegRev") String reverseCharge,
        @JsonProperty("EcmGstin") String ecommerceGstin,
        @JsonProperty("IgstOnIntra") String igstOnIntra) {
}
