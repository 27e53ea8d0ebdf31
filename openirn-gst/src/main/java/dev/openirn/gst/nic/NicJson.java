package dev.openirn.gst.nic;

import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The one place NIC JSON is configured. The IRP echoes numbers with their lexical scale and binds
 * property names case-insensitively, so we do the same. Two views of the same
 * rules: {@link #mapper()} binds INV-01 documents to records (nulls omitted, as NIC drops them);
 * {@link #tree()} reads and writes wire envelopes as trees, keeping explicit nulls.
 */
public final class NicJson {

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_PROPERTIES)
            // Records keep their declared (schema) order unless @JsonPropertyOrder says otherwise.
            .disable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .enable(JsonNodeFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .changeDefaultPropertyInclusion(inclusion -> inclusion
                    .withValueInclusion(JsonInclude.Include.NON_NULL)
                    .withContentInclusion(JsonInclude.Include.NON_NULL))
            .build();

    private static final JsonMapper TREE = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(JsonNodeFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .build();

    private NicJson() {
    }

    /** Binds INV-01 documents to the records of {@code dev.openirn.gst.nic}. */
    public static JsonMapper mapper() {
        return MAPPER;
    }

    /** Reads and writes NIC wire envelopes as trees, decimals kept exactly as written. */
    public static JsonMapper tree() {
        return TREE;
    }

    /** @throws tools.jackson.core.JacksonException when the text is not JSON */
    public static JsonNode parse(String json) {
        return TREE.readTree(json);
    }

    public static String write(JsonNode node) {
        return TREE.writeValueAsString(node);
    }

    public static ObjectNode object() {
        return TREE.createObjectNode();
    }
}
