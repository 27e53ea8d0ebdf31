package dev.openirn.gst.nic;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/** The NIC INV-01 v1.1 e-invoice, as sent to and echoed by the IRP. */
@JsonPropertyOrder({"Version", "TranDtls", "DocDtls", "SellerDtls", "BuyerDtls", "DispDtls", "ShipDtls", "ItemList", "ValDtls", "PayDtls", "RefDtls", "AddlDocDtls", "ExpDtls", "EwbDtls"})
public record NicInvoice(
        @JsonProperty("Version") String version,
        @JsonProperty("TranDtls") TransactionDetails transaction,
        @JsonProperty("DocDtls") DocumentDetails document,
        @JsonProperty("SellerDtls") SellerDetails seller,
        @JsonProperty("BuyerDtls") BuyerDetails buyer,
        @JsonProperty("DispDtls") DispatchDetails dispatchFrom,
        @JsonProperty("ShipDtls") ShipDetails shipTo,
        @JsonProperty("ItemList") List<Item> items,
        @JsonProperty("ValDtls") ValueDetails values,
        @JsonProperty("PayDtls") PaymentDetails payment,
        @JsonProperty("RefDtls") ReferenceDetails reference,
        @JsonProperty("AddlDocDtls") List<AdditionalDocument> additionalDocuments,
        @JsonProperty("ExpDtls") ExportDetails export,
        @JsonProperty("EwbDtls") EwayBillDetails ewayBill) {

    public static final String SCHEMA_VERSION = "1.1";
}
