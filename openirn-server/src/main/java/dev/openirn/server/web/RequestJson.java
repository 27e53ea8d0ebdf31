package dev.openirn.server.web;

import dev.openirn.gst.nic.NicJson;
import java.math.BigDecimal;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.TokenStreamContext;
import tools.jackson.core.TokenStreamFactory;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.deser.DeserializationProblemHandler;
import tools.jackson.databind.deser.jdk.NumberDeserializers;
import tools.jackson.databind.deser.jdk.StringDeserializer;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;

/**
 * Reads API request bodies (OneFinOps camelCase, NIC's INV-01 JSON, or a tree) under limits that a
 * hostile body cannot stretch: tight parser constraints, numbers whose scale or precision no
 * e-invoice field comes near refused before any arithmetic, control characters (PostgreSQL text
 * cannot hold NUL) refused in every string, and every field the target type does not know
 * collected by its JSON path, to be answered as a warning or refused.
 */
@Component
public class RequestJson {

    /** NIC's widest amounts have 18 digits and 3 decimals; anything past these is not an amount. */
    public static final int MAX_SCALE = 20;
    public static final int MAX_PRECISION = 40;
    static final int MAX_STRING_LENGTH = 100_000;
    static final int MAX_NUMBER_LENGTH = 64;
    static final int MAX_NAME_LENGTH = 256;
    static final int MAX_NESTING_DEPTH = 32;
    public static final String UNKNOWN_FIELD = "request.unknown_field";

    /** Attribute of one read under which the unknown-field collector finds the list to add to. */
    private static final Object UNKNOWN_FIELDS = new Object();

    /** A body read into {@code value}, with one warning per unknown field (empty when rejecting them). */
    public record Parsed<T>(T value, List<ErrorDetail> warnings) {
    }

    private final JsonMapper api;
    private final JsonMapper nic;
    private final TokenStreamFactory apiParsers;
    private final TokenStreamFactory nicParsers;
    private final boolean rejectUnknown;

    public RequestJson(JsonMapper apiJson, ApiRequestProperties properties, HttpLimitProperties limits) {
        StreamReadConstraints constraints = StreamReadConstraints.builder()
                .maxDocumentLength(limits.maxBodySize().toBytes())
                .maxStringLength(MAX_STRING_LENGTH)
                .maxNumberLength(MAX_NUMBER_LENGTH)
                .maxNameLength(MAX_NAME_LENGTH)
                .maxNestingDepth(MAX_NESTING_DEPTH)
                .build();
        this.api = guarded(apiJson);
        this.nic = guarded(NicJson.mapper());
        this.apiParsers = apiJson.tokenStreamFactory().rebuild().streamReadConstraints(constraints).build();
        this.nicParsers = NicJson.mapper().tokenStreamFactory().rebuild().streamReadConstraints(constraints).build();
        this.rejectUnknown = properties.unknownFields() == ApiRequestProperties.UnknownFields.REJECT;
    }

    private static JsonMapper guarded(JsonMapper mapper) {
        SimpleModule module = new SimpleModule("openirn-request-guards")
                .addDeserializer(BigDecimal.class, new BoundedDecimals())
                .addDeserializer(String.class, new PrintableStrings());
        return mapper.rebuild().addModule(module).addHandler(new UnknownFieldCollector()).build();
    }

    /** An OneFinOps camelCase body. */
    public <T> Parsed<T> read(byte[] body, Class<T> type) {
        return read(apiParsers, api.readerFor(type), body);
    }

    /** A body in NIC's own schema (field names as NIC spells them). */
    public <T> Parsed<T> readNic(byte[] body, Class<T> type) {
        return read(nicParsers, nic.readerFor(type), body);
    }

    /** A JSON tree under the same parser limits, for bodies checked field by field. */
    public JsonNode readTree(byte[] body) {
        try (JsonParser parser = apiParsers.createParser(ObjectReadContext.empty(), body)) {
            JsonNode tree = api.reader().readTree(parser);
            requireEnd(parser);
            return tree;
        }
    }

    private <T> Parsed<T> read(TokenStreamFactory parsers, ObjectReader reader, byte[] body) {
        List<String> unknown = new ArrayList<>();
        try (JsonParser parser = parsers.createParser(ObjectReadContext.empty(), body)) {
            T value = reader.withAttribute(UNKNOWN_FIELDS, unknown).readValue(parser);
            requireEnd(parser);
            if (value == null) {
                throw ApiException.badRequest("request.malformed_json", "The request body must be a JSON object.", null);
            }
            return new Parsed<>(value, unknownFields(unknown));
        }
    }

    private static void requireEnd(JsonParser parser) {
        JsonToken trailing = parser.nextToken();
        if (trailing != null) {
            throw ApiException.badRequest("request.malformed_json",
                    "The request body holds more than one JSON value (extra " + trailing.asString() + " after the first).", null);
        }
    }

    /**
     * Warnings for fields the API does not know, by JSON path; or, when configured to reject them,
     * a 400 naming every one.
     */
    public List<ErrorDetail> unknownFields(List<String> paths) {
        if (paths.isEmpty()) {
            return List.of();
        }
        if (rejectUnknown) {
            List<ErrorDetail> details = paths.stream().map(path -> ErrorDetail.of(path, UNKNOWN_FIELD,
                    "Unknown field " + path + ".")).toList();
            throw new ApiException(HttpStatus.BAD_REQUEST, UNKNOWN_FIELD, paths.size() == 1
                    ? "Unknown field " + paths.get(0) + "; check its spelling."
                    : "Unknown fields " + String.join(", ", paths) + "; check their spelling.", details, null, null);
        }
        return paths.stream().map(path -> ErrorDetail.of(path, UNKNOWN_FIELD,
                "Unknown field " + path + " was ignored; check its spelling.")).toList();
    }

    /**
     * False only when {@code body} cannot hold a field named {@code name} (ASCII): its bytes contain neither the
     * name nor an escape that could spell it, nor a zero byte (as UTF-16 or UTF-32 text would). Lets a caller
     * skip parsing a body again for a field that is rarely sent.
     */
    public static boolean mayHaveField(byte[] body, String name) {
        if (body == null) {
            return false;
        }
        byte[] wanted = name.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        for (int i = 0; i < body.length; i++) {
            byte b = body[i];
            if (b == '\\' || b == 0) {
                return true;
            }
            if (b == wanted[0] && i + wanted.length <= body.length
                    && java.util.Arrays.equals(body, i, i + wanted.length, wanted, 0, wanted.length)) {
                return true;
            }
        }
        return false;
    }

    /** The first character of {@code text} that has no place in stored text, or -1. Tab and line breaks are fine. */
    public static int controlCharacter(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f) {
                return c;
            }
        }
        return -1;
    }

    public static String describeControlCharacter(int character) {
        return "contains the control character U+%04X, which is not allowed".formatted(character);
    }

    /** Records each unknown property by its path and skips its value. */
    private static final class UnknownFieldCollector extends DeserializationProblemHandler {

        @Override
        public boolean handleUnknownProperty(DeserializationContext context, JsonParser parser,
                ValueDeserializer<?> deserializer, Object beanOrClass, String propertyName) {
            @SuppressWarnings("unchecked")
            List<String> unknown = (List<String>) context.getAttribute(UNKNOWN_FIELDS);
            if (unknown == null) {
                return false;
            }
            unknown.add(path(parser, propertyName));
            parser.skipChildren();
            return true;
        }

        /** {@code lines[0].hsnCod}: the names and indexes from the root to the property. */
        private static String path(JsonParser parser, String propertyName) {
            TokenStreamContext context = parser.streamReadContext();
            if (parser.currentToken() == JsonToken.START_OBJECT || parser.currentToken() == JsonToken.START_ARRAY) {
                context = context.getParent(); // the value opened its own context; the property is in the parent
            }
            Deque<String> segments = new ArrayDeque<>();
            for (TokenStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
                if (c.inArray()) {
                    segments.push("[" + c.getCurrentIndex() + "]");
                } else if (c.currentName() != null) {
                    segments.push(c.currentName());
                }
            }
            if (segments.isEmpty() || !propertyName.equals(segments.peekLast())) {
                return propertyName;
            }
            StringBuilder path = new StringBuilder();
            for (String segment : segments) {
                if (!path.isEmpty() && !segment.startsWith("[")) {
                    path.append('.');
                }
                path.append(segment);
            }
            return path.toString();
        }
    }

    /** A decimal whose scale or precision is far outside any e-invoice field is refused before anyone computes with it. */
    private static final class BoundedDecimals extends NumberDeserializers.BigDecimalDeserializer {

        @Override
        public BigDecimal deserialize(JsonParser parser, DeserializationContext context) {
            BigDecimal value = super.deserialize(parser, context);
            if (value != null && (Math.abs(value.scale()) > MAX_SCALE || value.precision() > MAX_PRECISION)) {
                throw new RejectedValueException(parser, "request.number_out_of_range",
                        "is not a plausible amount (at most " + MAX_PRECISION + " digits and " + MAX_SCALE
                                + " decimal places)", parser.getString(), BigDecimal.class);
            }
            return value;
        }
    }

    /** PostgreSQL text cannot hold NUL, and no field has a use for other control characters. */
    private static final class PrintableStrings extends StringDeserializer {

        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) {
            String value = super.deserialize(parser, context);
            int control = value == null ? -1 : controlCharacter(value);
            if (control >= 0) {
                throw new RejectedValueException(parser, "request.control_character", describeControlCharacter(control),
                        null, String.class);
            }
            return value;
        }
    }
}
