package dev.openirn.gst.validation;

import dev.openirn.gst.DocumentNumber;
import dev.openirn.gst.nic.NicTimestamps;
import static dev.openirn.gst.validation.FieldChecks.isYesNo;

import dev.openirn.gst.master.Masters;
import dev.openirn.gst.nic.AdditionalDocument;
import dev.openirn.gst.nic.Contract;
import dev.openirn.gst.nic.DocumentDetails;
import dev.openirn.gst.nic.NicDate;
import dev.openirn.gst.nic.PrecedingDocument;
import dev.openirn.gst.nic.ReferenceDetails;
import dev.openirn.gst.nic.TransactionDetails;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What the invoice is and what it refers to: transaction details (supply type, reverse charge),
 * document type, number and date (no future date, the optional reporting window), preceding
 * documents, contracts and additional documents.
 */
final class ReferenceRules {

    private static final Pattern TCS_GSTIN = Pattern.compile("[0-9]{2}[A-Z]{5}[0-9]{4}[A-Z][1-9A-Z]C[0-9A-Z]");

    private final FieldChecks checks;
    private final Masters masters;
    private final Clock clock;
    private final int reportingWindowDays;

    /**
     * {@code reportingWindowDays} 0 means no reporting window. The document number patterns are
     * handed in by {@link InvoiceValidator}, which keeps their definitions.
     */
    ReferenceRules(FieldChecks checks, Clock clock, int reportingWindowDays) {
        this.checks = checks;
        this.masters = checks.masters();
        this.clock = clock;
        this.reportingWindowDays = reportingWindowDays;
    }

    String checkTransaction(TransactionDetails tran) {
        if (checks.required("TranDtls.TaxSch", tran.taxScheme()) && !"GST".equals(tran.taxScheme())) {
            checks.error("TranDtls.TaxSch", "field.pattern", "The field TaxSch must match the regular expression ^(GST)$", null);
        }
        String supplyType = null;
        if (checks.required("TranDtls.SupTyp", tran.supplyType())) {
            if (masters.isSupplyType(tran.supplyType())) {
                supplyType = tran.supplyType().toUpperCase(Locale.ROOT);
            } else {
                checks.error("TranDtls.SupTyp", "transaction.supply_type_invalid",
                        "Supply type must be one of " + String.join(", ", masters.supplyTypes()), null);
            }
        }
        if (tran.reverseCharge() != null && !isYesNo(tran.reverseCharge())) {
            checks.error("TranDtls.RegRev", "transaction.reverse_charge_invalid",
                    "Invalid value for reverse charge applicable field", "2159");
        }
        if (tran.igstOnIntra() != null && !isYesNo(tran.igstOnIntra())) {
            checks.error("TranDtls.IgstOnIntra", "transaction.igst_on_intra_invalid", "Invalid value for IGSTonIntra field", "2263");
        }
        if (tran.ecommerceGstin() != null && checks.gstin("TranDtls.EcmGstin", tran.ecommerceGstin(), false)
                && !TCS_GSTIN.matcher(tran.ecommerceGstin()).matches()) {
            checks.error("TranDtls.EcmGstin", "gstin.ecommerce_not_tcs", "e-Commerce Gstin should be TCS", "2195");
        }
        return supplyType;
    }

    String checkDocument(DocumentDetails doc) {
        String type = null;
        if (checks.required("DocDtls.Typ", doc.type())) {
            if (masters.isDocumentType(doc.type())) {
                type = doc.type().toUpperCase(Locale.ROOT);
            } else {
                checks.error("DocDtls.Typ", "document.type_invalid", "Invalid Document Type", "2161");
            }
        }
        if (checks.required("DocDtls.No", doc.number())) {
            if (doc.number().length() > 16) {
                checks.error("DocDtls.No", "document.number_length",
                        "The field Document Number must be a string with a minimum length of 1 and a maximum length of 16", null);
            } else if (!DocumentNumber.PATTERN.matcher(doc.number()).matches()) {
                checks.error("DocDtls.No", "document.number_format", "The document number may contain only letters, digits,"
                        + " '/' and '-', and may not start with '0', '/' or '-'", null);
            }
        }
        if (checks.required("DocDtls.Dt", doc.date())) {
            Optional<LocalDate> date = NicDate.tryParse(doc.date());
            if (date.isEmpty()) {
                checks.error("DocDtls.Dt", "document.date_format", "Document date should be in the format (dd/MM/yyyy)", "2144");
            } else {
                LocalDate today = LocalDate.now(clock.withZone(NicTimestamps.IST));
                if (date.get().isAfter(today)) {
                    checks.error("DocDtls.Dt", "document.date_in_future", "The document date should not be future date .", "2163");
                } else if (reportingWindowDays > 0 && date.get().isBefore(today.minusDays(reportingWindowDays))) {
                    checks.error("DocDtls.Dt", "document.date_outside_reporting_window", "IRN cannot be generated with document"
                            + " date prior to " + reportingWindowDays + " days from today", "2305");
                }
            }
        }
        return type;
    }

    void checkReference(ReferenceDetails ref) {
        String p = "RefDtls";
        checks.text(p + ".InvRm", ref.invoiceRemarks(), false, 3, 100);
        if (ref.documentPeriod() != null) {
            checks.date(p + ".DocPerdDtls.InvStDt", ref.documentPeriod().startDate(), true);
            checks.date(p + ".DocPerdDtls.InvEndDt", ref.documentPeriod().endDate(), true);
        }
        List<PrecedingDocument> preceding = ref.precedingDocuments();
        if (preceding != null) {
            for (int i = 0; i < preceding.size(); i++) {
                String q = p + ".PrecDocDtls[" + i + "]";
                PrecedingDocument d = preceding.get(i);
                if (d == null) {
                    checks.error(q, "field.required", "The preceding document is required.", null);
                    continue;
                }
                if (checks.required(q + ".InvNo", d.invoiceNumber()) && !DocumentNumber.PRECEDING.matcher(d.invoiceNumber()).matches()) {
                    checks.error(q + ".InvNo", "field.pattern",
                            "The field InvNo must match the regular expression ^[1-9a-zA-Z]{1}[0-9a-zA-Z/-]{1,15}$", null);
                }
                checks.date(q + ".InvDt", d.invoiceDate(), true);
                checks.text(q + ".OthRefNo", d.otherReference(), false, 1, 20);
            }
        }
        List<Contract> contracts = ref.contracts();
        if (contracts != null) {
            for (int i = 0; i < contracts.size(); i++) {
                String q = p + ".ContrDtls[" + i + "]";
                Contract c = contracts.get(i);
                if (c == null) {
                    checks.error(q, "field.required", "The contract is required.", null);
                    continue;
                }
                checks.text(q + ".RecAdvRefr", c.receiptAdviceReference(), false, 1, 20);
                checks.date(q + ".RecAdvDt", c.receiptAdviceDate(), false);
                checks.text(q + ".TendRefr", c.tenderReference(), false, 1, 20);
                checks.text(q + ".ContrRefr", c.contractReference(), false, 1, 20);
                checks.text(q + ".ExtRefr", c.externalReference(), false, 1, 20);
                checks.text(q + ".ProjRefr", c.projectReference(), false, 1, 20);
                checks.text(q + ".PORefr", c.purchaseOrderReference(), false, 1, 16);
                checks.date(q + ".PORefDt", c.purchaseOrderDate(), false);
            }
        }
    }

    void checkAdditionalDocuments(List<AdditionalDocument> documents) {
        for (int i = 0; i < documents.size(); i++) {
            String p = "AddlDocDtls[" + i + "]";
            if (documents.get(i) == null) {
                checks.error(p, "field.required", "The additional document is required.", null);
                continue;
            }
            checks.text(p + ".Url", documents.get(i).url(), false, 3, 100);
            checks.text(p + ".Docs", documents.get(i).document(), false, 3, 1000);
            checks.text(p + ".Info", documents.get(i).information(), false, 3, 1000);
        }
    }
}
