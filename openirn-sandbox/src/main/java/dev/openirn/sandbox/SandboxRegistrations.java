package dev.openirn.sandbox;

import dev.openirn.gst.FinancialYear;
import dev.openirn.gst.Irn;
import dev.openirn.gst.nic.NicJson;
import dev.openirn.gst.nic.NicTimestamps;
import dev.openirn.nic.NicError;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * NIC's generate API: checks the invoice, registers it once per document (a repeat answers 2150 with the
 * registration), and signs the invoice and its QR code.
 */
final class SandboxRegistrations {

    /** The {@code InfCd} of the rule warnings of the lenient mode; NIC itself never sends it. */
    static final String RULE_WARNING_INFO_CODE = "SBXWARN";

    final AtomicLong registrations = new AtomicLong();
    final AtomicLong generateCalls = new AtomicLong();
    final AtomicLong duplicates = new AtomicLong();

    private final SandboxAuth auth;
    private final SandboxStore store;
    private final NicSigner signer;
    private final InvoiceRules rules;
    private final Clock clock;
    private final SandboxEwayBills ewayBills;

    SandboxRegistrations(IrpSandbox config, SandboxAuth auth, SandboxStore store, SandboxKeys keys, InvoiceRules rules,
                         SandboxEwayBills ewayBills) {
        this.ewayBills = ewayBills;
        this.auth = auth;
        this.store = store;
        this.signer = new NicSigner(keys, config.issuer);
        this.rules = rules;
        this.clock = config.clock;
    }

    Reply generate(SandboxRequest request) {
        generateCalls.incrementAndGet();
        return auth.withBody(request, this::register);
    }

    private Reply register(SandboxStore.Session session, JsonNode body) {
        ObjectNode invoice = InvoiceShape.INVOICE.canonicalize(body);
        LocalDate today = LocalDate.ofInstant(clock.instant(), NicTimestamps.IST);
        // NIC's rules first, all at once; the sandbox's own checks then guard what registration reads.
        InvoiceRules.Outcome outcome = rules.check(body, invoice, today);
        List<NicError> errors = new ArrayList<>(outcome.errors());
        List<NicError> schemaErrors = SchemaCheck.check(invoice);
        if (errors.isEmpty() && !schemaErrors.isEmpty()) {
            errors.addAll(schemaErrors);
        }
        if (schemaErrors.isEmpty()) {
            String sellerGstin = invoice.get("SellerDtls").get("Gstin").asString();
            LocalDate docDate = SchemaCheck.parseDate(invoice.get("DocDtls").get("Dt").asString());
            if (!sellerGstin.equals(session.gstin())) {
                errors.add(NicError.NOT_USERS_INVOICE);
            }
            if (docDate.isAfter(today) && errors.stream().noneMatch(e -> e.code().equals(NicError.FUTURE_DOCUMENT_DATE.code()))) {
                errors.add(NicError.FUTURE_DOCUMENT_DATE);
            }
        }
        if (!errors.isEmpty()) {
            return Reply.nicFailure(errors, null);
        }

        String sellerGstin = invoice.get("SellerDtls").get("Gstin").asString();
        LocalDate docDate = SchemaCheck.parseDate(invoice.get("DocDtls").get("Dt").asString());
        String docType = invoice.get("DocDtls").get("Typ").asString().toUpperCase(Locale.ROOT);
        String docNo = invoice.get("DocDtls").get("No").asString();
        String financialYear = FinancialYear.of(docDate);
        String docNoKey = docNo.toUpperCase(Locale.ROOT);
        Optional<SandboxStore.StoredInvoice> existing = store.invoiceByDocument(sellerGstin, financialYear, docType, docNoKey);
        if (existing.isPresent()) {
            return alreadyRegistered(existing.get());
        }

        String irn = Irn.compute(sellerGstin, financialYear, docType, docNo);
        Instant ackAt = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        long ackNo = ackNumber(ackAt, store.nextAckSequence());
        String signedAckDt = NicTimestamps.format(ackAt);
        String signedInvoice = signer.sign(signedInvoiceData(invoice, ackNo, signedAckDt, irn));
        String signedQrCode = signer.sign(qrData(invoice, irn, signedAckDt));
        var stored = new SandboxStore.StoredInvoice(irn, sellerGstin, financialYear, docType, docNoKey, docNo, docDate,
                ackNo, ackAt, "ACT", signedInvoice, signedQrCode, null);
        if (!store.insertInvoice(stored)) {
            // Lost a race for the same document: answer as NIC does for the winner's registration.
            return store.invoiceByDocument(sellerGstin, financialYear, docType, docNoKey)
                    .map(this::alreadyRegistered)
                    .orElseGet(() -> Reply.nicFailure(NicError.APPLICATION_ERROR));
        }
        registrations.incrementAndGet();
        return ewayBills.registered(session, stored, invoice, ruleWarnings(outcome.warnings()));
    }

    private Reply alreadyRegistered(SandboxStore.StoredInvoice existing) {
        if (!"ACT".equals(existing.status())) {
            return Reply.nicFailure(NicError.ALREADY_CANCELLED);
        }
        duplicates.incrementAndGet();
        ArrayNode info = NicJson.tree().createArrayNode();
        ObjectNode duplicate = info.addObject();
        duplicate.put("InfCd", "DUPIRN");
        ObjectNode desc = duplicate.putObject("Desc");
        desc.put("AckNo", existing.ackNo());
        desc.put("AckDt", responseAckDt(existing.ackAt()));
        desc.put("Irn", existing.irn());
        return Reply.nicFailure(List.of(NicError.DUPLICATE_IRN), info);
    }

    /**
     * What the lenient mode let through, shaped as NIC's {@code EWBERR} info is: one entry whose {@code Desc} lists
     * {@code ErrorCode}/{@code ErrorMessage} pairs. Null when there is nothing to tell.
     */
    static ArrayNode ruleWarnings(List<NicError> warnings) {
        if (warnings.isEmpty()) {
            return null;
        }
        ArrayNode info = NicJson.tree().createArrayNode();
        ObjectNode entry = info.addObject();
        entry.put("InfCd", RULE_WARNING_INFO_CODE);
        ArrayNode desc = entry.putArray("Desc");
        for (NicError warning : warnings) {
            desc.addObject().put("ErrorCode", warning.code()).put("ErrorMessage", warning.message());
        }
        return info;
    }

    /** 15 digits: {@code 11} + two-digit IST year + {@code 1} + ten-digit running number. */
    static long ackNumber(Instant at, long sequence) {
        int year = at.atZone(NicTimestamps.IST).getYear() % 100;
        return Long.parseLong("11%02d1%010d".formatted(year, sequence % 10_000_000_000L));
    }

    private static ObjectNode signedInvoiceData(ObjectNode invoice, long ackNo, String ackDt, String irn) {
        ObjectNode data = NicJson.object();
        data.put("AckNo", ackNo);
        data.put("AckDt", ackDt);
        data.put("Irn", irn);
        for (var entry : invoice.properties()) {
            if (!entry.getKey().equals("ItemList")) {
                data.set(entry.getKey(), entry.getValue());
                continue;
            }
            ArrayNode items = data.putArray("ItemList");
            for (JsonNode item : entry.getValue()) {
                ObjectNode numbered = items.addObject();
                numbered.put("ItemNo", 0);
                numbered.setAll((ObjectNode) item);
            }
        }
        return data;
    }

    private static ObjectNode qrData(ObjectNode invoice, String irn, String ackDt) {
        JsonNode items = invoice.get("ItemList");
        ObjectNode data = NicJson.object();
        data.set("SellerGstin", invoice.get("SellerDtls").get("Gstin"));
        data.set("BuyerGstin", invoice.get("BuyerDtls").get("Gstin"));
        data.set("DocNo", invoice.get("DocDtls").get("No"));
        data.set("DocTyp", invoice.get("DocDtls").get("Typ"));
        data.set("DocDt", invoice.get("DocDtls").get("Dt"));
        data.set("TotInvVal", invoice.get("ValDtls").get("TotInvVal"));
        data.put("ItemCnt", items.size());
        data.set("MainHsnCode", mainItem(items).get("HsnCd"));
        data.put("Irn", irn);
        data.put("IrnDt", ackDt);
        return data;
    }

    /** The item with the highest taxable value (NIC's rule as GSPs describe it; first one on a tie). */
    private static JsonNode mainItem(JsonNode items) {
        JsonNode main = items.get(0);
        BigDecimal highest = amount(main.get("AssAmt"));
        for (JsonNode item : items) {
            BigDecimal value = amount(item.get("AssAmt"));
            if (value.compareTo(highest) > 0) {
                main = item;
                highest = value;
            }
        }
        return main;
    }

    private static BigDecimal amount(JsonNode node) {
        return node != null && node.isNumber() ? node.decimalValue() : BigDecimal.ZERO;
    }

    /** What generate and the reads answer for a registered invoice. */
    static ObjectNode invoiceDetails(SandboxStore.StoredInvoice stored) {
        ObjectNode data = NicJson.object();
        data.put("AckNo", stored.ackNo());
        data.put("AckDt", responseAckDt(stored.ackAt()));
        data.put("Irn", stored.irn());
        data.put("SignedInvoice", stored.signedInvoice());
        data.put("SignedQRCode", stored.signedQrCode());
        data.put("Status", stored.status());
        data.putNull("EwbNo");
        data.putNull("EwbDt");
        data.putNull("EwbValidTill");
        data.putNull("Remarks");
        return data;
    }

    /** The response shows the acknowledgement minute; only the signed data carries the seconds. */
    static String responseAckDt(Instant ackAt) {
        return NicTimestamps.format(ackAt.truncatedTo(ChronoUnit.MINUTES));
    }
}
