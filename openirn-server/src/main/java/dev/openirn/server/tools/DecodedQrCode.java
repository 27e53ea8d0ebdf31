package dev.openirn.server.tools;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.openirn.gst.nic.NicTimestamps;
import dev.openirn.server.irp.IrpSignatures;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import tools.jackson.databind.JsonNode;

/**
 * The ten fields NIC signs into an e-invoice's QR code, in OneFinOps' names, with the verdict on the
 * signature. Dates become ISO ({@code documentDate} a date, {@code irnDate} an instant like
 * {@code ackDate}); a value in a form OpenIRN does not recognise is passed on as the IRP wrote it.
 */
@JsonPropertyOrder({"sellerGstin", "buyerGstin", "documentNumber", "documentType", "documentDate", "totalInvoiceValue",
        "itemCount", "mainHsnCode", "irn", "irnDate", "issuer", "signature"})
record DecodedQrCode(
        String sellerGstin,
        String buyerGstin,
        String documentNumber,
        String documentType,
        String documentDate,
        BigDecimal totalInvoiceValue,
        Integer itemCount,
        String mainHsnCode,
        String irn,
        String irnDate,
        String issuer,
        IrpSignatures.Check signature) {

    private static final DateTimeFormatter NIC_DATE = DateTimeFormatter.ofPattern("dd/MM/uuuu");

    /** Whether {@code data} carries any of the QR code's own fields (a signed invoice does not). */
    static boolean looksLikeQrPayload(JsonNode data) {
        return data.has("SellerGstin") || data.has("DocNo") || data.has("IrnDt");
    }

    static DecodedQrCode of(IrpSignatures.SignedDocument document) {
        JsonNode data = document.data();
        return new DecodedQrCode(text(data, "SellerGstin"), text(data, "BuyerGstin"), text(data, "DocNo"),
                text(data, "DocTyp"), isoDate(text(data, "DocDt")), decimal(data.get("TotInvVal")),
                data.path("ItemCnt").isIntegralNumber() && data.path("ItemCnt").canConvertToInt()
                        ? Integer.valueOf(data.path("ItemCnt").intValue()) : null,
                text(data, "MainHsnCode"), text(data, "Irn"), isoInstant(text(data, "IrnDt")), document.issuer(),
                document.signature());
    }

    private static String text(JsonNode data, String field) {
        JsonNode value = data.get(field);
        return value == null || value.isNull() ? null : value.isString() ? value.stringValue() : value.toString();
    }

    private static BigDecimal decimal(JsonNode value) {
        if (value != null && value.isNumber()) {
            return value.decimalValue();
        }
        if (value != null && value.isString()) {
            try {
                return new BigDecimal(value.stringValue().trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    private static String isoDate(String nicDate) {
        if (nicDate == null) {
            return null;
        }
        try {
            return LocalDate.parse(nicDate, NIC_DATE).toString();
        } catch (DateTimeParseException e) {
            return nicDate;
        }
    }

    private static String isoInstant(String nicTimestamp) {
        if (nicTimestamp == null) {
            return null;
        }
        try {
            return NicTimestamps.parse(nicTimestamp).toString();
        } catch (RuntimeException e) {
            return nicTimestamp;
        }
    }
}
