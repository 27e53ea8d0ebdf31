package dev.openirn.gst.nic;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.math.BigDecimal;
import java.util.List;

/** One element of {@code ItemList}. {@code GstRt} is the combined rate (CGST+SGST, or IGST). */
@JsonPropertyOrder({"SlNo", "PrdDesc", "IsServc", "HsnCd", "Barcde", "Qty", "FreeQty", "Unit", "UnitPrice", "TotAmt", "Discount", "PreTaxVal", "AssAmt", "GstRt", "IgstAmt", "CgstAmt", "SgstAmt", "CesRt", "CesAmt", "CesNonAdvlAmt", "StateCesRt", "StateCesAmt", "StateCesNonAdvlAmt", "OthChrg", "TotItemVal", "OrdLineRef", "OrgCntry", "PrdSlNo", "BchDtls", "AttribDtls"})
public record Item(
        @JsonProperty("SlNo") String serialNumber,
        @JsonProperty("PrdDesc") String productDescription,
        @JsonProperty("IsServc") String isService,
        @JsonProperty("HsnCd") String hsnCode,
        @JsonProperty("Barcde") String barcode,
        @JsonProperty("Qty") BigDecimal quantity,
        @JsonProperty("FreeQty") BigDecimal freeQuantity,
        @JsonProperty("Unit") String unit,
        @JsonProperty("UnitPrice") BigDecimal unitPrice,
        @JsonProperty("TotAmt") BigDecimal totalAmount,
        @JsonProperty("Discount") BigDecimal discount,
        @JsonProperty("PreTaxVal") BigDecimal preTaxValue,
        @JsonProperty("AssAmt") BigDecimal assessableAmount,
        @JsonProperty("GstRt") BigDecimal gstRate,
        @JsonProperty("IgstAmt") BigDecimal igstAmount,
        @JsonProperty("CgstAmt") BigDecimal cgstAmount,
        @JsonProperty("SgstAmt") BigDecimal sgstAmount,
        @JsonProperty("CesRt") BigDecimal cessRate,
        @JsonProperty("CesAmt") BigDecimal cessAmount,
        @JsonProperty("CesNonAdvlAmt") BigDecimal cessNonAdvolAmount,
        @JsonProperty("StateCesRt") BigDecimal stateCessRate,
        @JsonProperty("StateCesAmt") BigDecimal stateCessAmount,
        @JsonProperty("StateCesNonAdvlAmt") BigDecimal stateCessNonAdvolAmount,
        @JsonProperty("OthChrg") BigDecimal otherCharges,
        @JsonProperty("TotItemVal") BigDecimal totalItemValue,
        @JsonProperty("OrdLineRef") String orderLineReference,
        @JsonProperty("OrgCntry") String originCountry,
        @JsonProperty("PrdSlNo") String productSerialNumber,
        @JsonProperty("BchDtls") BatchDetails batch,
        @JsonProperty("AttribDtls") List<Attribute> attributes) {
}
