package dev.openirn.gst.validation;

import dev.openirn.gst.nic.BuyerDetails;
import dev.openirn.gst.nic.DocumentDetails;
import dev.openirn.gst.nic.NicInvoice;
import dev.openirn.gst.nic.SellerDetails;
import dev.openirn.gst.nic.TransactionDetails;
import dev.openirn.gst.master.HsnMaster;
import dev.openirn.gst.master.Masters;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.Objects;

/**
 * Validates a NIC INV-01 v1.1 invoice the way the IRP does (its schema, business
 * rules and error codes) and reports every problem at once. Checks that need NIC's taxpayer, HSN or
 * PIN masters (3028/3029, SEZ recipients) are out of reach locally and not made; HSN existence is
 * checked against a local copy of the HSN/SAC master and reported as a warning unless asked otherwise.
 * The rules live in families ({@link ReferenceRules}, {@link PartyRules}, {@link ItemRules},
 * {@link ValueRules}, {@link ExportAndEwayBillRules}) over the shared {@link FieldChecks}; this
 * class runs them in NIC's block order and gathers what they find.
 */
public final class InvoiceValidator {

    public static final int MAX_ITEMS = 1000;

    private final Clock clock;
    private final Masters masters;
    private final int reportingWindowDays;
    private final HsnMaster hsnMaster;
    private final boolean rejectUnknownHsn;

    public InvoiceValidator(Clock clock) {
        this(clock, 0, HsnMaster.bundled(), false);
    }

    private InvoiceValidator(Clock clock, int reportingWindowDays, HsnMaster hsnMaster, boolean rejectUnknownHsn) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.masters = Masters.get();
        this.reportingWindowDays = reportingWindowDays;
        this.hsnMaster = Objects.requireNonNull(hsnMaster, "hsnMaster");
        this.rejectUnknownHsn = rejectUnknownHsn;
    }

    /**
     * A validator that checks item codes against {@code master}; a code missing from it is an error
     * (NIC's 2176) when {@code reject}, else a warning {@code hsn.not_in_master}.
     */
    public InvoiceValidator withHsnMaster(HsnMaster master, boolean reject) {
        return new InvoiceValidator(clock, reportingWindowDays, master, reject);
    }

    /**
     * A validator that also enforces NIC's reporting window (2305): the document date may be at most
     * {@code days} days before today. Applies only to large suppliers, hence off unless asked for.
     */
    public InvoiceValidator withReportingWindowDays(int days) {
        if (days < 1) {
            throw new IllegalArgumentException("reporting window must be at least one day");
        }
        return new InvoiceValidator(clock, days, hsnMaster, rejectUnknownHsn);
    }

    public ValidationResult validate(NicInvoice invoice, ValidationProfile profile) {
        FieldChecks checks = new FieldChecks(profile, masters, hsnMaster, rejectUnknownHsn);
        if (invoice == null) {
            checks.error("", "field.required", "Requested Payload is empty", "2255");
            return checks.result();
        }
        checkInvoice(invoice, checks);
        return checks.result();
    }

    /** Runs every family on its blocks; the order is the order in which violations are reported. */
    private void checkInvoice(NicInvoice invoice, FieldChecks checks) {
        ReferenceRules references = new ReferenceRules(checks, clock, reportingWindowDays);
        PartyRules parties = new PartyRules(checks);
        ExportAndEwayBillRules exportAndEwayBill = new ExportAndEwayBillRules(checks);
        if (checks.required("Version", invoice.version()) && !NicInvoice.SCHEMA_VERSION.equals(invoice.version())) {
            checks.error("Version", "version.unsupported", "Version must be " + NicInvoice.SCHEMA_VERSION, null);
        }
        TransactionDetails tran = invoice.transaction();
        String supplyType = checks.required("TranDtls", tran) ? references.checkTransaction(tran) : null;
        DocumentDetails doc = invoice.document();
        String docType = checks.required("DocDtls", doc) ? references.checkDocument(doc) : null;
        SellerDetails seller = invoice.seller();
        if (checks.required("SellerDtls", seller)) {
            parties.checkSeller(seller);
        }
        BuyerDetails buyer = invoice.buyer();
        if (checks.required("BuyerDtls", buyer)) {
            parties.checkBuyer(buyer, seller);
        }
        if (invoice.dispatchFrom() != null) {
            parties.checkDispatch(invoice.dispatchFrom());
        }
        if (invoice.shipTo() != null) {
            parties.checkShipTo(invoice.shipTo());
        }
        parties.checkSupplyType(supplyType, tran, seller, buyer, invoice.export());
        TaxContext tax = new TaxContext(masters, supplyType, docType, tran, seller, buyer);
        new ItemRules(checks).checkItems(invoice.items(), tax);
        ValueRules values = new ValueRules(checks);
        if (checks.required("ValDtls", invoice.values())) {
            values.checkValues(invoice.values(), invoice.items());
        }
        if (invoice.payment() != null) {
            values.checkPayment(invoice.payment());
        }
        if (invoice.reference() != null) {
            references.checkReference(invoice.reference());
        }
        if (invoice.additionalDocuments() != null) {
            references.checkAdditionalDocuments(invoice.additionalDocuments());
        }
        if (invoice.export() != null) {
            exportAndEwayBill.checkExport(invoice.export());
        }
        if (invoice.ewayBill() != null) {
            exportAndEwayBill.checkEwayBill(invoice.ewayBill(), docType, invoice.items());
        }
    }

    /** NIC's "+/- one rupee" tolerance, see {@link FieldChecks#withinTolerance}. */
    static boolean withinTolerance(BigDecimal passed, BigDecimal calculated) {
        return FieldChecks.withinTolerance(passed, calculated);
    }
}
