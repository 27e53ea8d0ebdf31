package dev.openirn.sandbox.ewaybill;

import java.math.BigDecimal;
import tools.jackson.databind.JsonNode;

/** NIC's lenient binding: names case-insensitive, numbers as JSON numbers or numeric strings, blank as absent. */
final class Fields {

    private Fields() {
    }

    static JsonNode field(JsonNode node, String name) {
        if (node == null || !node.isObject()) {
            return null;
        }
        JsonNode exact = node.get(name);
        if (exact != null) {
            return exact;
        }
        for (var entry : node.properties()) {
            if (entry.getKey().equalsIgnoreCase(name)) {
                return entry.getValue();
            }
        }
        return null;
    }

    static String text(JsonNode node, String name) {
        JsonNode value = field(node, name);
        if (value == null || value.isNull() || value.isContainer()) {
            return null;
        }
        String text = value.asString().trim();
        return text.isEmpty() ? null : text;
    }

    /** A whole number, or null when absent or not a whole number. */
    static Long number(JsonNode node, String name) {
        JsonNode value = field(node, name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isIntegralNumber()) {
            return value.longValue();
        }
        String text = value.isNumber() ? value.asString() : value.isString() ? value.asString().trim() : "";
        return text.matches("-?\\d{1,18}") ? Long.valueOf(text) : null;
    }

    static BigDecimal decimal(JsonNode node, String name) {
        JsonNode value = field(node, name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isNumber()) {
            return value.decimalValue();
        }
        try {
            return new BigDecimal(value.asString().trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static BigDecimal decimalOrZero(JsonNode node, String name) {
        BigDecimal value = decimal(node, name);
        return value == null ? BigDecimal.ZERO : value;
    }
}
