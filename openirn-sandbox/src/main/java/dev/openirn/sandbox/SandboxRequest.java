package dev.openirn.sandbox;

import com.sun.net.httpserver.Headers;
import dev.openirn.gst.nic.NicJson;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/** One NIC API request as the operations see it: headers, lower-cased query parameters and the raw body. */
record SandboxRequest(Headers headers, Map<String, String> query, String body) {

    /** The first of {@code names} present with a non-blank value, trimmed; null when none is. */
    String header(String... names) {
        for (String name : names) {
            String value = headers.getFirst(name);
            if (value != null && !value.isBlank()) {
                return value.trim();
            }
        }
        return null;
    }

    /** A query parameter, else the header of that name: sources disagree on where NIC takes them. */
    String parameter(String name) {
        String value = query.get(name);
        return value != null && !value.isBlank() ? value.trim() : header(name);
    }

    /** The {@code Data} member of the body, or null when absent or empty. */
    String data() {
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
    static JsonNode field(JsonNode node, String name) {
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

    static String text(JsonNode node, String name) {
        JsonNode value = field(node, name);
        return value == null || value.isNull() ? null : value.asString();
    }
}
