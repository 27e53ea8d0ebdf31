package dev.openirn.nic;

import dev.openirn.gst.nic.NicJson;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * NIC's response envelope {@code {Status, Data, ErrorDetails, InfoDtls}} read leniently, because NIC's own pages
 * and real answers disagree: {@code Status}/{@code status}, number or string; {@code ErrorDetails} as an
 * array or as Base64 of one; {@code Data}/{@code InfoDtls} null or absent.
 */
record NicEnvelope(OptionalInt status, JsonNode data, List<NicError> errors, List<InfoDetail> info) {

    /** Thrown when the body is not a NIC envelope at all. */
    static final class NotAnEnvelope extends Exception {
        NotAnEnvelope(String message) {
            super(message);
        }
    }

    static NicEnvelope parse(String body) throws NotAnEnvelope {
        JsonNode root;
        try {
            root = NicJson.parse(body == null ? "" : body);
        } catch (JacksonException e) {
            throw new NotAnEnvelope("body is not JSON");
        }
        if (root == null || !root.isObject()) {
            throw new NotAnEnvelope("body is not a JSON object");
        }
        return new NicEnvelope(status(field(root, "Status")), field(root, "Data"),
                errors(field(root, "ErrorDetails")), info(field(root, "InfoDtls")));
    }

    boolean succeeded() {
        return status.isPresent() && status.getAsInt() == 1;
    }

    boolean hasData() {
        return data != null && !data.isNull() && !data.isMissingNode();
    }

    /** The property whose name matches ignoring case (NIC is not consistent); null when absent. */
    static JsonNode field(JsonNode object, String name) {
        if (object == null || !object.isObject()) {
            return null;
        }
        JsonNode exact = object.get(name);
        if (exact != null) {
            return exact;
        }
        for (Map.Entry<String, JsonNode> property : object.properties()) {
            if (property.getKey().equalsIgnoreCase(name)) {
                return property.getValue();
            }
        }
        return null;
    }

    static String text(JsonNode object, String name) {
        JsonNode node = field(object, name);
        return node == null || node.isNull() || node.isMissingNode() ? null : node.asString();
    }

    private static OptionalInt status(JsonNode node) {
        if (node == null || node.isNull()) {
            return OptionalInt.empty();
        }
        if (node.isNumber()) {
            return OptionalInt.of(node.intValue());
        }
        if (node.isString()) {
            try {
                return OptionalInt.of(Integer.parseInt(node.stringValue().trim()));
            } catch (NumberFormatException e) {
                return OptionalInt.empty();
            }
        }
        if (node.isBoolean()) {
            return OptionalInt.of(node.booleanValue() ? 1 : 0);
        }
        return OptionalInt.empty();
    }

    private static List<NicError> errors(JsonNode node) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (node.isString()) {
            return errorsFromText(node.stringValue());
        }
        List<NicError> errors = new ArrayList<>();
        if (node.isArray()) {
            for (JsonNode entry : node) {
                errors.add(error(entry));
            }
        } else if (node.isObject()) {
            errors.add(error(node));
        }
        return errors;
    }

    /** NIC's pages say ErrorDetails is "Base 64 encoded"; accept that, plain JSON text, or a bare message. */
    private static List<NicError> errorsFromText(String text) {
        String trimmed = text.trim();
        if (trimmed.isEmpty()) {
            return List.of();
        }
        String json = trimmed;
        if (!trimmed.startsWith("[") && !trimmed.startsWith("{")) {
            try {
                json = new String(Base64.getDecoder().decode(trimmed), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return List.of(new NicError(null, trimmed));
            }
        }
        try {
            JsonNode parsed = NicJson.parse(json);
            return parsed.isArray() || parsed.isObject() ? errors(parsed) : List.of(new NicError(null, trimmed));
        } catch (JacksonException e) {
            return List.of(new NicError(null, trimmed));
        }
    }

    private static NicError error(JsonNode entry) {
        return new NicError(text(entry, "ErrorCode"), text(entry, "ErrorMessage"));
    }

    private static List<InfoDetail> info(JsonNode node) {
        if (node == null || !node.isArray()) {
            return List.of();
        }
        List<InfoDetail> info = new ArrayList<>();
        for (JsonNode entry : node) {
            JsonNode desc = field(entry, "Desc");
            info.add(new InfoDetail(text(entry, "InfCd"), desc == null ? NicJson.tree().nullNode() : desc));
        }
        return info;
    }
}
