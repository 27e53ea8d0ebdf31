package dev.openirn.gst.master;

import dev.openirn.gst.nic.NicJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;

/** NIC master code lists, loaded once from the bundled {@code masters.json}. */
public final class Masters {

    public static final String OTHER_COUNTRY = "96";
    public static final int EXPORT_PIN = 999999;

    private static final Masters INSTANCE = load();

    private final Map<String, String> stateNames;
    private final Map<String, List<int[]>> pinPrefixRanges;
    private final Map<String, String> units;
    private final Set<BigDecimal> gstRates;
    private final Set<String> supplyTypes;
    private final Set<String> documentTypes;
    private final Set<String> transportModes;
    private final Set<String> vehicleTypes;

    private Masters(JsonNode root) {
        stateNames = new LinkedHashMap<>();
        root.get("state_codes").get("codes").forEach(s -> stateNames.put(s.get("code").asString(), s.get("name").asString()));
        pinPrefixRanges = new LinkedHashMap<>();
        root.get("pin_prefix_ranges_by_state").get("ranges").properties().forEach(e -> {
            List<int[]> ranges = new ArrayList<>();
            e.getValue().forEach(r -> ranges.add(new int[] {r.get(0).asInt(), r.get(1).asInt()}));
            pinPrefixRanges.put(e.getKey(), ranges);
        });
        // The source list has no ranges for these; India Post: Telangana 500-509, Ladakh 194.
        pinPrefixRanges.putIfAbsent("36", List.<int[]>of(new int[] {500, 509}));
        pinPrefixRanges.putIfAbsent("38", List.<int[]>of(new int[] {194, 194}));
        units = new LinkedHashMap<>();
        root.get("uqc_units").get("codes").properties().forEach(e -> units.put(e.getKey(), e.getValue().asString()));
        TreeSet<BigDecimal> rates = new TreeSet<>();
        root.get("gst_rates_percent").get("values").forEach(v -> rates.add(v.decimalValue().stripTrailingZeros()));
        gstRates = Set.copyOf(rates);
        supplyTypes = keys(root.get("supply_types"));
        documentTypes = keys(root.get("document_types"));
        transportModes = keys(root.get("transport_modes"));
        vehicleTypes = keys(root.get("vehicle_types"));
    }

    public static Masters get() {
        return INSTANCE;
    }

    private static Masters load() {
        try (InputStream in = Masters.class.getResourceAsStream("/dev/openirn/gst/masters.json")) {
            if (in == null) {
                throw new IllegalStateException("masters.json is missing from the classpath");
            }
            return new Masters(NicJson.mapper().readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Set<String> keys(JsonNode node) {
        Set<String> keys = new TreeSet<>();
        node.propertyNames().forEach(keys::add);
        return Set.copyOf(keys);
    }

    /**
     * The two-digit form of a state code ("7" and "07" are the same state), or
     * null when the text is not a code in the master.
     */
    public String normalizeStateCode(String code) {
        if (code == null || !code.matches("\\d{1,2}")) {
            return null;
        }
        String twoDigits = code.length() == 1 ? "0" + code : code;
        return stateNames.containsKey(twoDigits) ? twoDigits : null;
    }

    public boolean isStateCode(String code) {
        return normalizeStateCode(code) != null;
    }

    public String stateName(String code) {
        String normalized = normalizeStateCode(code);
        return normalized == null ? null : stateNames.get(normalized);
    }

    public Map<String, String> stateNames() {
        return Map.copyOf(stateNames);
    }

    /**
     * Whether a PIN lies in the state's first-three-digit ranges. Other Country (96) takes only
     * 999999; a state without known ranges (97, 99) accepts any PIN.
     */
    public boolean pinBelongsToState(int pin, String stateCode) {
        String state = normalizeStateCode(stateCode);
        if (state == null) {
            return false;
        }
        if (OTHER_COUNTRY.equals(state)) {
            return pin == EXPORT_PIN;
        }
        List<int[]> ranges = pinPrefixRanges.get(state);
        if (ranges == null) {
            return true;
        }
        int prefix = pin / 1000;
        return ranges.stream().anyMatch(r -> prefix >= r[0] && prefix <= r[1]);
    }

    /** First-three-digit PIN ranges per two-digit state code. */
    public Map<String, List<int[]>> pinPrefixRanges() {
        return Map.copyOf(pinPrefixRanges);
    }

    public boolean isUnit(String unit) {
        return unit != null && units.containsKey(unit.toUpperCase(Locale.ROOT));
    }

    public Map<String, String> units() {
        return Map.copyOf(units);
    }

    public boolean isGstRate(BigDecimal rate) {
        return rate != null && gstRates.contains(rate.stripTrailingZeros());
    }

    public Set<BigDecimal> gstRates() {
        return gstRates;
    }

    public boolean isSupplyType(String type) {
        return type != null && supplyTypes.contains(type.toUpperCase(Locale.ROOT));
    }

    public Set<String> supplyTypes() {
        return supplyTypes;
    }

    public boolean isDocumentType(String type) {
        return type != null && documentTypes.contains(type.toUpperCase(Locale.ROOT));
    }

    public Set<String> documentTypes() {
        return documentTypes;
    }

    public boolean isTransportMode(String mode) {
        return mode != null && transportModes.contains(mode);
    }

    public boolean isVehicleType(String type) {
        return type != null && vehicleTypes.contains(type);
    }
}
