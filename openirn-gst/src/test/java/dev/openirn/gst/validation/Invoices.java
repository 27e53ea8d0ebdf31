package dev.openirn.gst.validation;

import dev.openirn.gst.nic.NicInvoice;
import dev.openirn.gst.nic.NicJson;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Test support: a fixed clock, the valid fixture, and corruption of one field by NIC path. */
final class Invoices {

    /** 04/05/2026 in IST. */
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-05-04T06:00:00Z"), ZoneOffset.UTC);

    private Invoices() {
    }

    static NicInvoice validFixture() {
        try (InputStream in = Invoices.class.getResourceAsStream("/dev/openirn/gst/nic-invoice-mixed-case.json")) {
            return NicJson.mapper().readValue(in, NicInvoice.class);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A copy of the invoice with the field at {@code nicPath} set to the JSON literal (or removed when null). */
    static NicInvoice with(NicInvoice invoice, String nicPath, String jsonLiteral) {
        ObjectNode root = (ObjectNode) NicJson.mapper().valueToTree(invoice);
        String[] segments = nicPath.split("\\.");
        JsonNode node = root;
        for (int i = 0; i < segments.length - 1; i++) {
            node = step(node, segments[i]);
        }
        String last = segments[segments.length - 1];
        JsonNode value = jsonLiteral == null ? null : NicJson.mapper().readTree(jsonLiteral);
        int bracket = last.indexOf('[');
        if (bracket >= 0) {
            ArrayNode array = (ArrayNode) node.get(last.substring(0, bracket));
            array.set(Integer.parseInt(last.substring(bracket + 1, last.length() - 1)), value);
        } else if (value == null) {
            ((ObjectNode) node).remove(last);
        } else {
            ((ObjectNode) node).set(last, value);
        }
        return NicJson.mapper().treeToValue(root, NicInvoice.class);
    }

    static String get(NicInvoice invoice, String nicPath) {
        JsonNode node = NicJson.mapper().valueToTree(invoice);
        for (String segment : nicPath.split("\\.")) {
            node = step(node, segment);
        }
        return NicJson.mapper().writeValueAsString(node);
    }

    private static JsonNode step(JsonNode node, String segment) {
        int bracket = segment.indexOf('[');
        if (bracket < 0) {
            return node.get(segment);
        }
        return node.get(segment.substring(0, bracket)).get(Integer.parseInt(segment.substring(bracket + 1, segment.length() - 1)));
    }
}
