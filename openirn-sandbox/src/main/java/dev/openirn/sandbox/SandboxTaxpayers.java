package dev.openirn.sandbox;

import dev.openirn.gst.Gstin;
import dev.openirn.gst.master.Masters;
import dev.openirn.gst.nic.NicJson;
import dev.openirn.nic.NicError;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The sandbox's copy of the GST taxpayer master, which the IRP consults for 3028/3029, SEZ rules and Get GSTIN
 * details. Seeded with the GSTINs of the quickstart and of NIC's recorded sandbox examples; changed through
 * {@code POST /sandbox/taxpayers}. Kept in memory: a restart returns to the seed.
 */
final class SandboxTaxpayers {

    static final Set<String> STATUSES = Set.of("ACT", "CNL", "SUS", "INA", "PRO");
    static final Set<String> TYPES = Set.of("REG", "SEZ", "SED", "COM", "UN", "CMP", "ISD", "TDS", "TCS", "NRT", "OIDAR", "EMB");

    record Taxpayer(String gstin, String legalName, String tradeName, String status, String type, int stateCode,
                    Integer pinCode, String address) {

        boolean active() {
            return "ACT".equals(status);
        }

        boolean sez() {
            return "SEZ".equals(type);
        }
    }

    private final SandboxRules rules;
    private final Map<String, Taxpayer> byGstin = new ConcurrentHashMap<>();

    SandboxTaxpayers(SandboxRules rules) {
        this.rules = rules;
        // The quickstart's seller and buyer.
        put(new Taxpayer("29ABCDE1234F1Z5", "Acme Pvt Ltd", "Acme Pvt Ltd", "ACT", "REG", 29, 560001,
                "12 Industrial Area, Bengaluru"));
        put(new Taxpayer("27FGHIJ5678K1Z2", "Globex Pvt Ltd", "Globex Pvt Ltd", "ACT", "REG", 27, 400001,
                "8 MG Road, Mumbai"));
        // The sandbox GSTINs of NIC's recorded examples (their check characters are wrong, as on NIC's sandbox).
        put(new Taxpayer("01AMBPG7773M002", "ADEQUARE INFO PVT LTD", "ADEQUARE INFO PVT LTD", "ACT", "REG", 1, 180001,
                "Test Building, Jammu"));
        put(new Taxpayer("02AMBPG7773M002", "ADEQUARE INFO PVT LTD", "ADEQUARE INFO PVT LTD", "ACT", "REG", 2, 171302,
                "Test Building, Shimla"));
        put(new Taxpayer("36AMBPG7773M002", "ADEQUARE INFO PVT LTD", "ADEQUARE INFO PVT LTD", "ACT", "REG", 36, 500055,
                "Test Building, Hyderabad"));
        // The GSTINs of the sandbox's own tests and examples.
        put(new Taxpayer("29AAFCC9980M1ZR", "Seller Pvt Ltd", "Seller", "ACT", "REG", 29, 560001, "1 MG Road, Bengaluru"));
        put(new Taxpayer("27AAPFU0939F1ZV", "Buyer LLP", "Buyer", "ACT", "REG", 27, 400001, "2 Link Road, Mumbai"));
    }

    void put(Taxpayer taxpayer) {
        byGstin.put(taxpayer.gstin(), taxpayer);
    }

    Optional<Taxpayer> registered(String gstin) {
        return Optional.ofNullable(gstin == null ? null : byGstin.get(gstin.toUpperCase(Locale.ROOT)));
    }

    /** The taxpayer the IRP sees: a registered one, or in lenient mode any well-formed GSTIN as active and regular. */
    Optional<Taxpayer> lookup(String gstin) {
        Optional<Taxpayer> registered = registered(gstin);
        if (registered.isPresent() || rules == SandboxRules.NIC || gstin == null || !Gstin.hasValidFormat(gstin)) {
            return registered;
        }
        String upper = gstin.toUpperCase(Locale.ROOT);
        String name = "SANDBOX TAXPAYER " + upper.substring(2, 12);
        return Optional.of(new Taxpayer(upper, name, name, "ACT", "REG", Integer.parseInt(Gstin.stateCode(upper)), null,
                "1 Test Street, Test City"));
    }

    /** 3028 when the IRP does not know the GSTIN, 3029 when it is not active; empty when it may trade. */
    Optional<NicError> problem(String gstin) {
        Optional<Taxpayer> taxpayer = lookup(gstin);
        if (taxpayer.isEmpty()) {
            return Optional.of(new NicError("3028", "GSTIN - " + gstin + " is invalid"));
        }
        if (!taxpayer.get().active()) {
            return Optional.of(new NicError("3029", "GSTIN -" + gstin + " is inactive or cancelled"));
        }
        return Optional.empty();
    }

    /** The admin API's body: {gstin, legalName, tradeName, status, type, stateCode, pinCode, address}. */
    static Taxpayer fromJson(JsonNode body) {
        String gstin = body.path("gstin").asString("").trim().toUpperCase(Locale.ROOT);
        if (!Gstin.hasValidFormat(gstin)) {
            throw new IllegalArgumentException("gstin must be a well-formed 15-character GSTIN, not '" + gstin + "'");
        }
        String legalName = body.path("legalName").asString("").trim();
        if (legalName.isEmpty()) {
            throw new IllegalArgumentException("legalName is required");
        }
        String tradeName = body.path("tradeName").asString(legalName).trim();
        String status = body.path("status").asString("ACT").trim().toUpperCase(Locale.ROOT);
        if (!STATUSES.contains(status)) {
            throw new IllegalArgumentException("status must be one of " + STATUSES + ", not '" + status + "'");
        }
        String type = body.path("type").asString("REG").trim().toUpperCase(Locale.ROOT);
        if (!TYPES.contains(type)) {
            throw new IllegalArgumentException("type must be one of " + TYPES + ", not '" + type + "'");
        }
        int gstinState = Integer.parseInt(Gstin.stateCode(gstin));
        int stateCode = body.hasNonNull("stateCode") ? Integer.parseInt(body.get("stateCode").asString().trim()) : gstinState;
        if (stateCode != gstinState) {
            throw new IllegalArgumentException("stateCode " + stateCode + " differs from the GSTIN's state " + gstinState);
        }
        Integer pinCode = null;
        if (body.hasNonNull("pinCode")) {
            String pin = body.get("pinCode").asString().trim();
            if (!pin.matches("[1-9][0-9]{5}")) {
                throw new IllegalArgumentException("pinCode must be six digits, not '" + pin + "'");
            }
            pinCode = Integer.valueOf(pin);
        }
        String address = body.path("address").asString("").trim();
        return new Taxpayer(gstin, legalName, tradeName, status, type, stateCode, pinCode, address);
    }

    static ObjectNode toJson(Taxpayer taxpayer) {
        ObjectNode node = NicJson.object();
        node.put("gstin", taxpayer.gstin());
        node.put("legalName", taxpayer.legalName());
        node.put("tradeName", taxpayer.tradeName());
        node.put("status", taxpayer.status());
        node.put("type", taxpayer.type());
        node.put("stateCode", taxpayer.stateCode());
        if (taxpayer.pinCode() == null) {
            node.putNull("pinCode");
        } else {
            node.put("pinCode", taxpayer.pinCode());
        }
        node.put("address", taxpayer.address());
        return node;
    }

    /** NIC's Get GSTIN details answer (numbers for StateCode and AddrPncd). */
    static ObjectNode gstinDetails(Taxpayer taxpayer) {
        ObjectNode details = NicJson.object();
        details.put("Gstin", taxpayer.gstin());
        details.put("TradeName", taxpayer.tradeName());
        details.put("LegalName", taxpayer.legalName());
        String[] parts = taxpayer.address().split(",", 2);
        details.put("AddrBnm", parts[0].trim());
        details.put("AddrBno", "");
        details.put("AddrFlno", "");
        details.put("AddrSt", parts[0].trim());
        details.put("AddrLoc", parts.length > 1 ? parts[1].trim() : "");
        details.put("StateCode", taxpayer.stateCode());
        details.put("AddrPncd", taxpayer.pinCode() == null ? defaultPin(taxpayer.stateCode()) : taxpayer.pinCode());
        details.put("TxpType", taxpayer.type());
        details.put("Status", taxpayer.status());
        details.putNull("BlkStatus");
        details.put("DtReg", "2017-07-01");
        if ("ACT".equals(taxpayer.status())) {
            details.putNull("DtDReg");
        } else {
            details.put("DtDReg", "2024-04-01");
        }
        return details;
    }

    /** A PIN of the state's first PIN range, for taxpayers registered without one. */
    private static int defaultPin(int stateCode) {
        var ranges = Masters.get().pinPrefixRanges().getOrDefault(String.format("%02d", stateCode), java.util.List.of());
        return ranges.isEmpty() ? 110001 : ranges.get(0)[0] * 1000 + 1;
    }
}
