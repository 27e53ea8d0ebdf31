package dev.openirn.gst.nic;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** {@code EwbDtls}: asks for an e-way bill together with the IRN. */
@JsonPropertyOrder({"TransId", "TransName", "TransMode", "Distance", "TransDocNo", "TransDocDt", "VehNo", "VehType"})
public record EwayBillDetails(
        @JsonProperty("TransId") String transporterId,
        @JsonProperty("TransName") String transporterName,
        @JsonProperty("TransMode") String transportMode,
        @JsonProperty("Distance") Integer distance,
        @JsonProperty("TransDocNo") String transportDocumentNumber,
        @JsonProperty("TransDocDt") String transportDocumentDate,
        @JsonProperty("VehNo") String vehicleNumber,
        @JsonProperty("VehType") String vehicleType) {
}
