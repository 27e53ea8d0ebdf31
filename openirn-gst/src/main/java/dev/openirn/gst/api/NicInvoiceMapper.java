package dev.openirn.gst.api;

import dev.openirn.gst.FinancialYear;
import dev.openirn.gst.nic.BatchDetails;
import dev.openirn.gst.nic.BuyerDetails;
import dev.openirn.gst.nic.DispatchDetails;
import dev.openirn.gst.nic.DocumentDetails;
import dev.openirn.gst.nic.Item;
import dev.openirn.gst.nic.NicDate;
import dev.openirn.gst.nic.NicInvoice;
import dev.openirn.gst.nic.PaymentDetails;
import dev.openirn.gst.nic.SellerDetails;
import dev.openirn.gst.nic.ShipDetails;
import dev.openirn.gst.nic.TransactionDetails;
import dev.openirn.gst.nic.ValueDetails;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one place where the OneFinOps camelCase request and the NIC INV-01 document meet: both
 * directions of the mapping, the NIC defaults the camelCase API leaves implicit, and the
 * translation of NIC field paths to request paths for error details.
 */
public final class NicInvoiceMapper {

    public static final String TAX_SCHEME_GST = "GST";

    private NicInvoiceMapper() {
    }

    public static NicInvoice toNic(EInvoiceRequest request) {
        return new NicInvoice(
                NicInvoice.SCHEMA_VERSION,
                new TransactionDetails(TAX_SCHEME_GST, upper(request.supplyType()),
                        yesNo(request.reverseCharge(), "N"), request.ecommerceGstin(), yesNo(request.igstOnIntra(), "N")),
                new DocumentDetails(upper(request.documentType()), request.invoiceNumber(), nicDate(request.invoiceDate())),
                seller(request.seller()),
                buyer(request.buyer(), request.placeOfSupplyStateCode()),
                dispatch(request.dispatchFrom()),
                shipTo(request.shipTo()),
                map(request.lines(), NicInvoiceMapper::item),
                values(request.totals()),
                payment(request.payment()),
                reference(request.referenceDetails()),
                map(request.additionalDocuments(), d -> new dev.openirn.gst.nic.AdditionalDocument(d.url(), d.document(), d.information())),
                export(request.exportDetails()),
                ewayBill(request.ewayBillDetails()));
    }

    public static EInvoiceRequest fromNic(NicInvoice invoice) {
        TransactionDetails tran = invoice.transaction();
        DocumentDetails doc = invoice.document();
        LocalDate invoiceDate = doc == null ? null : localDate(doc.date());
        BuyerDetails buyer = invoice.buyer();
        return new EInvoiceRequest(
                tran == null ? null : tran.supplyType(),
                doc == null ? null : doc.type(),
                doc == null ? null : doc.number(),
                invoiceDate,
                invoiceDate == null ? null : FinancialYear.of(invoiceDate),
                tran == null ? null : bool(tran.reverseCharge()),
                tran == null ? null : bool(tran.igstOnIntra()),
                tran == null ? null : tran.ecommerceGstin(),
                buyer == null ? null : buyer.placeOfSupply(),
                fromSeller(invoice.seller()),
                fromBuyer(buyer),
                fromDispatch(invoice.dispatchFrom()),
                fromShipTo(invoice.shipTo()),
                map(invoice.items(), NicInvoiceMapper::fromItem),
                fromValues(invoice.values()),
                fromPayment(invoice.payment()),
                fromReference(invoice.reference()),
                map(invoice.additionalDocuments(), d -> new AdditionalDocument(d.url(), d.document(), d.information())),
                fromExport(invoice.export()),
                fromEwayBill(invoice.ewayBill()));
    }

    // ---- camelCase -> NIC

    private static SellerDetails seller(Party p) {
        return p == null ? null : new SellerDetails(p.gstin(), p.legalName(), p.tradeName(), p.address1(), p.address2(),
                p.location(), pin(p.pinCode()), p.stateCode(), p.phone(), p.email());
    }

    private static BuyerDetails buyer(Party p, String placeOfSupply) {
        if (p == null && placeOfSupply == null) {
            return null;
        }
        Party party = p == null ? new Party(null, null, null, null, null, null, null, null, null, null) : p;
        return new BuyerDetails(party.gstin(), party.legalName(), party.tradeName(), placeOfSupply, party.address1(),
                party.address2(), party.location(), pin(party.pinCode()), party.stateCode(), party.phone(), party.email());
    }

    private static DispatchDetails dispatch(DispatchFrom d) {
        return d == null ? null
                : new DispatchDetails(d.name(), d.address1(), d.address2(), d.location(), pin(d.pinCode()), d.stateCode());
    }

    private static ShipDetails shipTo(Party p) {
        return p == null ? null : new ShipDetails(p.gstin(), p.legalName(), p.tradeName(), p.address1(), p.address2(),
                p.location(), pin(p.pinCode()), p.stateCode());
    }

    private static Item item(Line l) {
        BigDecimal assessable = l.assessableValue();
        BigDecimal total = l.totalAmount();
        if (total == null && l.unitPrice() != null && l.quantity() != null) {
            total = l.unitPrice().multiply(l.quantity()).setScale(2, RoundingMode.HALF_UP);
        } else if (total == null && assessable != null) {
            total = l.discount() == null ? assessable : assessable.add(l.discount());
        }
        if (assessable == null && total != null) {
            assessable = l.discount() == null ? total : total.subtract(l.discount());
        }
        Batch b = l.batch();
        return new Item(
                l.lineNumber() == null ? null : l.lineNumber().toString(),
                l.productDescription(), yesNo(l.isService(), null), l.hsnCode(), l.barcode(),
                l.quantity(), l.freeQuantity(), l.unit(), l.unitPrice(), total, l.discount(), l.preTaxValue(),
                assessable, l.gstRate(), l.igstAmount(), l.cgstAmount(), l.sgstAmount(),
                l.cessRate(), l.cessAmount(), l.cessNonAdvolAmount(),
                l.stateCessRate(), l.stateCessAmount(), l.stateCessNonAdvolAmount(),
                l.otherCharges(), l.totalItemValue(), l.orderLineReference(), l.originCountry(), l.productSerialNumber(),
                b == null ? null : new BatchDetails(b.name(), nicDate(b.expiryDate()), nicDate(b.warrantyDate())),
                map(l.attributes(), a -> new dev.openirn.gst.nic.Attribute(a.name(), a.value())));
    }

    private static ValueDetails values(Totals t) {
        return t == null ? null : new ValueDetails(t.assessableValue(), t.totalCgstValue(), t.totalSgstValue(),
                t.totalIgstValue(), t.totalCessValue(), t.totalStateCessValue(), t.discount(), t.otherCharges(),
                t.roundOffAmount(), t.totalInvoiceValue(), t.totalInvoiceValueForeignCurrency());
    }

    private static PaymentDetails payment(Payment p) {
        return p == null ? null : new PaymentDetails(p.payeeName(), p.accountDetails(), p.mode(),
                p.financialInstitutionBranch(), p.paymentTerms(), p.paymentInstruction(), p.creditTransfer(),
                p.directDebit(), p.creditDays(), p.paidAmount(), p.paymentDue());
    }

    private static dev.openirn.gst.nic.ReferenceDetails reference(ReferenceDetails r) {
        if (r == null) {
            return null;
        }
        DocumentPeriod period = r.documentPeriod();
        return new dev.openirn.gst.nic.ReferenceDetails(r.invoiceRemarks(),
                period == null ? null : new dev.openirn.gst.nic.DocumentPeriod(nicDate(period.startDate()), nicDate(period.endDate())),
                map(r.precedingDocuments(), d -> new dev.openirn.gst.nic.PrecedingDocument(
                        d.invoiceNumber(), nicDate(d.invoiceDate()), d.otherReference())),
                map(r.contracts(), c -> new dev.openirn.gst.nic.Contract(c.receiptAdviceReference(),
                        nicDate(c.receiptAdviceDate()), c.tenderReference(), c.contractReference(), c.externalReference(),
                        c.projectReference(), c.purchaseOrderReference(), nicDate(c.purchaseOrderDate()))));
    }

    private static dev.openirn.gst.nic.ExportDetails export(ExportDetails e) {
        return e == null ? null : new dev.openirn.gst.nic.ExportDetails(e.shippingBillNumber(),
                nicDate(e.shippingBillDate()), e.portCode(), yesNo(e.refundClaimed(), null), e.foreignCurrency(),
                e.countryCode(), e.exportDuty());
    }

    private static dev.openirn.gst.nic.EwayBillDetails ewayBill(EwayBillDetails e) {
        return e == null ? null : new dev.openirn.gst.nic.EwayBillDetails(e.transporterId(), e.transporterName(),
                e.transportMode(), e.distance(), e.transportDocumentNumber(), nicDate(e.transportDocumentDate()),
                e.vehicleNumber(), e.vehicleType());
    }

    // ---- NIC -> camelCase

    private static Party fromSeller(SellerDetails s) {
        return s == null ? null : new Party(s.gstin(), s.legalName(), s.tradeName(), s.address1(), s.address2(),
                s.location(), pinCode(s.pin()), s.stateCode(), s.phone(), s.email());
    }

    private static Party fromBuyer(BuyerDetails b) {
        return b == null ? null : new Party(b.gstin(), b.legalName(), b.tradeName(), b.address1(), b.address2(),
                b.location(), pinCode(b.pin()), b.stateCode(), b.phone(), b.email());
    }

    private static DispatchFrom fromDispatch(DispatchDetails d) {
        return d == null ? null
                : new DispatchFrom(d.name(), d.address1(), d.address2(), d.location(), pinCode(d.pin()), d.stateCode());
    }

    private static Party fromShipTo(ShipDetails s) {
        return s == null ? null : new Party(s.gstin(), s.legalName(), s.tradeName(), s.address1(), s.address2(),
                s.location(), pinCode(s.pin()), s.stateCode(), null, null);
    }

    private static Line fromItem(Item i) {
        BatchDetails b = i.batch();
        return new Line(lineNumber(i.serialNumber()), i.productDescription(), bool(i.isService()), i.hsnCode(),
                i.barcode(), i.quantity(), i.freeQuantity(), i.unit(), i.unitPrice(), i.totalAmount(), i.discount(),
                i.preTaxValue(), i.assessableAmount(), i.gstRate(), i.igstAmount(), i.cgstAmount(), i.sgstAmount(),
                i.cessRate(), i.cessAmount(), i.cessNonAdvolAmount(), i.stateCessRate(), i.stateCessAmount(),
                i.stateCessNonAdvolAmount(), i.otherCharges(), i.totalItemValue(), i.orderLineReference(),
                i.originCountry(), i.productSerialNumber(),
                b == null ? null : new Batch(b.name(), localDate(b.expiryDate()), localDate(b.warrantyDate())),
                map(i.attributes(), a -> new Attribute(a.name(), a.value())));
    }

    private static Totals fromValues(ValueDetails v) {
        return v == null ? null : new Totals(v.assessableValue(), v.cgstValue(), v.sgstValue(), v.igstValue(),
                v.cessValue(), v.stateCessValue(), v.discount(), v.otherCharges(), v.roundOffAmount(),
                v.totalInvoiceValue(), v.totalInvoiceValueForeignCurrency());
    }

    private static Payment fromPayment(PaymentDetails p) {
        return p == null ? null : new Payment(p.payeeName(), p.accountDetails(), p.mode(),
                p.financialInstitutionBranch(), p.paymentTerms(), p.paymentInstruction(), p.creditTransfer(),
                p.directDebit(), p.creditDays(), p.paidAmount(), p.paymentDue());
    }

    private static ReferenceDetails fromReference(dev.openirn.gst.nic.ReferenceDetails r) {
        if (r == null) {
            return null;
        }
        dev.openirn.gst.nic.DocumentPeriod period = r.documentPeriod();
        return new ReferenceDetails(r.invoiceRemarks(),
                period == null ? null : new DocumentPeriod(localDate(period.startDate()), localDate(period.endDate())),
                map(r.precedingDocuments(), d -> new PrecedingDocument(d.invoiceNumber(), localDate(d.invoiceDate()), d.otherReference())),
                map(r.contracts(), c -> new Contract(c.receiptAdviceReference(), localDate(c.receiptAdviceDate()),
                        c.tenderReference(), c.contractReference(), c.externalReference(), c.projectReference(),
                        c.purchaseOrderReference(), localDate(c.purchaseOrderDate()))));
    }

    private static ExportDetails fromExport(dev.openirn.gst.nic.ExportDetails e) {
        return e == null ? null : new ExportDetails(e.shippingBillNumber(), localDate(e.shippingBillDate()),
                e.portCode(), bool(e.refundClaimed()), e.foreignCurrency(), e.countryCode(), e.exportDuty());
    }

    private static EwayBillDetails fromEwayBill(dev.openirn.gst.nic.EwayBillDetails e) {
        return e == null ? null : new EwayBillDetails(e.transporterId(), e.transporterName(), e.transportMode(),
                e.distance(), e.transportDocumentNumber(), localDate(e.transportDocumentDate()), e.vehicleNumber(),
                e.vehicleType());
    }

    // ---- field paths

    /** Where a NIC field lives in the request: "/x" is a top-level request field, "x" is relative to the parent. */
    private static final Map<String, Map<String, String>> FIELDS_BY_BLOCK = Map.ofEntries(
            Map.entry("", Map.ofEntries(
                    Map.entry("Version", "/version"), Map.entry("TranDtls", "/"), Map.entry("DocDtls", "/"),
                    Map.entry("SellerDtls", "/seller"), Map.entry("BuyerDtls", "/buyer"), Map.entry("DispDtls", "/dispatchFrom"),
                    Map.entry("ShipDtls", "/shipTo"), Map.entry("ItemList", "/lines"), Map.entry("ValDtls", "/totals"),
                    Map.entry("PayDtls", "/payment"), Map.entry("RefDtls", "/referenceDetails"),
                    Map.entry("AddlDocDtls", "/additionalDocuments"), Map.entry("ExpDtls", "/exportDetails"),
                    Map.entry("EwbDtls", "/ewayBillDetails"))),
            Map.entry("TranDtls", Map.of("TaxSch", "/supplyType", "SupTyp", "/supplyType", "RegRev", "/reverseCharge",
                    "EcmGstin", "/ecommerceGstin", "IgstOnIntra", "/igstOnIntra")),
            Map.entry("DocDtls", Map.of("Typ", "/documentType", "No", "/invoiceNumber", "Dt", "/invoiceDate")),
            Map.entry("SellerDtls", partyFields()),
            Map.entry("BuyerDtls", withEntry(partyFields(), "Pos", "/placeOfSupplyStateCode")),
            Map.entry("ShipDtls", partyFields()),
            Map.entry("DispDtls", Map.of("Nm", "name", "Addr1", "address1", "Addr2", "address2", "Loc", "location",
                    "Pin", "pinCode", "Stcd", "stateCode")),
            Map.entry("ItemList", Map.ofEntries(
                    Map.entry("SlNo", "lineNumber"), Map.entry("PrdDesc", "productDescription"), Map.entry("IsServc", "isService"),
                    Map.entry("HsnCd", "hsnCode"), Map.entry("Barcde", "barcode"), Map.entry("Qty", "quantity"),
                    Map.entry("FreeQty", "freeQuantity"), Map.entry("Unit", "unit"), Map.entry("UnitPrice", "unitPrice"),
                    Map.entry("TotAmt", "totalAmount"), Map.entry("Discount", "discount"), Map.entry("PreTaxVal", "preTaxValue"),
                    Map.entry("AssAmt", "assessableValue"), Map.entry("GstRt", "gstRate"), Map.entry("IgstAmt", "igstAmount"),
                    Map.entry("CgstAmt", "cgstAmount"), Map.entry("SgstAmt", "sgstAmount"), Map.entry("CesRt", "cessRate"),
                    Map.entry("CesAmt", "cessAmount"), Map.entry("CesNonAdvlAmt", "cessNonAdvolAmount"),
                    Map.entry("StateCesRt", "stateCessRate"), Map.entry("StateCesAmt", "stateCessAmount"),
                    Map.entry("StateCesNonAdvlAmt", "stateCessNonAdvolAmount"), Map.entry("OthChrg", "otherCharges"),
                    Map.entry("TotItemVal", "totalItemValue"), Map.entry("OrdLineRef", "orderLineReference"),
                    Map.entry("OrgCntry", "originCountry"), Map.entry("PrdSlNo", "productSerialNumber"),
                    Map.entry("BchDtls", "batch"), Map.entry("AttribDtls", "attributes"))),
            Map.entry("BchDtls", Map.of("Nm", "name", "ExpDt", "expiryDate", "WrDt", "warrantyDate")),
            Map.entry("AttribDtls", Map.of("Nm", "name", "Val", "value")),
            Map.entry("ValDtls", Map.ofEntries(
                    Map.entry("AssVal", "assessableValue"), Map.entry("CgstVal", "totalCgstValue"),
                    Map.entry("SgstVal", "totalSgstValue"), Map.entry("IgstVal", "totalIgstValue"),
                    Map.entry("CesVal", "totalCessValue"), Map.entry("StCesVal", "totalStateCessValue"),
                    Map.entry("Discount", "discount"), Map.entry("OthChrg", "otherCharges"),
                    Map.entry("RndOffAmt", "roundOffAmount"), Map.entry("TotInvVal", "totalInvoiceValue"),
                    Map.entry("TotInvValFc", "totalInvoiceValueForeignCurrency"))),
            Map.entry("PayDtls", Map.ofEntries(
                    Map.entry("Nm", "payeeName"), Map.entry("AccDet", "accountDetails"), Map.entry("Mode", "mode"),
                    Map.entry("FinInsBr", "financialInstitutionBranch"), Map.entry("PayTerm", "paymentTerms"),
                    Map.entry("PayInstr", "paymentInstruction"), Map.entry("CrTrn", "creditTransfer"),
                    Map.entry("DirDr", "directDebit"), Map.entry("CrDay", "creditDays"), Map.entry("PaidAmt", "paidAmount"),
                    Map.entry("PaymtDue", "paymentDue"))),
            Map.entry("RefDtls", Map.of("InvRm", "invoiceRemarks", "DocPerdDtls", "documentPeriod",
                    "PrecDocDtls", "precedingDocuments", "ContrDtls", "contracts")),
            Map.entry("DocPerdDtls", Map.of("InvStDt", "startDate", "InvEndDt", "endDate")),
            Map.entry("PrecDocDtls", Map.of("InvNo", "invoiceNumber", "InvDt", "invoiceDate", "OthRefNo", "otherReference")),
            Map.entry("ContrDtls", Map.of("RecAdvRefr", "receiptAdviceReference", "RecAdvDt", "receiptAdviceDate",
                    "TendRefr", "tenderReference", "ContrRefr", "contractReference", "ExtRefr", "externalReference",
                    "ProjRefr", "projectReference", "PORefr", "purchaseOrderReference", "PORefDt", "purchaseOrderDate")),
            Map.entry("AddlDocDtls", Map.of("Url", "url", "Docs", "document", "Info", "information")),
            Map.entry("ExpDtls", Map.of("ShipBNo", "shippingBillNumber", "ShipBDt", "shippingBillDate", "Port", "portCode",
                    "RefClm", "refundClaimed", "ForCur", "foreignCurrency", "CntCode", "countryCode", "ExpDuty", "exportDuty")),
            Map.entry("EwbDtls", Map.of("TransId", "transporterId", "TransName", "transporterName",
                    "TransMode", "transportMode", "Distance", "distance", "TransDocNo", "transportDocumentNumber",
                    "TransDocDt", "transportDocumentDate", "VehNo", "vehicleNumber", "VehType", "vehicleType")));

    private static final Pattern SEGMENT = Pattern.compile("([A-Za-z0-9]+)((?:\\[\\d+])*)");

    /**
     * Translates a NIC field path ({@code ItemList[0].IgstAmt}, {@code BuyerDtls.Pos}) to the request's
     * camelCase path ({@code lines[0].igstAmount}, {@code placeOfSupplyStateCode}). Unknown segments
     * are kept as they are, so a translation never loses information.
     */
    public static String toRequestPath(String nicPath) {
        if (nicPath == null || nicPath.isEmpty()) {
            return "";
        }
        StringBuilder path = new StringBuilder();
        String block = "";
        for (String segment : nicPath.split("\\.")) {
            Matcher m = SEGMENT.matcher(segment);
            String name = m.matches() ? m.group(1) : segment;
            String indexes = m.matches() ? m.group(2) : "";
            String target = FIELDS_BY_BLOCK.getOrDefault(block, Map.of()).get(name);
            if (target == null) {
                target = name;
            } else if (target.startsWith("/")) {
                path.setLength(0);
                target = target.substring(1);
            }
            if (!target.isEmpty()) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(target);
            }
            path.append(indexes);
            block = FIELDS_BY_BLOCK.containsKey(name) ? name : "?";
        }
        return path.toString();
    }

    private static Map<String, String> partyFields() {
        return Map.of("Gstin", "gstin", "LglNm", "legalName", "TrdNm", "tradeName", "Addr1", "address1",
                "Addr2", "address2", "Loc", "location", "Pin", "pinCode", "Stcd", "stateCode", "Ph", "phone", "Em", "email");
    }

    private static Map<String, String> withEntry(Map<String, String> fields, String key, String value) {
        var copy = new java.util.HashMap<>(fields);
        copy.put(key, value);
        return Map.copyOf(copy);
    }

    // ---- value conversions

    /** A null element (a {@code null} in a JSON array) stays null, for the validator to report at its index. */
    private static <A, B> List<B> map(List<A> list, Function<A, B> mapper) {
        return list == null ? null : list.stream().map(element -> element == null ? null : mapper.apply(element)).toList();
    }

    private static String upper(String text) {
        return text == null ? null : text.toUpperCase(Locale.ROOT);
    }

    private static String yesNo(Boolean flag, String whenAbsent) {
        return flag == null ? whenAbsent : flag ? "Y" : "N";
    }

    private static Boolean bool(String yesNo) {
        return yesNo == null ? null : "Y".equalsIgnoreCase(yesNo);
    }

    private static String nicDate(LocalDate date) {
        return date == null ? null : NicDate.format(date);
    }

    /** A malformed NIC date has no LocalDate; validation reports it on the NIC side. */
    private static LocalDate localDate(String nicDate) {
        return NicDate.tryParse(nicDate).orElse(null);
    }

    /** A PIN that is not a number cannot be carried in NIC's numeric field; validation then reports it missing. */
    private static Integer pin(String pinCode) {
        if (pinCode == null || !pinCode.trim().matches("\\d{1,9}")) {
            return null;
        }
        return Integer.valueOf(pinCode.trim());
    }

    private static String pinCode(Integer pin) {
        return pin == null ? null : pin.toString();
    }

    private static Integer lineNumber(String serialNumber) {
        return serialNumber != null && serialNumber.matches("\\d{1,9}") ? Integer.valueOf(serialNumber) : null;
    }
}
