package dev.openirn.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;

/** The IRP's signed QR code, decoded by the server, with whether its signature verified. */
@JsonIgnoreProperties(ignoreUnknown = true)
public final class DecodedQrCode {
    private String sellerGstin;
    private String buyerGstin;
    private String documentNumber;
    private String documentType;
    private String documentDate;
    private BigDecimal totalInvoiceValue;
    private Integer itemCount;
    private String mainHsnCode;
    private String irn;
    private String irnDate;
    private String issuer;
    private JsonNode signature;

    public String sellerGstin() {
        return sellerGstin;
    }

    public String buyerGstin() {
        return buyerGstin;
    }

    public String documentNumber() {
        return documentNumber;
    }

    public String documentType() {
        return documentType;
    }

    public String documentDate() {
        return documentDate;
    }

    public BigDecimal totalInvoiceValue() {
        return totalInvoiceValue;
    }

    public int itemCount() {
        return itemCount == null ? 0 : itemCount;
    }

    public String mainHsnCode() {
        return mainHsnCode;
    }

    public String irn() {
        return irn;
    }

    public String irnDate() {
        return irnDate;
    }

    public String issuer() {
        return issuer;
    }

    /** True when the signature verified against a certificate the server trusts. */
    public boolean signatureValid() {
        return signature != null && signature.path("valid").asBoolean(false);
    }

    /** Why the signature did not verify (null when it did). */
    public String signatureProblem() {
        return signature == null ? "no signature" : signature.path("reason").isTextual() ? signature.path("reason").asText() : null;
    }

    public String signedBy() {
        return signature == null ? null : signature.path("signedBy").asText(null);
    }
}
