package dev.openirn.sandbox;

import com.sun.net.httpserver.Headers;
import dev.openirn.gst.FinancialYear;
import dev.openirn.gst.Gstin;
import dev.openirn.gst.Irn;
import dev.openirn.gst.nic.NicJson;
import dev.openirn.gst.nic.NicTimestamps;
import dev.openirn.nic.NicError;
import dev.openirn.nic.crypto.NicCrypto;
import dev.openirn.nic.crypto.NicCryptoException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.StringNode;

/** The NIC operations: auth, generate, cancel, reads. Each returns the reply it would send. */
final class IrpService {

    private static final Duration REFRESH_WINDOW = Duration.ofMinutes(10);
    private static final Duration CANCEL_WINDOW = Duration.ofHours(24);
    private static final Duration READ_WINDOW = Duration.ofDays(2);
    private static final String TOKEN_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    record Request(Headers headers, Map<String, String> query, String body) {
        String header(String... names) {
            for (String name : names) {
                String value = headers.getFirst(name);
                if (value != null && !value.isBlank()) {
                    return value.trim();
                }
            }
            return null;
        }
    }

    final AtomicLong registrations = new AtomicLong();
    final AtomicLong generateCalls = new AtomicLong();
    final AtomicLong duplicates = new AtomicLong();
    final AtomicLong cancellations = new AtomicLong();
    final AtomicLong authCalls = new AtomicLong();

    private final IrpSandbox config;
    private final SandboxStore store;
    private final SandboxKeys keys;
    private final NicSigner signer;
    private final InvoiceRules rules;
    private final Clock clock;

    IrpService(IrpSandbox config, SandboxStore store, SandboxKeys keys, InvoiceRules rules) {
        this.config = config;
        this.store = store;
        this.keys = keys;
        this.signer = new NicSigner(keys, config.issuer);
        this.rules = rules;
        this.clock = config.clock;
    }

    // --- auth --------------------------------------------------------------

    Reply authenticate(Request request) {
        authCalls.incrementAndGet();
        Optional<NicError> clientError = checkClient(request);
        if (clientError.isPresent()) {
            return Reply.nicFailure(clientError.get());
        }
        String gstin = request.header("Gstin");
        if (gstin == null) {
            return Reply.nicFailure(NicError.HEADER_GSTIN_REQUIRED);
        }
        String data = dataOf(request.body());
        if (data == null) {
            return Reply.nicFailure(NicError.DATA_EMPTY);
        }
        byte[] decrypted;
        try {
            decrypted = NicCrypto.rsaDecrypt(keys.decryptionKey(), data);
        } catch (NicCryptoException e) {
            return Reply.nicFailure(NicError.PASSWORD_DECRYPTION_FAILED);
        }
        JsonNode credentials;
        try {
            // The client Base64-encodes the JSON before encrypting it.
            credentials = NicJson.parse(new String(Base64.getDecoder().decode(
                    new String(decrypted, StandardCharsets.UTF_8).trim()), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException | JacksonException e) {
            return Reply.nicFailure(NicError.AUTHENTICATION_FAILED);
        }
        String userName = text(credentials, "UserName");
        String password = text(credentials, "Password");
        if (userName == null || password == null) {
            return Reply.nicFailure(NicError.INVALID_LOGIN);
        }
        byte[] appKey;
        try {
            String encodedAppKey = text(credentials, "AppKey");
            appKey = encodedAppKey == null ? new byte[0] : Base64.getDecoder().decode(encodedAppKey);
        } catch (IllegalArgumentException e) {
            appKey = new byte[0];
        }
        if (appKey.length != 32) {
            return Reply.nicFailure(NicError.APP_KEY_DECRYPTION_FAILED);
        }
        if (!Gstin.hasValidFormat(gstin)) {
            return Reply.nicFailure(NicError.INVALID_GSTIN_FOR_USER);
        }
        Optional<NicError> userError = checkUser(gstin, userName, password);
        if (userError.isPresent()) {
            return Reply.nicFailure(userError.get());
        }
        JsonNode forceRefreshNode = field(credentials, "ForceRefreshAccessToken");
        boolean forceRefresh = forceRefreshNode != null && forceRefreshNode.asBoolean(false);
        SandboxStore.Session session = sessionFor(request.header("client_id", "client-id"), userName, gstin, forceRefresh);

        ObjectNode result = NicJson.object();
        result.put("ClientId", session.clientId());
        result.put("UserName", session.userName());
        result.put("AuthToken", session.authToken());
        // The same SEK for the life of the token, wrapped with whichever AppKey asked this time.
        result.put("Sek", Base64.getEncoder().encodeToString(NicCrypto.aesEncrypt(appKey, session.sek())));
        result.put("TokenExpiry", NicTimestamps.format(session.expiresAt()));
        return Reply.nicSuccess(result);
    }

    private SandboxStore.Session sessionFor(String clientId, String userName, String gstin, boolean forceRefresh) {
        Instant now = clock.instant();
        Optional<SandboxStore.Session> live = store.liveSession(clientId, userName, gstin, now);
        if (live.isPresent()) {
            boolean inRefreshWindow = !now.isBefore(live.get().expiresAt().minus(REFRESH_WINDOW));
            if (!(forceRefresh && inRefreshWindow)) {
                return live.get();
            }
            store.expireSession(live.get().authToken(), now);
        }
        SandboxStore.Session session = new SandboxStore.Session(newToken(), clientId, userName, gstin,
                NicCrypto.newKey(), now, now.plus(config.tokenTtl).truncatedTo(ChronoUnit.SECONDS));
        store.saveSession(session);
        return session;
    }

    private Optional<NicError> checkUser(String gstin, String userName, String password) {
        Map<String, String> registered = store.usersOf(gstin);
        if (!registered.isEmpty()) {
            String hash = registered.get(userName);
            if (hash == null) {
                return Optional.of(NicError.UNKNOWN_USER);
            }
            return SandboxStore.passwordMatches(password, hash) ? Optional.empty() : Optional.of(NicError.INCORRECT_PASSWORD);
        }
        if (config.profile == SandboxProfile.STRICT || !config.defaultUserName.equals(userName)) {
            return Optional.of(NicError.UNKNOWN_USER);
        }
        return config.defaultPassword.equals(password) ? Optional.empty() : Optional.of(NicError.INCORRECT_PASSWORD);
    }

    private Optional<NicError> checkClient(Request request) {
        String clientId = request.header("client_id", "client-id");
        if (clientId == null) {
            return Optional.of(NicError.CLIENT_ID_REQUIRED);
        }
        String clientSecret = request.header("client_secret", "client-secret");
        if (clientSecret == null) {
            return Optional.of(NicError.CLIENT_SECRET_REQUIRED);
        }
        if (!config.clientId.equals(clientId) || !config.clientSecret.equals(clientSecret)) {
            return Optional.of(NicError.INVALID_CLIENT);
        }
        return Optional.empty();
    }

    /** Header and token checks of every API but auth; the session on success. */
    private Object authorize(Request request) {
        Optional<NicError> clientError = checkClient(request);
        if (clientError.isPresent()) {
            return Reply.nicFailure(clientError.get());
        }
        String gstin = request.header("Gstin");
        if (gstin == null) {
            return Reply.nicFailure(NicError.HEADER_GSTIN_REQUIRED);
        }
        String userName = request.header("user_name", "user-name", "username");
        if (userName == null) {
            return Reply.nicFailure(NicError.USER_NAME_REQUIRED);
        }
        String token = request.header("AuthToken", "auth-token");
        Optional<SandboxStore.Session> session = token == null ? Optional.empty() : store.session(token);
        if (session.isEmpty() || !session.get().expiresAt().isAfter(clock.instant())
                || !session.get().clientId().equals(request.header("client_id", "client-id"))
                || !session.get().userName().equals(userName)) {
            return Reply.nicFailure(NicError.INVALID_TOKEN);
        }
        if (!session.get().gstin().equals(gstin)) {
            return Reply.nicFailure(NicError.INVALID_GSTIN_FOR_USER);
        }
        return session.get();
    }

    /** The decrypted JSON of an authorized call, or the failure reply. */
    private Object decryptBody(Request request, SandboxStore.Session session) {
        String data = dataOf(request.body());
        if (data == null) {
            return Reply.nicFailure(NicError.PAYLOAD_EMPTY);
        }
        try {
            JsonNode json = NicJson.parse(NicCrypto.decryptJson(session.sek(), data));
            return json.isObject() ? json : Reply.nicFailure(NicError.APPLICATION_ERROR);
        } catch (NicCryptoException | JacksonException e) {
            // NIC documents no code for an undecryptable body; its generic system error is the closest.
            return Reply.nicFailure(NicError.APPLICATION_ERROR);
        }
    }

    // --- generate -------------------------------------------------------

    Reply generate(Request request) {
        generateCalls.incrementAndGet();
        Object authorized = authorize(request);
        if (authorized instanceof Reply reply) {
            return reply;
        }
        SandboxStore.Session session = (SandboxStore.Session) authorized;
        Object body = decryptBody(request, session);
        if (body instanceof Reply reply) {
            return reply;
        }
        ObjectNode invoice = InvoiceShape.INVOICE.canonicalize((JsonNode) body);
        LocalDate today = LocalDate.ofInstant(clock.instant(), NicTimestamps.IST);
        // NIC's rules first, all at once; the sandbox's own checks then guard what registration reads.
        List<NicError> errors = new ArrayList<>(rules.check(invoice, today));
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
            if (docDate.isAfter(today) && errors.stream().noneMatch(e -> e.code().equals("2163"))) {
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
        return Reply.nicSuccess(encrypted(session, invoiceDetails(stored)));
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

    private ObjectNode invoiceDetails(SandboxStore.StoredInvoice stored) {
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
    private static String responseAckDt(Instant ackAt) {
        return NicTimestamps.format(ackAt.truncatedTo(ChronoUnit.MINUTES));
    }

    // --- cancel ------------------------------------------------------------

    Reply cancel(Request request) {
        Object authorized = authorize(request);
        if (authorized instanceof Reply reply) {
            return reply;
        }
        SandboxStore.Session session = (SandboxStore.Session) authorized;
        Object body = decryptBody(request, session);
        if (body instanceof Reply reply) {
            return reply;
        }
        JsonNode cancelRequest = (JsonNode) body;
        String irn = text(cancelRequest, "Irn");
        String reason = text(cancelRequest, "CnlRsn");
        String remark = text(cancelRequest, "CnlRem");
        List<NicError> errors = new ArrayList<>();
        if (irn == null) {
            errors.add(NicError.schema("The Irn field is required."));
        }
        // NIC's own sample sends "1 " with a trailing space.
        reason = reason == null ? null : reason.trim();
        if (reason == null || !reason.matches("[1-4]")) {
            errors.add(NicError.schema("The field Cancel Reason must match the regular expression '^([1-4]{1})$'."));
        }
        if (remark != null && remark.length() > 100) {
            errors.add(NicError.schema("The field Cancel Remarks must be a string with a maximum length of 100."));
        }
        if (!errors.isEmpty()) {
            return Reply.nicFailure(errors, null);
        }
        Optional<SandboxStore.StoredInvoice> found = store.invoiceByIrn(irn.toLowerCase(Locale.ROOT));
        if (found.isEmpty()) {
            return Reply.nicFailure(NicError.IRN_NOT_AVAILABLE);
        }
        SandboxStore.StoredInvoice invoice = found.get();
        if (!invoice.sellerGstin().equals(session.gstin())) {
            return Reply.nicFailure(NicError.NOT_USERS_INVOICE);
        }
        if (!"ACT".equals(invoice.status())) {
            return Reply.nicFailure(NicError.NOT_ACTIVE);
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        if (now.isAfter(invoice.ackAt().plus(CANCEL_WINDOW))) {
            return Reply.nicFailure(NicError.CANCEL_WINDOW_CROSSED);
        }
        if (!store.cancel(invoice.irn(), reason, remark, now)) {
            return Reply.nicFailure(NicError.NOT_ACTIVE);
        }
        cancellations.incrementAndGet();
        ObjectNode result = NicJson.object();
        result.put("Irn", invoice.irn());
        result.put("CancelDate", NicTimestamps.format(now));
        return Reply.nicSuccess(encrypted(session, result));
    }

    // --- reads -------------------------------------------------------------

    Reply invoiceByIrn(Request request, String irn) {
        Object authorized = authorize(request);
        if (authorized instanceof Reply reply) {
            return reply;
        }
        SandboxStore.Session session = (SandboxStore.Session) authorized;
        Optional<SandboxStore.StoredInvoice> found = store.invoiceByIrn(irn.toLowerCase(Locale.ROOT));
        if (found.isEmpty()) {
            return Reply.nicFailure(NicError.IRN_NOT_AVAILABLE);
        }
        return readable(session, found.get());
    }

    Reply invoiceByDocument(Request request) {
        Object authorized = authorize(request);
        if (authorized instanceof Reply reply) {
            return reply;
        }
        SandboxStore.Session session = (SandboxStore.Session) authorized;
        // Query parameters first, then headers: sources disagree on where NIC takes them.
        String docType = parameter(request, "doctype");
        String docNo = parameter(request, "docnum");
        String docDateText = parameter(request, "docdate");
        if (docType == null || docNo == null || docDateText == null) {
            return Reply.nicFailure(NicError.INCOMPLETE_PARAMETERS);
        }
        LocalDate docDate = SchemaCheck.parseDate(docDateText);
        if (docDate == null) {
            return Reply.nicFailure(NicError.DOCUMENT_DATE_FORMAT);
        }
        return store.invoiceByDocument(session.gstin(), FinancialYear.of(docDate), docType.toUpperCase(Locale.ROOT),
                        docNo.toUpperCase(Locale.ROOT))
                .map(invoice -> readable(session, invoice))
                .orElseGet(() -> Reply.nicFailure(NicError.IRN_DETAILS_NOT_FOUND));
    }

    private Reply readable(SandboxStore.Session session, SandboxStore.StoredInvoice invoice) {
        if (!invoice.sellerGstin().equals(session.gstin())) {
            return Reply.nicFailure(NicError.NOT_USERS_INVOICE);
        }
        if (clock.instant().isAfter(invoice.ackAt().plus(READ_WINDOW))) {
            return Reply.nicFailure(NicError.OLDER_THAN_TWO_DAYS);
        }
        return Reply.nicSuccess(encrypted(session, invoiceDetails(invoice)));
    }

    Reply gstinDetails(Request request, String gstin) {
        Object authorized = authorize(request);
        if (authorized instanceof Reply reply) {
            return reply;
        }
        SandboxStore.Session session = (SandboxStore.Session) authorized;
        if (!Gstin.hasValidFormat(gstin)) {
            return Reply.nicFailure(NicError.invalidGstin(gstin));
        }
        // Lenient master: every well-formed GSTIN is an active regular taxpayer of its state.
        String stateCode = Gstin.stateCode(gstin);
        ObjectNode details = NicJson.object();
        details.put("Gstin", gstin);
        details.put("TradeName", "SANDBOX TAXPAYER " + gstin.substring(2, 12));
        details.put("LegalName", "SANDBOX TAXPAYER " + gstin.substring(2, 12));
        details.put("AddrBnm", "SANDBOX BUILDING");
        details.put("AddrBno", "1");
        details.put("AddrFlno", "GROUND FLOOR");
        details.put("AddrSt", "TEST STREET");
        details.put("AddrLoc", "TEST CITY");
        details.put("StateCode", Integer.parseInt(stateCode));
        details.putNull("AddrPncd");
        details.put("TxpType", "REG");
        details.put("Status", "ACT");
        details.putNull("BlkStatus");
        details.put("DtReg", "2017-07-01");
        details.putNull("DtDReg");
        return Reply.nicSuccess(encrypted(session, details));
    }

    // --- helpers ---------------------------------------------------------------------------

    private static StringNode encrypted(SandboxStore.Session session, ObjectNode data) {
        return StringNode.valueOf(NicCrypto.encryptJson(session.sek(), NicJson.write(data)));
    }

    private static String parameter(Request request, String name) {
        String value = request.query().get(name);
        return value != null && !value.isBlank() ? value.trim() : request.header(name);
    }

    /** The {@code Data} member of a request body, or null when absent or empty. */
    private static String dataOf(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            String data = text(NicJson.parse(body), "Data");
            return data == null || data.isBlank() ? null : data;
        } catch (JacksonException e) {
            return null;
        }
    }

    /** A member looked up case-insensitively, as NIC binds property names. */
    private static JsonNode field(JsonNode node, String name) {
        if (node == null || !node.isObject()) {
            return null;
        }
        for (var entry : node.properties()) {
            if (entry.getKey().equalsIgnoreCase(name)) {
                return entry.getValue();
            }
        }
        return null;
    }

    private static String text(JsonNode node, String name) {
        JsonNode value = field(node, name);
        return value == null || value.isNull() ? null : value.asString();
    }

    private static String newToken() {
        StringBuilder token = new StringBuilder(25);
        for (int i = 0; i < 25; i++) {
            token.append(TOKEN_ALPHABET.charAt(RANDOM.nextInt(TOKEN_ALPHABET.length())));
        }
        return token.toString();
    }
}
