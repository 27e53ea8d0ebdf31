package dev.openirn.gst.validation;

import dev.openirn.gst.Gstin;
import dev.openirn.gst.nic.Attribute;
import dev.openirn.gst.nic.BatchDetails;
import dev.openirn.gst.nic.BuyerDetails;
import dev.openirn.gst.nic.Contract;
import dev.openirn.gst.nic.DispatchDetails;
import dev.openirn.gst.nic.DocumentDetails;
import dev.openirn.gst.nic.EwayBillDetails;
import dev.openirn.gst.nic.ExportDetails;
import dev.openirn.gst.nic.Item;
import dev.openirn.gst.nic.NicDate;
import dev.openirn.gst.nic.NicInvoice;
import dev.openirn.gst.nic.PaymentDetails;
import dev.openirn.gst.nic.PrecedingDocument;
import dev.openirn.gst.nic.ReferenceDetails;
import dev.openirn.gst.nic.SellerDetails;
import dev.openirn.gst.nic.ShipDetails;
import dev.openirn.gst.nic.TransactionDetails;
import dev.openirn.gst.nic.ValueDetails;
import dev.openirn.gst.master.Masters;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Validates a NIC INV-01 v1.1 invoice the way the IRP does (its schema, business
 * rules and error codes) and reports every problem at once. Checks that need NIC's taxpayer, HSN or
 * PIN masters (3028/3029, SEZ recipients, HSN existence) are out of reach locally and not made.
 */
public final class InvoiceValidator {

    public static final ZoneId IST = dev.openirn.gst.nic.NicTimestamps.IST;
    public static final int MAX_ITEMS = 1000;

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);
    private static final BigDecimal MAX_ITEM_AMOUNT = new BigDecimal("999999999999.99");
    private static final BigDecimal MAX_INVOICE_AMOUNT = new BigDecimal("99999999999999.99");
    private static final BigDecimal MAX_QUANTITY = new BigDecimal("9999999999.999");
    private static final BigDecimal MAX_UNIT_PRICE = new BigDecimal("999999999999.999");
    private static final BigDecimal MAX_RATE = new BigDecimal("999.999");
    private static final BigDecimal MAX_ROUND_OFF = new BigDecimal("99.99");

    private static final Pattern DOCUMENT_NUMBER = dev.openirn.gst.DocumentNumber.PATTERN;
    private static final Pattern PRECEDING_NUMBER = Pattern.compile("[1-9a-zA-Z][0-9a-zA-Z/-]{1,15}");
    private static final Pattern HSN = Pattern.compile("(?!0+$)([0-9]{4}|[0-9]{6}|[0-9]{8})");
    private static final Pattern SERIAL_NUMBER = Pattern.compile("[0-9]{1,6}");
    private static final Pattern STATE_CODE = Pattern.compile("(?!0+$)[0-9]{1,2}");
    private static final Pattern PHONE = Pattern.compile("[0-9]{6,12}");
    private static final Pattern EMAIL = Pattern.compile("[a-zA-Z0-9+_.-]+@[a-zA-Z0-9.-]+");
    private static final Pattern UNIT = Pattern.compile("[A-Za-z]{3,8}");
    private static final Pattern COUNTRY = Pattern.compile("[A-Za-z]{2}");
    private static final Pattern EXPORT_COUNTRY = Pattern.compile("[A-Z]{2}");
    private static final Pattern PORT = Pattern.compile("[0-9A-Za-z]{2,10}");
    private static final Pattern CURRENCY = Pattern.compile("[A-Za-z]{3,16}");
    private static final Pattern TRANSPORT_DOCUMENT = Pattern.compile("[a-zA-Z0-9/-]{1,15}");
    private static final Pattern VEHICLE_NUMBER = Pattern.compile("[A-Za-z0-9]{4,20}");
    private static final Pattern TCS_GSTIN = Pattern.compile("[0-9]{2}[A-Z]{5}[0-9]{4}[A-Z][1-9A-Z]C[0-9A-Z]");

    private final Clock clock;
    private final Masters masters;
    private final int reportingWindowDays;

    public InvoiceValidator(Clock clock) {
        this(clock, 0);
    }

    private InvoiceValidator(Clock clock, int reportingWindowDays) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.masters = Masters.get();
        this.reportingWindowDays = reportingWindowDays;
    }

    /**
     * A validator that also enforces NIC's reporting window (2305): the document date may be at most
     * {@code days} days before today. Applies only to large suppliers, hence off unless asked for.
     */
    public InvoiceValidator withReportingWindowDays(int days) {
        if (days < 1) {
            throw new IllegalArgumentException("reporting window must be at least one day");
        }
        return new InvoiceValidator(clock, days);
    }

    public ValidationResult validate(NicInvoice invoice, ValidationProfile profile) {
        Run run = new Run(profile);
        if (invoice == null) {
            run.error("", "field.required", "Requested Payload is empty", "2255");
            return run.result();
        }
        run.checkInvoice(invoice);
        return run.result();
    }

    /** One validation pass; collects violations and decides which family a profile relaxes. */
    /** Far beyond the 3 decimals and 18 digits of any NIC amount or rate. */
    static final int MAX_COMPUTABLE_SCALE = 20;

    private final class Run {

        private final ValidationProfile profile;
        private final List<Violation> errors = new ArrayList<>();
        private final List<Violation> warnings = new ArrayList<>();
        /**
         * Amounts already reported as out of range or with absurdly many decimals: no sum or tolerance
         * is computed with them (BigDecimal arithmetic on a scale of millions runs for seconds).
         */
        private final Set<BigDecimal> unusable = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());

        Run(ValidationProfile profile) {
            this.profile = Objects.requireNonNull(profile, "profile");
        }

        ValidationResult result() {
            return new ValidationResult(errors, warnings);
        }

        void error(String path, String code, String message, String nicCode) {
            errors.add(new Violation(path, code, message, nicCode));
        }

        /** The two rule families the lenient profile reports as warnings. */
        void relaxable(String path, String code, String message, String nicCode) {
            Violation violation = new Violation(path, code, message, nicCode);
            (profile == ValidationProfile.LENIENT ? warnings : errors).add(violation);
        }

        // ---------------------------------------------------------------- invoice

        void checkInvoice(NicInvoice invoice) {
            if (required("Version", invoice.version()) && !NicInvoice.SCHEMA_VERSION.equals(invoice.version())) {
                error("Version", "version.unsupported", "Version must be " + NicInvoice.SCHEMA_VERSION, null);
            }
            TransactionDetails tran = invoice.transaction();
            String supplyType = required("TranDtls", tran) ? checkTransaction(tran) : null;
            DocumentDetails doc = invoice.document();
            String docType = required("DocDtls", doc) ? checkDocument(doc) : null;
            SellerDetails seller = invoice.seller();
            if (required("SellerDtls", seller)) {
                checkSeller(seller);
            }
            BuyerDetails buyer = invoice.buyer();
            if (required("BuyerDtls", buyer)) {
                checkBuyer(buyer, seller);
            }
            if (invoice.dispatchFrom() != null) {
                checkDispatch(invoice.dispatchFrom());
            }
            if (invoice.shipTo() != null) {
                checkShipTo(invoice.shipTo());
            }
            checkSupplyType(supplyType, tran, seller, buyer, invoice.export());
            TaxContext tax = new TaxContext(supplyType, docType, tran, seller, buyer);
            checkItems(invoice.items(), tax);
            if (required("ValDtls", invoice.values())) {
                checkValues(invoice.values(), invoice.items());
            }
            if (invoice.payment() != null) {
                checkPayment(invoice.payment());
            }
            if (invoice.reference() != null) {
                checkReference(invoice.reference());
            }
            List<dev.openirn.gst.nic.AdditionalDocument> documents = invoice.additionalDocuments();
            if (documents != null) {
                for (int i = 0; i < documents.size(); i++) {
                    String p = "AddlDocDtls[" + i + "]";
                    text(p + ".Url", documents.get(i).url(), false, 3, 100);
                    text(p + ".Docs", documents.get(i).document(), false, 3, 1000);
                    text(p + ".Info", documents.get(i).information(), false, 3, 1000);
                }
            }
            if (invoice.export() != null) {
                checkExport(invoice.export());
            }
            if (invoice.ewayBill() != null) {
                checkEwayBill(invoice.ewayBill(), docType, invoice.items());
            }
        }

        String checkTransaction(TransactionDetails tran) {
            if (required("TranDtls.TaxSch", tran.taxScheme()) && !"GST".equals(tran.taxScheme())) {
                error("TranDtls.TaxSch", "field.pattern", "The field TaxSch must match the regular expression ^(GST)$", null);
            }
            String supplyType = null;
            if (required("TranDtls.SupTyp", tran.supplyType())) {
                if (masters.isSupplyType(tran.supplyType())) {
                    supplyType = tran.supplyType().toUpperCase(Locale.ROOT);
                } else {
                    error("TranDtls.SupTyp", "transaction.supply_type_invalid",
                            "Supply type must be one of " + String.join(", ", masters.supplyTypes()), null);
                }
            }
            if (tran.reverseCharge() != null && !isYesNo(tran.reverseCharge())) {
                error("TranDtls.RegRev", "transaction.reverse_charge_invalid",
                        "Invalid value for reverse charge applicable field", "2159");
            }
            if (tran.igstOnIntra() != null && !isYesNo(tran.igstOnIntra())) {
                error("TranDtls.IgstOnIntra", "transaction.igst_on_intra_invalid", "Invalid value for IGSTonIntra field", "2263");
            }
            if (tran.ecommerceGstin() != null && gstin("TranDtls.EcmGstin", tran.ecommerceGstin(), false)
                    && !TCS_GSTIN.matcher(tran.ecommerceGstin()).matches()) {
                error("TranDtls.EcmGstin", "gstin.ecommerce_not_tcs", "e-Commerce Gstin should be TCS", "2195");
            }
            return supplyType;
        }

        String checkDocument(DocumentDetails doc) {
            String type = null;
            if (required("DocDtls.Typ", doc.type())) {
                if (masters.isDocumentType(doc.type())) {
                    type = doc.type().toUpperCase(Locale.ROOT);
                } else {
                    error("DocDtls.Typ", "document.type_invalid", "Invalid Document Type", "2161");
                }
            }
            if (required("DocDtls.No", doc.number())) {
                if (doc.number().length() > 16) {
                    error("DocDtls.No", "document.number_length",
                            "The field Document Number must be a string with a minimum length of 1 and a maximum length of 16", null);
                } else if (!DOCUMENT_NUMBER.matcher(doc.number()).matches()) {
                    error("DocDtls.No", "document.number_format", "The document number may contain only letters, digits,"
                            + " '/' and '-', and may not start with '0', '/' or '-'", null);
                }
            }
            if (required("DocDtls.Dt", doc.date())) {
                Optional<LocalDate> date = NicDate.tryParse(doc.date());
                if (date.isEmpty()) {
                    error("DocDtls.Dt", "document.date_format", "Document date should be in the format (dd/MM/yyyy)", "2144");
                } else {
                    LocalDate today = LocalDate.now(clock.withZone(IST));
                    if (date.get().isAfter(today)) {
                        error("DocDtls.Dt", "document.date_in_future", "The document date should not be future date .", "2163");
                    } else if (reportingWindowDays > 0 && date.get().isBefore(today.minusDays(reportingWindowDays))) {
                        error("DocDtls.Dt", "document.date_outside_reporting_window", "IRN cannot be generated with document"
                                + " date prior to " + reportingWindowDays + " days from today", "2305");
                    }
                }
            }
            return type;
        }

        void checkSeller(SellerDetails s) {
            String p = "SellerDtls";
            boolean gstinOk = false;
            if (required(p + ".Gstin", s.gstin())) {
                if (Gstin.UNREGISTERED.equalsIgnoreCase(s.gstin())) {
                    error(p + ".Gstin", "gstin.supplier_urp", "The supplier GSTIN cannot be URP", "2213");
                } else {
                    gstinOk = gstin(p + ".Gstin", s.gstin(), true);
                }
            }
            text(p + ".LglNm", s.legalName(), true, 3, 100);
            text(p + ".TrdNm", s.tradeName(), false, 3, 100);
            address(p, s.address1(), s.address2(), s.location(), 50);
            contact(p, s.phone(), s.email());
            boolean stateOk = state(p + ".Stcd", s.stateCode(), "state.invalid_supplier", "Invalid supplier state code", "2259")
                    && !Masters.OTHER_COUNTRY.equals(masters.normalizeStateCode(s.stateCode()));
            if (!stateOk && masters.isStateCode(s.stateCode())) {
                error(p + ".Stcd", "state.invalid_supplier", "Invalid supplier state code", "2259");
            }
            pin(p, s.pin(), s.stateCode(), stateOk, true);
            if (gstinOk && stateOk && !Gstin.stateCode(s.gstin()).equals(masters.normalizeStateCode(s.stateCode()))) {
                error(p + ".Stcd", "gstin.state_mismatch",
                        "Supplier GSTIN state code should be same as the sate code passed in supplier details", "2258");
            }
        }

        void checkBuyer(BuyerDetails b, SellerDetails seller) {
            String p = "BuyerDtls";
            boolean registered = false;
            if (required(p + ".Gstin", b.gstin()) && !Gstin.UNREGISTERED.equals(b.gstin())) {
                registered = gstin(p + ".Gstin", b.gstin(), true);
            }
            text(p + ".LglNm", b.legalName(), true, 3, 100);
            text(p + ".TrdNm", b.tradeName(), false, 3, 100);
            state(p + ".Pos", b.placeOfSupply(), "state.invalid_place_of_supply", "POS should be valid state", "2243");
            address(p, b.address1(), b.address2(), b.location(), 100);
            contact(p, b.phone(), b.email());
            boolean stateOk = state(p + ".Stcd", b.stateCode(), "state.invalid_recipient", "Invalid recipient state code", "2260");
            if (b.pin() == null) {
                error(p + ".Pin", "pin.recipient_required", "Recipient PIN code is mandatory", "2244");
            } else {
                pin(p, b.pin(), b.stateCode(), stateOk, true);
            }
            if (registered && stateOk && !Gstin.stateCode(b.gstin()).equals(masters.normalizeStateCode(b.stateCode()))) {
                error(p + ".Stcd", "gstin.recipient_state_mismatch",
                        "Recipient GSTIN state code should be same as the sate code passed in recipient details", "2265");
            }
            if (registered && seller != null && b.gstin().equals(seller.gstin())) {
                error(p + ".Gstin", "gstin.same_supplier_recipient",
                        "Supplier and recipient GSTIN should not be the same.", "2211");
            }
        }

        void checkDispatch(DispatchDetails d) {
            String p = "DispDtls";
            text(p + ".Nm", d.name(), true, 3, 100);
            address(p, d.address1(), d.address2(), d.location(), 100);
            boolean stateOk = state(p + ".Stcd", d.stateCode(), "state.invalid_dispatch_or_ship",
                    "Invalid state code " + d.stateCode() + " in dispatch details or ship details", "2200");
            pin(p, d.pin(), d.stateCode(), stateOk, true);
        }

        void checkShipTo(ShipDetails s) {
            String p = "ShipDtls";
            if (s.gstin() != null && !Gstin.UNREGISTERED.equals(s.gstin())) {
                gstin(p + ".Gstin", s.gstin(), true);
            }
            text(p + ".LglNm", s.legalName(), true, 3, 100);
            text(p + ".TrdNm", s.tradeName(), false, 3, 100);
            address(p, s.address1(), s.address2(), s.location(), 100);
            boolean stateOk = state(p + ".Stcd", s.stateCode(), "state.invalid_dispatch_or_ship",
                    "Invalid state code " + s.stateCode() + " in dispatch details or ship details", "2200");
            pin(p, s.pin(), s.stateCode(), stateOk, true);
        }

        void checkSupplyType(String supplyType, TransactionDetails tran, SellerDetails seller, BuyerDetails buyer,
                ExportDetails export) {
            if (supplyType == null || buyer == null) {
                return;
            }
            boolean urp = Gstin.UNREGISTERED.equals(buyer.gstin());
            String pos = masters.normalizeStateCode(buyer.placeOfSupply());
            boolean posAbroad = Masters.OTHER_COUNTRY.equals(pos);
            if (isExport(supplyType)) {
                if (buyer.gstin() != null && !urp) {
                    error("BuyerDtls.Gstin", "export.recipient_not_urp", "Recipient has to be URP in case of export transactions", "2248");
                }
                if (pos != null && !posAbroad) {
                    error("BuyerDtls.Pos", "export.pos_not_other_country",
                            "Recipient POS should be other country(96) incase of transaction -" + supplyType, "2229");
                }
                String buyerState = masters.normalizeStateCode(buyer.stateCode());
                if (buyerState != null && !Masters.OTHER_COUNTRY.equals(buyerState)) {
                    error("BuyerDtls.Stcd", "export.state_not_other_country",
                            "Recipient state code should be other country(code: 96) for " + supplyType + " transaction", "2261");
                }
                if (export == null) {
                    error("ExpDtls", "export.details_required", "Export details are required", "2208");
                }
            } else {
                if (urp) {
                    boolean deemed = "DEXP".equals(supplyType);
                    error("BuyerDtls.Gstin", deemed ? "supply.deemed_export_recipient_urp" : "supply.recipient_urp_not_allowed",
                            deemed ? "The recipient GSTIN cannot be URP, in case of Deemed Export transaction"
                                    : "The recipient GSTIN cannot be URP for supply type " + supplyType,
                            deemed ? "2171" : "2212");
                }
                if (posAbroad) {
                    error("BuyerDtls.Pos", "supply.pos_other_country_not_allowed", "Recipient POS should not be Other"
                            + " Country(code -96) incase of transaction type " + supplyType, "2242");
                }
            }
            if (tran != null && "Y".equals(tran.reverseCharge()) && (isExport(supplyType) || "DEXP".equals(supplyType))) {
                error("TranDtls.RegRev", "transaction.reverse_charge_not_b2b", "Reverse Charge is applicable only for B2B invoices", "2162");
            }
            if (tran != null && "Y".equals(tran.igstOnIntra()) && seller != null && pos != null
                    && !pos.equals(masters.normalizeStateCode(seller.stateCode()))) {
                error("TranDtls.IgstOnIntra", "transaction.igst_on_intra_state_mismatch",
                        "Supplier statecode and POS should be same for intra state supply but chargeable to IGST", "2262");
            }
        }

        // ---------------------------------------------------------------- items

        void checkItems(List<Item> items, TaxContext tax) {
            if (items == null || items.isEmpty()) {
                error("ItemList", "items.empty", "Item list cannot be empty", "2228");
                return;
            }
            if (items.size() > MAX_ITEMS) {
                error("ItemList", "items.too_many", "You have exceeded the limit of number of items", "2173");
            }
            Set<String> serialNumbers = new HashSet<>();
            for (int i = 0; i < items.size(); i++) {
                String p = "ItemList[" + i + "]";
                Item item = items.get(i);
                if (item == null) {
                    error(p, "field.required", "The item is required.", null);
                    continue;
                }
                if (required(p + ".SlNo", item.serialNumber())) {
                    if (!SERIAL_NUMBER.matcher(item.serialNumber()).matches()) {
                        error(p + ".SlNo", "field.pattern", "The field SlNo must match the regular expression ^([0-9]{1,6})$", null);
                    } else if (!serialNumbers.add(String.valueOf(Integer.parseInt(item.serialNumber())))) {
                        error(p + ".SlNo", "items.duplicate_serial_number", "Duplicate SI nos are not allowed in items", "2233");
                    }
                }
                checkItem(p, item, tax);
            }
        }

        void checkItem(String p, Item item, TaxContext tax) {
            String hsn = item.hsnCode();
            text(p + ".PrdDesc", item.productDescription(), false, 3, 300);
            boolean serviceKnown = false;
            if (required(p + ".IsServc", item.isService())) {
                serviceKnown = isYesNo(item.isService());
                if (!serviceKnown) {
                    error(p + ".IsServc", "field.pattern", "The field IsServc must be Y or N", null);
                }
            }
            boolean service = "Y".equals(item.isService());
            if (required(p + ".HsnCd", hsn)) {
                if (!HSN.matcher(hsn).matches()) {
                    error(p + ".HsnCd", "hsn.invalid", "HSN code(s)-" + hsn + " is invalid", "2176");
                } else if (serviceKnown && service != hsn.startsWith("99")) {
                    error(p + ".HsnCd", "hsn.service_mismatch", "Mismatch between HSN/SAC and Type of Supply: services use"
                            + " SAC codes of chapter 99, goods do not", null);
                }
            }
            text(p + ".Barcde", item.barcode(), false, 3, 30);
            number(p + ".Qty", item.quantity(), 3, MAX_QUANTITY, false);
            number(p + ".FreeQty", item.freeQuantity(), 3, MAX_QUANTITY, false);
            if (serviceKnown && !service && item.quantity() == null) {
                error(p + ".Qty", "item.quantity_required", "Quantity is required for HSN - " + hsn, "2238");
            }
            if (item.unit() != null) {
                if (!UNIT.matcher(item.unit()).matches() || !masters.isUnit(item.unit())) {
                    error(p + ".Unit", "item.unit_invalid", "Invalid item unit code(s)-" + item.unit(), "2177");
                }
            } else if (serviceKnown && !service) {
                error(p + ".Unit", "item.unit_required", "Unit is required for HSN - " + hsn, "2239");
            }
            requiredNumber(p + ".UnitPrice", item.unitPrice(), 3, MAX_UNIT_PRICE);
            requiredNumber(p + ".TotAmt", item.totalAmount(), 2, MAX_ITEM_AMOUNT);
            number(p + ".Discount", item.discount(), 2, MAX_ITEM_AMOUNT, false);
            number(p + ".PreTaxVal", item.preTaxValue(), 2, MAX_ITEM_AMOUNT, false);
            requiredNumber(p + ".AssAmt", item.assessableAmount(), 2, MAX_ITEM_AMOUNT);
            if (requiredNumber(p + ".GstRt", item.gstRate(), 3, MAX_RATE) && !masters.isGstRate(item.gstRate())) {
                error(p + ".GstRt", "item.gst_rate_invalid", "Invalid GST rate for HSN -" + hsn, "2240");
            }
            number(p + ".IgstAmt", item.igstAmount(), 2, MAX_ITEM_AMOUNT, false);
            number(p + ".CgstAmt", item.cgstAmount(), 2, MAX_ITEM_AMOUNT, false);
            number(p + ".SgstAmt", item.sgstAmount(), 2, MAX_ITEM_AMOUNT, false);
            number(p + ".CesRt", item.cessRate(), 3, MAX_RATE, false);
            number(p + ".CesAmt", item.cessAmount(), 2, MAX_ITEM_AMOUNT, false);
            number(p + ".CesNonAdvlAmt", item.cessNonAdvolAmount(), 2, MAX_ITEM_AMOUNT, false);
            number(p + ".StateCesRt", item.stateCessRate(), 3, MAX_RATE, false);
            number(p + ".StateCesAmt", item.stateCessAmount(), 2, MAX_ITEM_AMOUNT, false);
            number(p + ".StateCesNonAdvlAmt", item.stateCessNonAdvolAmount(), 2, MAX_ITEM_AMOUNT, false);
            number(p + ".OthChrg", item.otherCharges(), 2, MAX_ITEM_AMOUNT, false);
            requiredNumber(p + ".TotItemVal", item.totalItemValue(), 2, MAX_ITEM_AMOUNT);
            text(p + ".OrdLineRef", item.orderLineReference(), false, 1, 50);
            pattern(p + ".OrgCntry", item.originCountry(), COUNTRY);
            text(p + ".PrdSlNo", item.productSerialNumber(), false, 1, 20);
            BatchDetails batch = item.batch();
            if (batch != null) {
                text(p + ".BchDtls.Nm", batch.name(), true, 3, 20);
                date(p + ".BchDtls.ExpDt", batch.expiryDate(), false);
                date(p + ".BchDtls.WrDt", batch.warrantyDate(), false);
            }
            List<Attribute> attributes = item.attributes();
            if (attributes != null) {
                for (int a = 0; a < attributes.size(); a++) {
                    text(p + ".AttribDtls[" + a + "].Nm", attributes.get(a).name(), false, 1, 100);
                    text(p + ".AttribDtls[" + a + "].Val", attributes.get(a).value(), false, 1, 100);
                }
            }
            checkItemArithmetic(p, item, hsn);
            if (computable(item)) {
                checkItemTax(p, item, hsn, tax);
            }
        }

        /** Every amount and rate of the line passed its own range check, so the line's arithmetic may run. */
        boolean computable(Item item) {
            return computable(item.totalAmount(), item.discount(), item.assessableAmount(), item.gstRate(),
                    item.igstAmount(), item.cgstAmount(), item.sgstAmount(), item.cessRate(), item.cessAmount(),
                    item.cessNonAdvolAmount(), item.stateCessRate(), item.stateCessAmount(),
                    item.stateCessNonAdvolAmount(), item.otherCharges(), item.totalItemValue());
        }

        boolean computable(BigDecimal... values) {
            for (BigDecimal value : values) {
                if (value != null && unusable.contains(value)) {
                    return false;
                }
            }
            return true;
        }

        void checkItemArithmetic(String p, Item item, String hsn) {
            if (!computable(item)) {
                return;
            }
            if (item.totalAmount() != null && item.assessableAmount() != null
                    && !withinTolerance(item.assessableAmount(), item.totalAmount().subtract(zero(item.discount())))) {
                error(p + ".AssAmt", "item.assessable_amount", "For HSN - " + hsn + " and Sl. No - " + item.serialNumber()
                        + ", AssAmt value should be equal to (TotAmt - Discount).", "2193");
            }
        }

        void checkItemTax(String p, Item item, String hsn, TaxContext tax) {
            BigDecimal assessable = item.assessableAmount();
            BigDecimal igst = zero(item.igstAmount());
            BigDecimal cgst = zero(item.cgstAmount());
            BigDecimal sgst = zero(item.sgstAmount());
            boolean hasIgst = igst.signum() != 0;
            boolean hasCgstSgst = cgst.signum() != 0 || sgst.signum() != 0;
            boolean igstOnly = tax.igstOnly();
            if (hasIgst && hasCgstSgst) {
                error(p + ".IgstAmt", "tax.igst_and_cgst_sgst", "IGST and CGST/SGST cannot both be charged on item - " + hsn
                        + " and Sl. No " + item.serialNumber(), igstOnly ? "2174" : "2172");
            } else if (igstOnly && hasCgstSgst) {
                if (tax.isExport()) {
                    error(p + ".CgstAmt", "tax.cgst_sgst_on_export",
                            "For export transaction CGST and SGST Amounts are not allowed for item -" + hsn, "2180");
                } else if (tax.isSez()) {
                    error(p + ".CgstAmt", "tax.cgst_sgst_on_sez", "The recipient tax payer of is of type SEZ, CGST and SGST"
                            + " Amounts are not allowed for HSN -" + hsn, "2237");
                } else {
                    relaxable(p + ".CgstAmt", "tax.cgst_sgst_on_inter_state", "For inter state transaction, CGST and SGST"
                            + " Amounts are not applicable for item - " + hsn + ", only Igst Amounts are Applicable", "2174");
                }
            } else if (tax.intraState() && hasIgst) {
                relaxable(p + ".IgstAmt", "tax.igst_on_intra_state", "For intra state transaction IGST amounts is not"
                        + " applicable for item - " + hsn + " and Sl. No " + item.serialNumber()
                        + " , only CGST and SGST amounts are applicable.", "2172");
            }
            if (cgst.compareTo(sgst) != 0) {
                error(p + ".SgstAmt", "tax.cgst_sgst_unequal", "SGST and CGST Amounts should be equal for HSN - " + hsn, "2227");
            }
            // NIC does not check amounts against rates for notes, nor a zero IGST on supplies without payment.
            boolean amountsChecked = assessable != null && !tax.isNote() && !(tax.withoutPayment() && !hasIgst && !hasCgstSgst);
            if (amountsChecked && item.gstRate() != null && !(hasIgst && hasCgstSgst)) {
                BigDecimal expected = percent(assessable, item.gstRate());
                // The head actually used is judged on its amount; a wrong head is reported above on its own.
                boolean usesIgst = hasIgst || (!hasCgstSgst && igstOnly);
                if (usesIgst && !withinTolerance(igst, expected)) {
                    error(p + ".IgstAmt", "tax.igst_amount", "IGST amount given with HSN -" + hsn + " is Invalid", "2235");
                } else if (!usesIgst && !withinTolerance(cgst.add(sgst), expected)) {
                    error(p + ".CgstAmt", "tax.cgst_sgst_amount", "Invalid SGST and CGST Amounts for HSN - " + hsn + ".", "2234");
                }
            }
            if (amountsChecked && !withinTolerance(zero(item.cessAmount()), percent(assessable, zero(item.cessRate())))) {
                error(p + ".CesAmt", "tax.cess_amount", "Cess amount given with HSN -" + hsn + " is invalid", "2266");
            }
            if (amountsChecked && !withinTolerance(zero(item.stateCessAmount()), percent(assessable, zero(item.stateCessRate())))) {
                error(p + ".StateCesAmt", "tax.state_cess_amount", "State Cess amount given with HSN -" + hsn + " is Invalid", "2267");
            }
            if (assessable != null && item.totalItemValue() != null) {
                BigDecimal withoutGst = assessable.add(zero(item.cessAmount())).add(zero(item.cessNonAdvolAmount()))
                        .add(zero(item.stateCessAmount())).add(zero(item.stateCessNonAdvolAmount()))
                        .add(zero(item.otherCharges()));
                BigDecimal withGst = withoutGst.add(igst).add(cgst).add(sgst);
                boolean ok = withinTolerance(item.totalItemValue(), withGst)
                        || (tax.totalMayExcludeTax() && withinTolerance(item.totalItemValue(), withoutGst));
                if (!ok) {
                    error(p + ".TotItemVal", "item.total_item_value", "Invalid total item value for HSN - " + hsn, "2194");
                }
            }
        }

        // ---------------------------------------------------------------- totals and other blocks

        void checkValues(ValueDetails v, List<Item> items) {
            String p = "ValDtls";
            requiredNumber(p + ".AssVal", v.assessableValue(), 2, MAX_INVOICE_AMOUNT);
            number(p + ".CgstVal", v.cgstValue(), 2, MAX_INVOICE_AMOUNT, false);
            number(p + ".SgstVal", v.sgstValue(), 2, MAX_INVOICE_AMOUNT, false);
            number(p + ".IgstVal", v.igstValue(), 2, MAX_INVOICE_AMOUNT, false);
            number(p + ".CesVal", v.cessValue(), 2, MAX_INVOICE_AMOUNT, false);
            number(p + ".StCesVal", v.stateCessValue(), 2, MAX_INVOICE_AMOUNT, false);
            number(p + ".Discount", v.discount(), 2, MAX_INVOICE_AMOUNT, false);
            number(p + ".OthChrg", v.otherCharges(), 2, MAX_INVOICE_AMOUNT, false);
            if (v.roundOffAmount() != null) {
                decimals(p + ".RndOffAmt", v.roundOffAmount(), 2);
                if (v.roundOffAmount().abs().compareTo(MAX_ROUND_OFF) > 0) {
                    unusable.add(v.roundOffAmount());
                    error(p + ".RndOffAmt", "totals.round_off_range", "The field rounding off amount must be between 99 and -99", null);
                }
            }
            requiredNumber(p + ".TotInvVal", v.totalInvoiceValue(), 2, MAX_INVOICE_AMOUNT);
            number(p + ".TotInvValFc", v.totalInvoiceValueForeignCurrency(), 2, MAX_INVOICE_AMOUNT, false);
            if (items == null || items.isEmpty() || items.stream().anyMatch(Objects::isNull)) {
                return;
            }
            if (!items.stream().allMatch(this::computable) || !computable(v.assessableValue(), v.cgstValue(), v.sgstValue(),
                    v.igstValue(), v.cessValue(), v.stateCessValue(), v.discount(), v.otherCharges(), v.roundOffAmount(),
                    v.totalInvoiceValue())) {
                return;
            }
            sum(p + ".AssVal", v.assessableValue(), items, Item::assessableAmount, null, "totals.assessable_value",
                    "Taxable value of all items must be equal to total taxable value", "2182");
            sum(p + ".CgstVal", v.cgstValue(), items, Item::cgstAmount, null, "totals.cgst_value",
                    "CGST value of all items must be equal to total CGST value", "2184");
            sum(p + ".SgstVal", v.sgstValue(), items, Item::sgstAmount, null, "totals.sgst_value",
                    "SGST value of all items must be equal to total SGST Value", "2183");
            sum(p + ".IgstVal", v.igstValue(), items, Item::igstAmount, null, "totals.igst_value",
                    "IGST value of all items must be equal to total IGST Value", "2185");
            sum(p + ".CesVal", v.cessValue(), items, Item::cessAmount, Item::cessNonAdvolAmount, "totals.cess_value",
                    "Cess value of all items must be equal to total CessValue", "2186");
            sum(p + ".StCesVal", v.stateCessValue(), items, Item::stateCessAmount, Item::stateCessNonAdvolAmount,
                    "totals.state_cess_value", "State Cess Value of all items must be equal to total State CessValue", "2187");
            if (v.totalInvoiceValue() != null) {
                BigDecimal expected = total(items, Item::totalItemValue).add(zero(v.otherCharges()))
                        .subtract(zero(v.discount())).add(zero(v.roundOffAmount()));
                if (!withinTolerance(v.totalInvoiceValue(), expected)) {
                    error(p + ".TotInvVal", "totals.total_invoice_value", "Invalid total Invoice Value", "2189");
                }
                if (v.discount() != null && v.discount().signum() > 0 && v.discount().compareTo(v.totalInvoiceValue()) >= 0) {
                    error(p + ".Discount", "totals.discount_too_large",
                            "Total discount value cannot be greater than or equal total invoice value", "2220");
                }
            }
        }

        void checkPayment(PaymentDetails pay) {
            String p = "PayDtls";
            text(p + ".Nm", pay.payeeName(), false, 1, 100);
            text(p + ".AccDet", pay.accountDetails(), false, 1, 18);
            text(p + ".Mode", pay.mode(), false, 1, 18);
            text(p + ".FinInsBr", pay.financialInstitutionBranch(), false, 1, 11);
            text(p + ".PayTerm", pay.paymentTerms(), false, 1, 100);
            text(p + ".PayInstr", pay.paymentInstruction(), false, 1, 100);
            text(p + ".CrTrn", pay.creditTransfer(), false, 1, 100);
            text(p + ".DirDr", pay.directDebit(), false, 1, 100);
            if (pay.creditDays() != null && (pay.creditDays() < 0 || pay.creditDays() > 9999)) {
                error(p + ".CrDay", "field.range", "The field CrDay must be between 0 and 9999", null);
            }
            number(p + ".PaidAmt", pay.paidAmount(), 2, MAX_INVOICE_AMOUNT, false);
            number(p + ".PaymtDue", pay.paymentDue(), 2, MAX_INVOICE_AMOUNT, false);
        }

        void checkReference(ReferenceDetails ref) {
            String p = "RefDtls";
            text(p + ".InvRm", ref.invoiceRemarks(), false, 3, 100);
            if (ref.documentPeriod() != null) {
                date(p + ".DocPerdDtls.InvStDt", ref.documentPeriod().startDate(), true);
                date(p + ".DocPerdDtls.InvEndDt", ref.documentPeriod().endDate(), true);
            }
            List<PrecedingDocument> preceding = ref.precedingDocuments();
            if (preceding != null) {
                for (int i = 0; i < preceding.size(); i++) {
                    String q = p + ".PrecDocDtls[" + i + "]";
                    PrecedingDocument d = preceding.get(i);
                    if (required(q + ".InvNo", d.invoiceNumber()) && !PRECEDING_NUMBER.matcher(d.invoiceNumber()).matches()) {
                        error(q + ".InvNo", "field.pattern",
                                "The field InvNo must match the regular expression ^[1-9a-zA-Z]{1}[0-9a-zA-Z/-]{1,15}$", null);
                    }
                    date(q + ".InvDt", d.invoiceDate(), true);
                    text(q + ".OthRefNo", d.otherReference(), false, 1, 20);
                }
            }
            List<Contract> contracts = ref.contracts();
            if (contracts != null) {
                for (int i = 0; i < contracts.size(); i++) {
                    String q = p + ".ContrDtls[" + i + "]";
                    Contract c = contracts.get(i);
                    text(q + ".RecAdvRefr", c.receiptAdviceReference(), false, 1, 20);
                    date(q + ".RecAdvDt", c.receiptAdviceDate(), false);
                    text(q + ".TendRefr", c.tenderReference(), false, 1, 20);
                    text(q + ".ContrRefr", c.contractReference(), false, 1, 20);
                    text(q + ".ExtRefr", c.externalReference(), false, 1, 20);
                    text(q + ".ProjRefr", c.projectReference(), false, 1, 20);
                    text(q + ".PORefr", c.purchaseOrderReference(), false, 1, 16);
                    date(q + ".PORefDt", c.purchaseOrderDate(), false);
                }
            }
        }

        void checkExport(ExportDetails e) {
            String p = "ExpDtls";
            text(p + ".ShipBNo", e.shippingBillNumber(), false, 1, 20);
            date(p + ".ShipBDt", e.shippingBillDate(), false);
            if (e.portCode() != null && !PORT.matcher(e.portCode()).matches()) {
                error(p + ".Port", "export.port_invalid", "Invalid Port Code", "2201");
            }
            if (e.refundClaimed() != null && !isYesNo(e.refundClaimed())) {
                error(p + ".RefClm", "field.pattern", "The field RefClm must be Y or N", null);
            }
            if (e.foreignCurrency() != null && !CURRENCY.matcher(e.foreignCurrency()).matches()) {
                error(p + ".ForCur", "export.currency_invalid", "Invalid Foreign Currency", "2203");
            }
            if (e.countryCode() != null && !EXPORT_COUNTRY.matcher(e.countryCode()).matches()) {
                error(p + ".CntCode", "export.country_invalid", "Invalid Country Code", "2202");
            }
            number(p + ".ExpDuty", e.exportDuty(), 2, MAX_ITEM_AMOUNT, false);
        }

        void checkEwayBill(EwayBillDetails e, String docType, List<Item> items) {
            String p = "EwbDtls";
            if (e.transporterId() != null && !Gstin.hasValidFormat(e.transporterId())) {
                error(p + ".TransId", "gstin.format", "The field TransId must match the regular expression ^([0-9]{2}[0-9A-Z]{13})$", null);
            }
            text(p + ".TransName", e.transporterName(), false, 3, 100);
            if (e.transportMode() != null && !masters.isTransportMode(e.transportMode())) {
                error(p + ".TransMode", "field.pattern", "The field TransMode must be 1 (road), 2 (rail), 3 (air) or 4 (ship)", null);
            }
            if (e.distance() == null) {
                error(p + ".Distance", "field.required", "The Distance field is required.", null);
            } else if (e.distance() < 0 || e.distance() > 4000) {
                error(p + ".Distance", "field.range", "The field Distance must be between 0 and 4000", null);
            }
            pattern(p + ".TransDocNo", e.transportDocumentNumber(), TRANSPORT_DOCUMENT);
            date(p + ".TransDocDt", e.transportDocumentDate(), false);
            pattern(p + ".VehNo", e.vehicleNumber(), VEHICLE_NUMBER);
            if (e.vehicleType() != null && !masters.isVehicleType(e.vehicleType())) {
                error(p + ".VehType", "field.pattern", "The field VehType must be R or O", null);
            }
            if ("1".equals(e.transportMode()) && (e.vehicleNumber() == null || e.vehicleType() == null)) {
                error(p + ".VehNo", "ewaybill.vehicle_required",
                        "Vehicle number and vehicle type should be passed in case of transportation mode is Road.", "2253");
            }
            if (e.transportMode() != null && !"1".equals(e.transportMode()) && masters.isTransportMode(e.transportMode())
                    && (e.transportDocumentNumber() == null || e.transportDocumentDate() == null)) {
                error(p + ".TransDocNo", "ewaybill.transport_document_required", "The transport document number and date"
                        + " should be passed in case of transportation mode is other than Road.", "2254");
            }
            if ("CRN".equals(docType) || "DBN".equals(docType)) {
                error(p, "ewaybill.not_for_notes",
                        "E-way Bill is not generated for document types of Debit Note and Credit Note and Services.", "2252");
            } else if (items != null && !items.isEmpty() && items.stream().allMatch(i -> i != null && "Y".equals(i.isService()))) {
                error(p, "ewaybill.no_goods", "E-Way Bill can be generated provided at least HSN of one item belongs to goods", "2251");
            }
        }

        // ---------------------------------------------------------------- field helpers

        boolean required(String path, Object value) {
            if (value == null || (value instanceof String s && s.isEmpty())) {
                error(path, "field.required", "The " + fieldName(path) + " field is required.", null);
                return false;
            }
            return true;
        }

        void text(String path, String value, boolean mandatory, int min, int max) {
            if (value == null) {
                if (mandatory) {
                    required(path, null);
                }
                return;
            }
            if (value.length() < min || value.length() > max) {
                error(path, "field.length", "The field " + fieldName(path) + " must be a string with a minimum length of "
                        + min + " and a maximum length of " + max, null);
            }
            if (value.indexOf('"') >= 0 || value.indexOf('\\') >= 0) {
                error(path, "field.characters", "The field " + fieldName(path) + " may not contain '\"' or '\\'", null);
            }
        }

        void pattern(String path, String value, Pattern pattern) {
            if (value != null && !pattern.matcher(value).matches()) {
                error(path, "field.pattern", "The field " + fieldName(path) + " must match the regular expression ^"
                        + pattern.pattern() + "$", null);
            }
        }

        void date(String path, String value, boolean mandatory) {
            if (value == null) {
                if (mandatory) {
                    required(path, null);
                }
            } else if (NicDate.tryParse(value).isEmpty()) {
                error(path, "field.date_format", "The field " + fieldName(path) + " must be a date in the format dd/MM/yyyy", null);
            }
        }

        void address(String block, String address1, String address2, String location, int maxLocation) {
            text(block + ".Addr1", address1, true, 1, 100);
            text(block + ".Addr2", address2, false, 3, 100);
            text(block + ".Loc", location, true, 3, maxLocation);
        }

        void contact(String block, String phone, String email) {
            pattern(block + ".Ph", phone, PHONE);
            if (email != null) {
                text(block + ".Em", email, false, 6, 100);
                pattern(block + ".Em", email, EMAIL);
            }
        }

        /** Checks a party GSTIN's format and, as a relaxable rule, its check character; true when well formed. */
        boolean gstin(String path, String gstin, boolean checkCharacter) {
            if (!Gstin.hasValidFormat(gstin)) {
                error(path, "gstin.format", "GSTIN " + gstin + " must be 2 digits followed by 13 upper-case letters or digits", null);
                return false;
            }
            if (checkCharacter && !Gstin.hasValidCheckCharacter(gstin)) {
                relaxable(path, "gstin.check_character", "GSTIN " + gstin + " has an invalid check character (expected "
                        + Gstin.checkCharacter(gstin.substring(0, 14)) + ")", null);
            }
            return true;
        }

        boolean state(String path, String code, String violationCode, String message, String nicCode) {
            if (!required(path, code)) {
                return false;
            }
            if (!STATE_CODE.matcher(code).matches() || !masters.isStateCode(code)) {
                error(path, violationCode, message, nicCode);
                return false;
            }
            return true;
        }

        void pin(String block, Integer pin, String stateCode, boolean stateOk, boolean mandatory) {
            String path = block + ".Pin";
            if (pin == null) {
                if (mandatory) {
                    required(path, null);
                }
                return;
            }
            if (pin < 100000 || pin > 999999) {
                error(path, "field.range", "The field Pin must be between 100000 and 999999", null);
            } else if (stateOk && !masters.pinBelongsToState(pin, stateCode)) {
                error(path, "pin.state_mismatch", "PIN code does not belong to the state - " + stateCode, "2178");
            }
        }

        boolean requiredNumber(String path, BigDecimal value, int scale, BigDecimal max) {
            if (!required(path, value)) {
                return false;
            }
            return number(path, value, scale, max, false);
        }

        boolean number(String path, BigDecimal value, int scale, BigDecimal max, boolean signed) {
            if (value == null) {
                return true;
            }
            boolean ok = decimals(path, value, scale);
            BigDecimal min = signed ? max.negate() : BigDecimal.ZERO;
            if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
                unusable.add(value);
                error(path, "field.range", "The field " + fieldName(path) + " must be between " + min.toPlainString()
                        + " and " + max.toPlainString(), null);
                return false;
            }
            return ok;
        }

        boolean decimals(String path, BigDecimal value, int scale) {
            int actualScale = value.stripTrailingZeros().scale();
            if (actualScale > MAX_COMPUTABLE_SCALE || actualScale < -MAX_COMPUTABLE_SCALE) {
                unusable.add(value);
            }
            if (actualScale > scale) {
                error(path, "field.decimal_places", "The field " + fieldName(path) + " may have at most " + scale
                        + " decimal places", null);
                return false;
            }
            return true;
        }

        void sum(String path, BigDecimal declared, List<Item> items, java.util.function.Function<Item, BigDecimal> part,
                java.util.function.Function<Item, BigDecimal> otherPart, String code, String message, String nicCode) {
            BigDecimal expected = total(items, part);
            if (otherPart != null) {
                expected = expected.add(total(items, otherPart));
            }
            if (!withinTolerance(zero(declared), expected)) {
                error(path, code, message, nicCode);
            }
        }
    }

    /** What a line's taxes must look like given the supply type and the place of supply. */
    private final class TaxContext {
        private final String supplyType;
        private final String docType;
        private final boolean igstOnIntra;
        private final boolean reverseCharge;
        private final boolean sellerStateIsPos;

        TaxContext(String supplyType, String docType, TransactionDetails tran, SellerDetails seller, BuyerDetails buyer) {
            this.supplyType = supplyType;
            this.docType = docType;
            this.igstOnIntra = tran != null && "Y".equals(tran.igstOnIntra());
            this.reverseCharge = tran != null && "Y".equals(tran.reverseCharge());
            String sellerState = seller == null ? null : masters.normalizeStateCode(seller.stateCode());
            String pos = buyer == null ? null : masters.normalizeStateCode(buyer.placeOfSupply());
            this.sellerStateIsPos = sellerState != null && sellerState.equals(pos);
        }

        boolean isExport() {
            return InvoiceValidator.isExport(supplyType);
        }

        boolean isSez() {
            return "SEZWP".equals(supplyType) || "SEZWOP".equals(supplyType);
        }

        boolean withoutPayment() {
            return "EXPWOP".equals(supplyType) || "SEZWOP".equals(supplyType);
        }

        boolean isNote() {
            return "CRN".equals(docType) || "DBN".equals(docType);
        }

        /** Exports, SEZ supplies, IGST-on-intra and inter-state supplies are charged IGST only. */
        boolean igstOnly() {
            return isExport() || isSez() || igstOnIntra || (supplyType != null && !sellerStateIsPos);
        }

        boolean intraState() {
            return supplyType != null && !igstOnly() && sellerStateIsPos;
        }

        /** Under reverse charge and for exports with payment, the item total may leave the taxes out. */
        boolean totalMayExcludeTax() {
            return reverseCharge || "EXPWP".equals(supplyType);
        }
    }

    // ---------------------------------------------------------------- arithmetic

    /**
     * NIC's "+/- one rupee" tolerance as a band around the calculated value:
     * {@code floor(calc) - 1 <= passed <= ceil(calc) + 1}.
     */
    static boolean withinTolerance(BigDecimal passed, BigDecimal calculated) {
        BigDecimal low = calculated.setScale(0, RoundingMode.FLOOR).subtract(BigDecimal.ONE);
        BigDecimal high = calculated.setScale(0, RoundingMode.CEILING).add(BigDecimal.ONE);
        return passed.compareTo(low) >= 0 && passed.compareTo(high) <= 0;
    }

    private static BigDecimal percent(BigDecimal amount, BigDecimal rate) {
        return amount.multiply(rate).divide(HUNDRED, 2, RoundingMode.HALF_UP);
    }

    private static BigDecimal total(List<Item> items, java.util.function.Function<Item, BigDecimal> part) {
        return items.stream().map(part).map(InvoiceValidator::zero).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    private static BigDecimal zero(BigDecimal value) {
        return value == null ? BigDecimal.ZERO : value;
    }

    private static boolean isYesNo(String value) {
        return "Y".equals(value) || "N".equals(value);
    }

    private static boolean isExport(String supplyType) {
        return "EXPWP".equals(supplyType) || "EXPWOP".equals(supplyType);
    }

    private static String fieldName(String path) {
        String last = path.substring(path.lastIndexOf('.') + 1);
        int bracket = last.indexOf('[');
        return bracket < 0 ? last : last.substring(0, bracket);
    }
}
