package dev.openirn.sandbox.ewaybill;

import com.sun.net.httpserver.Headers;
import dev.openirn.gst.Gstin;
import dev.openirn.gst.nic.NicJson;
import dev.openirn.gst.nic.NicTimestamps;
import dev.openirn.nic.crypto.NicCrypto;
import dev.openirn.nic.crypto.NicCryptoException;
import dev.openirn.nic.ewaybill.EwbDates;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * NIC's e-way bill system as the sandbox plays it: its own login (own RSA key, sessions and token lifetime), the
 * actions GENEWAYBILL, VEHEWB, UPDATETRANSPORTER, EXTENDVALIDITY, CANEWB and REJEWB, the reads by number and by
 * document, and the IRP's EWB-by-IRN, all over one e-way bill store.
 */
public final class EwbSystem {

    /** Decides whether an API user may log in for a GSTIN (the sandbox shares its user registry with the IRP). */
    @FunctionalInterface
    public interface Users {
        boolean accepts(String gstin, String userName, String password);
    }

    /**
     * @param keys         the EWB system's RSA key pair (not the IRP's)
     * @param tokenTtl     how long a token is good and re-logins return it (NIC: 360 minutes)
     */
    public record Settings(DataSource dataSource, String schema, Clock clock, String clientId, String clientSecret,
                           KeyPair keys, Users users, Duration tokenTtl) {
        public Settings {
            Objects.requireNonNull(dataSource);
            Objects.requireNonNull(schema);
            Objects.requireNonNull(clock);
            Objects.requireNonNull(keys);
            Objects.requireNonNull(users);
            Objects.requireNonNull(tokenTtl);
        }
    }

    /** A call as the operations see it: headers (case-insensitive), lower-cased query names, raw body. */
    public record Call(Headers headers, Map<String, String> query, String body) {

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

    static final Duration CANCEL_WINDOW = Duration.ofHours(24);
    static final Duration REJECT_WINDOW = Duration.ofHours(72);
    static final Duration EXTEND_WINDOW = Duration.ofHours(8);
    static final Duration DOCUMENT_AGE_LIMIT = Duration.ofDays(180);
    static final Duration EXTENSION_LIMIT = Duration.ofDays(360);
    static final BigDecimal VALUE_TOLERANCE = new BigDecimal("2");
    private static final LocalDate GST_START = LocalDate.of(2017, 7, 1);
    private static final Set<String> DOC_TYPES = Set.of("INV", "BIL", "BOE", "CHL", "CNT", "OTH");
    private static final Set<Integer> EXTENSION_REASONS = Set.of(1, 2, 4, 5, 99);
    private static final SecureRandom RANDOM = new SecureRandom();

    final AtomicLong authCalls = new AtomicLong();
    final AtomicLong apiCalls = new AtomicLong();
    final AtomicLong generated = new AtomicLong();
    final AtomicLong cancellations = new AtomicLong();

    private final Settings settings;
    private final EwbStore store;
    private final Clock clock;

    public EwbSystem(Settings settings) {
        this.settings = settings;
        this.store = new EwbStore(settings.dataSource(), settings.schema());
        this.clock = settings.clock();
    }

    public long authCalls() {
        return authCalls.get();
    }

    public long apiCalls() {
        return apiCalls.get();
    }

    public long generatedCount() {
        return generated.get();
    }

    public long cancellationCount() {
        return cancellations.get();
    }

    // --- authentication ----------------------------------------------------------------------------

    EwbAnswer authenticate(Call call) {
        authCalls.incrementAndGet();
        if (!clientAccepted(call)) {
            return EwbAnswer.failure("110");
        }
        String gstin = call.header("gstin");
        if (gstin == null) {
            return EwbAnswer.failure("393");
        }
        String data = member(call.body(), "Data");
        if (data == null) {
            return EwbAnswer.failure("100");
        }
        JsonNode credentials;
        try {
            byte[] decrypted = NicCrypto.rsaDecrypt(settings.keys().getPrivate(), data);
            credentials = NicJson.parse(new String(Base64.getDecoder().decode(
                    new String(decrypted, StandardCharsets.UTF_8).trim()), StandardCharsets.UTF_8));
        } catch (NicCryptoException | IllegalArgumentException e) {
            return EwbAnswer.failure("109");
        } catch (JacksonException e) {
            return EwbAnswer.failure("100");
        }
        if (!"ACCESSTOKEN".equalsIgnoreCase(Fields.text(credentials, "action"))) {
            return EwbAnswer.failure("239");
        }
        String userName = Fields.text(credentials, "username");
        String password = Fields.text(credentials, "password");
        if (userName == null || password == null) {
            return EwbAnswer.failure("108");
        }
        byte[] appKey = appKey(Fields.text(credentials, "app_key"));
        if (appKey == null) {
            return EwbAnswer.failure("109");
        }
        if (!Gstin.hasValidFormat(gstin)) {
            return EwbAnswer.failure("393");
        }
        if (!settings.users().accepts(gstin, userName, password)) {
            return EwbAnswer.failure("108");
        }
        String clientId = call.header("client-id", "client_id");
        Instant now = clock.instant();
        EwbStore.Session session = store.liveSession(clientId, userName, gstin, now).orElseGet(() -> {
            EwbStore.Session fresh = new EwbStore.Session(UUID.randomUUID().toString(), clientId, userName, gstin,
                    NicCrypto.newKey(), now.plus(settings.tokenTtl()).truncatedTo(ChronoUnit.SECONDS));
            store.saveSession(fresh, now);
            return fresh;
        });
        ObjectNode answer = NicJson.object();
        answer.put("status", "1");
        answer.put("authtoken", session.authToken());
        answer.put("sek", Base64.getEncoder().encodeToString(NicCrypto.aesEncrypt(appKey, session.sek())));
        return EwbAnswer.json(200, answer);
    }

    /** Base64 of 32 bytes, or (NIC's older samples) 32 ASCII characters used as they are. */
    private static byte[] appKey(String text) {
        if (text == null) {
            return null;
        }
        try {
            byte[] decoded = Base64.getDecoder().decode(text);
            if (decoded.length == 32) {
                return decoded;
            }
        } catch (IllegalArgumentException notBase64) {
            // fall through to the ASCII form
        }
        byte[] ascii = text.getBytes(StandardCharsets.UTF_8);
        return ascii.length == 32 ? ascii : null;
    }

    private boolean clientAccepted(Call call) {
        return settings.clientId().equals(call.header("client-id", "client_id"))
                && settings.clientSecret().equals(call.header("client-secret", "client_secret"));
    }

    /** The caller's session, or the refusal: 110 for the client, 238 for a missing, expired or foreign token. */
    private Object authorize(Call call) {
        if (!clientAccepted(call)) {
            return EwbAnswer.failure("110");
        }
        String token = call.header("authtoken", "auth-token");
        String gstin = call.header("gstin");
        Optional<EwbStore.Session> session = token == null ? Optional.empty() : store.session(token);
        if (session.isEmpty() || !session.get().expiresAt().isAfter(clock.instant())
                || !session.get().clientId().equals(call.header("client-id", "client_id"))
                || !session.get().gstin().equalsIgnoreCase(gstin == null ? "" : gstin)) {
            return EwbAnswer.failure("238");
        }
        return session.get();
    }

    // --- actions -----------------------------------------------------------------------------------

    /** One result of an action: the answer data, or NIC's codes (and {@code info} text). */
    private record Outcome(ObjectNode data, List<String> codes, String info) {
        static Outcome ok(ObjectNode data) {
            return new Outcome(data, List.of(), null);
        }

        static Outcome refused(String... codes) {
            return new Outcome(null, List.of(codes), null);
        }

        static Outcome refused(List<String> codes, String info) {
            return new Outcome(null, List.copyOf(codes), info);
        }
    }

    EwbAnswer action(Call call) {
        apiCalls.incrementAndGet();
        Object authorized = authorize(call);
        if (authorized instanceof EwbAnswer refusal) {
            return refusal;
        }
        EwbStore.Session session = (EwbStore.Session) authorized;
        JsonNode envelope;
        try {
            envelope = NicJson.parse(call.body() == null ? "" : call.body());
        } catch (JacksonException e) {
            return EwbAnswer.failure("100");
        }
        String action = Fields.text(envelope, "action");
        String data = Fields.text(envelope, "data");
        if (action == null) {
            return EwbAnswer.failure("239");
        }
        if (data == null) {
            return EwbAnswer.failure("100");
        }
        JsonNode request;
        try {
            request = NicJson.parse(NicCrypto.decryptJson(session.sek(), data));
        } catch (NicCryptoException e) {
            return EwbAnswer.failure("109");
        } catch (JacksonException e) {
            return EwbAnswer.failure("100");
        }
        if (!request.isObject()) {
            return EwbAnswer.failure("100");
        }
        String gstin = session.gstin();
        Outcome outcome;
        // One writer at a time: the rules read a bill and write it back, and the sandbox is one process.
        synchronized (this) {
            outcome = switch (action.toUpperCase(Locale.ROOT)) {
                case "GENEWAYBILL" -> generate(gstin, (ObjectNode) request);
                case "VEHEWB" -> updateVehicle(gstin, request);
                case "UPDATETRANSPORTER" -> updateTransporter(gstin, request);
                case "EXTENDVALIDITY" -> extend(gstin, request);
                case "CANEWB" -> cancel(gstin, request);
                case "REJEWB" -> reject(gstin, request);
                default -> Outcome.refused("239");
            };
        }
        return outcome.data() != null ? EwbAnswer.actionSuccess(session.sek(), outcome.data())
                : EwbAnswer.failure(outcome.codes(), outcome.info());
    }

    private Outcome generate(String gstin, ObjectNode request) {
        List<String> codes = new ArrayList<>();
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        LocalDate today = now.atZone(NicTimestamps.IST).toLocalDate();
        String userGstin = Fields.text(request, "userGstin");
        if (userGstin != null && !userGstin.equalsIgnoreCase(gstin)) {
            codes.add("358");
        }
        String supplyType = upper(Fields.text(request, "supplyType"));
        if (!"O".equals(supplyType) && !"I".equals(supplyType)) {
            codes.add("201");
        }
        Long subSupplyType = Fields.number(request, "subSupplyType");
        if (subSupplyType == null || subSupplyType < 1 || subSupplyType > 12) {
            codes.add("202");
        } else if (subSupplyType == 8 && Fields.text(request, "subSupplyDesc") == null) {
            codes.add("377");
        }
        String docType = upper(Fields.text(request, "docType"));
        if (docType == null || !DOC_TYPES.contains(docType)) {
            codes.add("204");
        }
        String docNo = Fields.text(request, "docNo");
        if (docNo == null || !docNo.matches("[A-Za-z0-9/-]{1,16}")) {
            codes.add("206");
        }
        LocalDate docDate = null;
        try {
            docDate = EwbDates.parseDate(Objects.requireNonNullElse(Fields.text(request, "docDate"), ""));
            if (docDate.isAfter(today)) {
                codes.add("207");
            } else if (docDate.isBefore(GST_START)) {
                codes.add("819");
            } else if (docDate.isBefore(today.minusDays(DOCUMENT_AGE_LIMIT.toDays()))) {
                codes.add("820");
            }
        } catch (DateTimeParseException e) {
            codes.add("207");
        }
        String fromGstin = upper(Fields.text(request, "fromGstin"));
        String toGstin = upper(Fields.text(request, "toGstin"));
        if (!isPartyGstin(fromGstin)) {
            codes.add("208");
        }
        if (!isPartyGstin(toGstin)) {
            codes.add("212");
        }
        Long fromPin = Fields.number(request, "fromPincode");
        Long toPin = Fields.number(request, "toPincode");
        if (!isPin(fromPin)) {
            codes.add("210");
        }
        if (!isPin(toPin)) {
            codes.add("214");
        }
        Long fromState = Fields.number(request, "fromStateCode");
        Long toState = Fields.number(request, "toStateCode");
        if (!isState(fromState)) {
            codes.add("211");
        }
        if (!isState(toState)) {
            codes.add("215");
        }
        if (!isState(Fields.number(request, "actFromStateCode"))) {
            codes.add("371");
        }
        if (!isState(Fields.number(request, "actToStateCode"))) {
            codes.add("372");
        }
        String transporterId = upper(Fields.text(request, "transporterId"));
        boolean callerIsTransporter = gstin.equalsIgnoreCase(transporterId);
        if ("O".equals(supplyType) && !gstin.equalsIgnoreCase(fromGstin) && !callerIsTransporter) {
            codes.add("359");
        }
        if ("I".equals(supplyType) && !gstin.equalsIgnoreCase(toGstin) && !callerIsTransporter) {
            codes.add("360");
        }
        Long transactionType = Fields.number(request, "transactionType");
        if (transactionType == null) {
            codes.add("614");
        } else if (transactionType < 1 || transactionType > 4) {
            codes.add("612");
        } else if (transactionType == 1) {
            if (Fields.text(request, "dispatchFromGSTIN") != null) {
                codes.add("615");
            }
            if (Fields.text(request, "shipToGSTIN") != null) {
                codes.add("616");
            }
        }
        JsonNode items = Fields.field(request, "itemList");
        if (items == null || !items.isArray() || items.isEmpty()) {
            codes.add("233");
        } else {
            for (JsonNode item : items) {
                String hsn = Fields.text(item, "hsnCode");
                if (hsn == null || !hsn.matches("\\d{4,8}")) {
                    codes.add("216");
                    break;
                }
            }
        }
        checkValues(request, fromState, toState, codes);
        EwbRules.Transport transport = new EwbRules.Transport(Fields.text(request, "transMode"),
                Fields.text(request, "vehicleNo"), Fields.text(request, "vehicleType"), Fields.text(request, "transDocNo"),
                Fields.text(request, "transDocDate"), transporterId);
        for (EwbRules.Problem problem : EwbRules.checkTransport(transport, docDate, today, false)) {
            codes.add(problem.ewbCode);
        }
        String info = null;
        EwbRules.DistanceCheck distance = null;
        Long declared = Fields.number(request, "transDistance");
        if (declared == null) {
            codes.add("221");
        } else if (isPin(fromPin) && isPin(toPin)) {
            distance = EwbRules.checkDistance(declared.intValue(), fromPin.intValue(), toPin.intValue());
            if (distance.problem() != null) {
                codes.add(distance.problem().ewbCode);
                if (distance.problem() == EwbRules.Problem.DISTANCE_TOO_HIGH) {
                    info = NicJson.write(NicJson.object().put("fromPinCode", String.valueOf(fromPin))
                            .put("toPinCode", String.valueOf(toPin)).put("distance", distance.pinDistance()));
                }
            }
        }
        if (codes.isEmpty() && docType != null && docNo != null) {
            String owner = "URP".equals(fromGstin) ? gstin : fromGstin;
            if (store.activeByDocument(owner, docType, docNo).isPresent()) {
                codes.add("604");
            }
        }
        if (!codes.isEmpty()) {
            return Outcome.refused(codes, info);
        }
        ObjectNode partA = request.deepCopy();
        for (String transportField : List.of("vehicleNo", "vehicleType", "transMode", "transDocNo", "transDocDate",
                "transporterId", "transporterName", "userGstin", "transDistance")) {
            removeIgnoringCase(partA, transportField);
        }
        EwayBillRecord bill = new EwayBillRecord();
        bill.generatorGstin = gstin.toUpperCase(Locale.ROOT);
        bill.partA = partA;
        bill.distance = distance.distance();
        bill.transporterId = transporterId;
        bill.transporterName = Fields.text(request, "transporterName");
        bill.generatedAt = now;
        String vehicleType = upper(Fields.text(request, "vehicleType"));
        bill.vehicleType = vehicleType == null ? "R" : vehicleType;
        if (transport.hasPartB()) {
            startValidity(bill, now);
            bill.addVehicle(normalisedVehicle(transport.vehicleNo()), Fields.text(request, "fromPlace"),
                    (int) (long) Fields.number(request, "actFromStateCode"), transport.transMode().trim(),
                    blankToEmpty(transport.transDocNo()), transport.transDocDate(), now, bill.generatorGstin);
        }
        if (!insertWithNumber(bill)) {
            return Outcome.refused("604");
        }
        ObjectNode answer = NicJson.object();
        answer.put("ewayBillNo", bill.ewbNo);
        answer.put("ewayBillDate", EwbDates.format(now));
        putTime(answer, "validUpto", bill.validUntil);
        answer.put("alert", alertFor(distance, declared));
        return Outcome.ok(answer);
    }

    private static String alertFor(EwbRules.DistanceCheck distance, long declared) {
        if (distance.computed()) {
            return "Distance between these two pincodes is " + distance.distance();
        }
        if (declared > 0 && distance.pinDistance() == null && distance.problem() == null) {
            return "The distance between the given pincodes are not available in the system";
        }
        return "";
    }

    private static void checkValues(JsonNode request, Long fromState, Long toState, List<String> codes) {
        BigDecimal total = Fields.decimal(request, "totalValue");
        BigDecimal invoice = Fields.decimal(request, "totInvValue");
        BigDecimal cgst = Fields.decimalOrZero(request, "cgstValue");
        BigDecimal sgst = Fields.decimalOrZero(request, "sgstValue");
        BigDecimal igst = Fields.decimalOrZero(request, "igstValue");
        BigDecimal cess = Fields.decimalOrZero(request, "cessValue");
        BigDecimal cessNonAdvol = Fields.decimalOrZero(request, "cessNonAdvolValue");
        if (invoice == null) {
            codes.add("640");
            return;
        }
        if (invoice.signum() < 0) {
            codes.add("628");
        }
        if (cgst.signum() < 0 || sgst.signum() < 0 || igst.signum() < 0 || cess.signum() < 0 || cessNonAdvol.signum() < 0) {
            codes.add("629");
        }
        if (fromState != null && fromState.equals(toState) && igst.signum() > 0) {
            codes.add("623");
        }
        if (fromState != null && toState != null && !fromState.equals(toState) && (cgst.signum() > 0 || sgst.signum() > 0)) {
            codes.add("624");
        }
        BigDecimal taxable = total == null ? BigDecimal.ZERO : total;
        BigDecimal sum = taxable.add(cgst).add(sgst).add(igst).add(cess).add(cessNonAdvol);
        if (invoice.add(VALUE_TOLERANCE).compareTo(sum) < 0) {
            codes.add("620");
        }
    }

    private Outcome updateVehicle(String gstin, JsonNode request) {
        Optional<EwayBillRecord> found = bill(request);
        if (found.isEmpty()) {
            return Outcome.refused("301");
        }
        EwayBillRecord bill = found.get();
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        if (!bill.isActive() || !bill.names(gstin)) {
            return Outcome.refused("312");
        }
        if (!bill.currentHolder().equalsIgnoreCase(gstin)) {
            return Outcome.refused("636");
        }
        if (bill.isExpiredAt(now)) {
            return Outcome.refused("311");
        }
        List<String> codes = new ArrayList<>();
        String fromPlace = Fields.text(request, "fromPlace");
        Long fromState = Fields.number(request, "fromState");
        Long reason = Fields.number(request, "reasonCode");
        if (fromPlace == null) {
            codes.add("305");
        }
        if (!isState(fromState)) {
            codes.add("306");
        }
        if (reason == null || reason < 1 || reason > 4) {
            codes.add("307");
        } else if (reason == 3 && Fields.text(request, "reasonRem") == null) {
            codes.add("308");
        }
        EwbRules.Transport transport = new EwbRules.Transport(Fields.text(request, "transMode"),
                Fields.text(request, "vehicleNo"), Fields.text(request, "vehicleType"), Fields.text(request, "transDocNo"),
                Fields.text(request, "transDocDate"), null);
        LocalDate docDate = parseDateOrNull(bill.partA.path("docDate").asString(""));
        for (EwbRules.Problem problem : EwbRules.checkTransport(transport, docDate, now.atZone(NicTimestamps.IST).toLocalDate(), true)) {
            codes.add(switch (problem) {
                case TRANS_MODE_REQUIRED, INVALID_TRANS_MODE -> "302";
                case INVALID_VEHICLE -> "304";
                default -> problem.ewbCode;
            });
        }
        if (!codes.isEmpty()) {
            return Outcome.refused(codes, null);
        }
        String vehicleType = upper(Fields.text(request, "vehicleType"));
        if (vehicleType != null) {
            bill.vehicleType = vehicleType;
        }
        if (!bill.hasPartB()) {
            startValidity(bill, now);
        }
        bill.addVehicle(normalisedVehicle(transport.vehicleNo()), fromPlace, fromState.intValue(), transport.transMode().trim(),
                blankToEmpty(transport.transDocNo()), transport.transDocDate(), now, gstin);
        store.save(bill);
        ObjectNode answer = NicJson.object();
        answer.put("vehUpdDate", EwbDates.format(now));
        putTime(answer, "validUpto", bill.validUntil);
        return Outcome.ok(answer);
    }

    private Outcome updateTransporter(String gstin, JsonNode request) {
        Optional<EwayBillRecord> found = bill(request);
        if (found.isEmpty()) {
            return Outcome.refused("301");
        }
        EwayBillRecord bill = found.get();
        String transporterId = upper(Fields.text(request, "transporterId"));
        if (!EwbRules.isTransporterId(transporterId)) {
            return Outcome.refused("222");
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        if (!bill.isActive()) {
            return Outcome.refused("280");
        }
        if (bill.isExpiredAt(now)) {
            return Outcome.refused("281");
        }
        if (!bill.currentHolder().equalsIgnoreCase(gstin)) {
            return Outcome.refused("339");
        }
        if (bill.transporterId != null && bill.transporterId.equalsIgnoreCase(bill.partBBy)
                && !bill.generatorGstin.equalsIgnoreCase(bill.transporterId)) {
            return Outcome.refused("338");
        }
        bill.transporterId = transporterId;
        bill.transporterName = "";
        store.save(bill);
        ObjectNode answer = NicJson.object();
        answer.put("ewayBillNo", String.valueOf(bill.ewbNo));
        answer.put("transporterId", transporterId);
        answer.put("transUpdateDate", EwbDates.format(now));
        return Outcome.ok(answer);
    }

    private Outcome extend(String gstin, JsonNode request) {
        Optional<EwayBillRecord> found = bill(request);
        if (found.isEmpty()) {
            return Outcome.refused("301");
        }
        EwayBillRecord bill = found.get();
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        if ("CNL".equals(bill.status)) {
            return Outcome.refused("379");
        }
        if (!bill.isActive()) {
            return Outcome.refused("380");
        }
        if (!bill.currentHolder().equalsIgnoreCase(gstin)) {
            return Outcome.refused("700");
        }
        if (!bill.hasPartB()) {
            return Outcome.refused("381");
        }
        if (now.isBefore(bill.validUntil.minus(EXTEND_WINDOW)) || now.isAfter(bill.validUntil.plus(EXTEND_WINDOW))) {
            return Outcome.refused("382");
        }
        Instant limit = bill.generatedAt.plus(EXTENSION_LIMIT);
        if (!now.isBefore(limit)) {
            return Outcome.refused("821");
        }
        List<String> codes = new ArrayList<>();
        Long reason = Fields.number(request, "extnRsnCode");
        if (reason == null || Fields.text(request, "extnRemarks") == null) {
            codes.add("386");
        } else if (!EXTENSION_REASONS.contains(reason.intValue())) {
            codes.add("307");
        }
        Long remaining = Fields.number(request, "remainingDistance");
        if (remaining == null || remaining <= 0) {
            codes.add("389");
        } else if (remaining > bill.distance) {
            codes.add("390");
        }
        String fromPlace = Fields.text(request, "fromPlace");
        Long fromState = Fields.number(request, "fromState");
        if (fromPlace == null) {
            codes.add("305");
        }
        if (!isState(fromState)) {
            codes.add("306");
        }
        if (!isPin(Fields.number(request, "fromPincode"))) {
            codes.add("421");
        }
        String consignment = upper(Fields.text(request, "consignmentStatus"));
        String transMode = Fields.text(request, "transMode");
        EwbRules.Transport transport = new EwbRules.Transport(transMode, Fields.text(request, "vehicleNo"), null,
                Fields.text(request, "transDocNo"), Fields.text(request, "transDocDate"), null);
        if ("T".equals(consignment)) {
            String transitType = upper(Fields.text(request, "transitType"));
            if (transitType == null || !Set.of("R", "W", "O").contains(transitType)) {
                codes.add("705");
            }
            if (Fields.text(request, "addressLine1") == null) {
                codes.add("706");
            }
        } else if ("M".equals(consignment) || consignment == null) {
            LocalDate docDate = parseDateOrNull(bill.partA.path("docDate").asString(""));
            for (EwbRules.Problem problem : EwbRules.checkTransport(transport, docDate, now.atZone(NicTimestamps.IST).toLocalDate(), true)) {
                codes.add(switch (problem) {
                    case TRANS_MODE_REQUIRED, INVALID_TRANS_MODE -> "302";
                    case INVALID_VEHICLE -> "304";
                    default -> problem.ewbCode;
                });
            }
        } else {
            codes.add("711");
        }
        if (!codes.isEmpty()) {
            return Outcome.refused(codes, null);
        }
        // The new validity runs from the later of now and the old end, and never past 360 days from generation.
        Instant anchor = now.isAfter(bill.validUntil) ? now : bill.validUntil;
        Instant extended = EwbRules.validUntil(anchor, remaining.intValue(), "O".equals(bill.vehicleType));
        bill.validUntil = extended.isAfter(limit) ? limit : extended;
        bill.extendedTimes++;
        if (transport.hasPartB()) {
            bill.addVehicle(normalisedVehicle(transport.vehicleNo()), fromPlace, fromState.intValue(), transMode.trim(),
                    blankToEmpty(transport.transDocNo()), transport.transDocDate(), now, gstin);
        }
        store.save(bill);
        ObjectNode answer = NicJson.object();
        answer.put("ewayBillNo", String.valueOf(bill.ewbNo));
        answer.put("updatedDate", EwbDates.format(now));
        putTime(answer, "validUpto", bill.validUntil);
        return Outcome.ok(answer);
    }

    private Outcome cancel(String gstin, JsonNode request) {
        JsonNode number = Fields.field(request, "ewbNo");
        if (number != null && !number.isNull() && Fields.number(request, "ewbNo") == null) {
            return Outcome.refused("395");
        }
        Long reason = Fields.number(request, "cancelRsnCode");
        if (reason == null || reason < 1 || reason > 4) {
            return Outcome.refused("307");
        }
        String remark = Fields.text(request, "cancelRmrk");
        if (remark != null && remark.length() > 50) {
            return Outcome.refused("308");
        }
        Optional<EwayBillRecord> found = bill(request);
        if (found.isEmpty() || !found.get().generatorGstin.equalsIgnoreCase(gstin) || !found.get().isActive()) {
            return Outcome.refused("312");
        }
        EwayBillRecord bill = found.get();
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        if (bill.verified) {
            return Outcome.refused("316");
        }
        if (now.isAfter(bill.generatedAt.plus(CANCEL_WINDOW)) || bill.isExpiredAt(now)) {
            return Outcome.refused("315");
        }
        bill.status = "CNL";
        bill.cancelledAt = now;
        bill.cancelReason = reason.intValue();
        bill.cancelRemark = remark;
        store.save(bill);
        cancellations.incrementAndGet();
        ObjectNode answer = NicJson.object();
        answer.put("ewayBillNo", String.valueOf(bill.ewbNo));
        answer.put("cancelDate", EwbDates.format(now));
        return Outcome.ok(answer);
    }

    private Outcome reject(String gstin, JsonNode request) {
        Optional<EwayBillRecord> found = bill(request);
        if (found.isEmpty()) {
            return Outcome.refused("344");
        }
        EwayBillRecord bill = found.get();
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        if (bill.generatorGstin.equalsIgnoreCase(gstin)) {
            return Outcome.refused("341");
        }
        if (!gstin.equalsIgnoreCase(bill.fromGstin()) && !gstin.equalsIgnoreCase(bill.toGstin())) {
            return Outcome.refused("342");
        }
        if ("CNL".equals(bill.status)) {
            return Outcome.refused("343");
        }
        if ("Y".equals(bill.rejectStatus)) {
            return Outcome.refused("347");
        }
        if (bill.isExpiredAt(now)) {
            return Outcome.refused("345");
        }
        if (now.isAfter(bill.generatedAt.plus(REJECT_WINDOW))) {
            return Outcome.refused("346");
        }
        if (!bill.hasPartB()) {
            return Outcome.refused("348");
        }
        bill.rejectStatus = "Y";
        bill.rejectedAt = now;
        store.save(bill);
        ObjectNode answer = NicJson.object();
        answer.put("ewayBillNo", bill.ewbNo);
        answer.put("ewbRejectedDate", EwbDates.format(now));
        return Outcome.ok(answer);
    }

    // --- reads -------------------------------------------------------------------------------------

    EwbAnswer getEwayBill(Call call) {
        apiCalls.incrementAndGet();
        Object authorized = authorize(call);
        if (authorized instanceof EwbAnswer refusal) {
            return refusal;
        }
        EwbStore.Session session = (EwbStore.Session) authorized;
        String number = call.query().get("ewbno");
        if (number == null || !number.trim().matches("\\d+")) {
            return EwbAnswer.failure("395");
        }
        Optional<EwayBillRecord> bill = number.trim().length() > 18 ? Optional.empty()
                : store.byNumber(Long.parseLong(number.trim()));
        if (bill.isEmpty() || !bill.get().names(session.gstin().toUpperCase(Locale.ROOT))) {
            return EwbAnswer.failure("325");
        }
        return EwbAnswer.readSuccess(session.sek(), bill.get().view());
    }

    EwbAnswer getByDocument(Call call) {
        apiCalls.incrementAndGet();
        Object authorized = authorize(call);
        if (authorized instanceof EwbAnswer refusal) {
            return refusal;
        }
        EwbStore.Session session = (EwbStore.Session) authorized;
        String docType = upper(call.query().get("doctype"));
        String docNo = call.query().get("docno");
        if (docType == null || docNo == null || docNo.isBlank()) {
            return EwbAnswer.failure("325");
        }
        Optional<EwayBillRecord> bill = store.activeGeneratedBy(session.gstin().toUpperCase(Locale.ROOT), docType, docNo.trim());
        if (bill.isEmpty()) {
            return EwbAnswer.failure("325");
        }
        ObjectNode answer = NicJson.object();
        answer.put("ewayBillNo", bill.get().ewbNo);
        answer.put("ewayBillDate", EwbDates.format(bill.get().generatedAt));
        putTime(answer, "validUpto", bill.get().validUntil);
        answer.putNull("alert");
        return EwbAnswer.readSuccess(session.sek(), answer);
    }

    // --- the IRP's side and the admin API -----------------------------------------------------------

    /** An e-way bill the IRP asks for on an e-invoice: its Part-A already mapped to the EWB system's fields. */
    public record InvoiceRequest(String irn, String sellerGstin, ObjectNode partA, LocalDate documentDate, int fromPin,
                                 int toPin, int declaredDistance, EwbRules.Transport transport) {
    }

    /** What the IRP gets back: the bill, or the broken rules (with the existing bill's number on a duplicate). */
    public record InvoiceResult(long ewbNo, Instant generatedAt, Instant validUntil, Integer computedDistance,
                                List<EwbRules.Problem> problems, Long existingEwbNo) {
        public boolean issued() {
            return problems.isEmpty();
        }
    }

    public synchronized InvoiceResult issueForInvoice(InvoiceRequest request) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        List<EwbRules.Problem> problems = new ArrayList<>(EwbRules.checkTransport(request.transport(),
                request.documentDate(), now.atZone(NicTimestamps.IST).toLocalDate(), false));
        EwbRules.DistanceCheck distance = EwbRules.checkDistance(request.declaredDistance(), request.fromPin(), request.toPin());
        if (distance.problem() != null) {
            problems.add(distance.problem());
        }
        String docType = request.partA().path("docType").asString("");
        String docNo = request.partA().path("docNo").asString("");
        Optional<EwayBillRecord> existing = store.activeByDocument(request.sellerGstin(), docType, docNo);
        if (problems.isEmpty() && existing.isPresent()) {
            problems.add(EwbRules.Problem.DUPLICATE_DOCUMENT);
        }
        if (!problems.isEmpty()) {
            return new InvoiceResult(0, null, null, null, List.copyOf(problems), existing.map(b -> b.ewbNo).orElse(null));
        }
        EwayBillRecord bill = new EwayBillRecord();
        bill.generatorGstin = request.sellerGstin();
        bill.partA = request.partA().deepCopy();
        bill.irn = request.irn();
        bill.distance = distance.distance();
        bill.generatedAt = now;
        bill.transporterId = EwbRules.present(request.transport().transporterId()) ? request.transport().transporterId() : null;
        String vehicleType = upper(request.transport().vehicleType());
        bill.vehicleType = vehicleType == null ? "R" : vehicleType;
        EwbRules.Transport transport = request.transport();
        if (transport.hasPartB()) {
            startValidity(bill, now);
            bill.addVehicle(normalisedVehicle(transport.vehicleNo()), bill.partA.path("fromPlace").asString(""),
                    bill.partA.path("actFromStateCode").asInt(), transport.transMode().trim(),
                    blankToEmpty(transport.transDocNo()), transport.transDocDate(), now, bill.generatorGstin);
        }
        if (!insertWithNumber(bill)) {
            Long other = store.activeByDocument(request.sellerGstin(), docType, docNo).map(b -> b.ewbNo).orElse(null);
            return new InvoiceResult(0, null, null, null, List.of(EwbRules.Problem.DUPLICATE_DOCUMENT), other);
        }
        return new InvoiceResult(bill.ewbNo, now, bill.validUntil, distance.computed() ? distance.distance() : null,
                List.of(), null);
    }

    /** The e-way bill made for an IRN: number, status, generator, generated and valid-until; empty when none. */
    public record IrnView(long ewbNo, String status, String generatorGstin, Instant generatedAt, Instant validUntil) {
    }

    public Optional<IrnView> byIrn(String irn) {
        return store.byIrn(irn).map(bill -> new IrnView(bill.ewbNo, bill.status, bill.generatorGstin, bill.generatedAt,
                bill.validUntil));
    }

    /** An active e-way bill stops its IRN from being cancelled. */
    public boolean hasActiveForIrn(String irn) {
        return store.byIrn(irn).map(EwayBillRecord::isActive).orElse(false);
    }

    /** Marks a bill verified by an officer (a sandbox control; NIC's taxpayer API has none): it can no longer be cancelled. */
    public synchronized boolean markVerified(long ewbNo) {
        Optional<EwayBillRecord> bill = store.byNumber(ewbNo);
        bill.ifPresent(found -> {
            found.verified = true;
            store.save(found);
        });
        return bill.isPresent();
    }

    // --- helpers -----------------------------------------------------------------------------------

    private void startValidity(EwayBillRecord bill, Instant now) {
        bill.partBAt = now;
        Instant until = EwbRules.validUntil(now, bill.distance, "O".equals(bill.vehicleType));
        Instant limit = bill.generatedAt.plus(EXTENSION_LIMIT);
        bill.validUntil = until.isAfter(limit) ? limit : until;
    }

    /** Numbers {@code PP1SSSSSSSSS}: a state prefix (10-79), digit 1, and one running sequence. */
    private boolean insertWithNumber(EwayBillRecord bill) {
        long sequence = store.nextSequence() % 1_000_000_000L;
        int state = Integer.parseInt(bill.generatorGstin.substring(0, 2));
        int prefix = state >= 10 && state <= 79 ? state : 10 + (int) (sequence % 70);
        bill.ewbNo = prefix * 10_000_000_000L + 1_000_000_000L + sequence;
        boolean inserted = store.insert(bill);
        if (inserted) {
            generated.incrementAndGet();
        }
        return inserted;
    }

    private Optional<EwayBillRecord> bill(JsonNode request) {
        Long number = Fields.number(request, "ewbNo");
        return number == null ? Optional.empty() : store.byNumber(number);
    }

    private static boolean isPartyGstin(String gstin) {
        return gstin != null && ("URP".equals(gstin) || gstin.matches("[0-9]{2}[0-9A-Z]{13}"));
    }

    private static boolean isPin(Long pin) {
        return pin != null && pin >= 100000 && pin <= 999999;
    }

    private static boolean isState(Long state) {
        return state != null && state >= 1 && state <= 99;
    }

    private static String upper(String text) {
        return text == null ? null : text.trim().toUpperCase(Locale.ROOT);
    }

    private static String blankToEmpty(String text) {
        return text == null ? "" : text.trim();
    }

    private static String normalisedVehicle(String vehicleNo) {
        return vehicleNo == null || vehicleNo.isBlank() ? "" : EwbRules.normaliseVehicle(vehicleNo);
    }

    private static LocalDate parseDateOrNull(String text) {
        try {
            return EwbDates.parseDate(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static void putTime(ObjectNode node, String name, Instant at) {
        if (at == null) {
            node.putNull(name);
        } else {
            node.put(name, EwbDates.format(at));
        }
    }

    private static void removeIgnoringCase(ObjectNode node, String name) {
        List<String> names = new ArrayList<>();
        node.properties().forEach(entry -> {
            if (entry.getKey().equalsIgnoreCase(name)) {
                names.add(entry.getKey());
            }
        });
        names.forEach(node::remove);
    }

    private static String member(String body, String name) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return Fields.text(NicJson.parse(body), name);
        } catch (JacksonException e) {
            return null;
        }
    }
}
