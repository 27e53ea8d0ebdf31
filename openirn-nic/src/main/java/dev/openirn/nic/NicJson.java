package dev.openirn.nic;

import tools.jackson.core.StreamWriteFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON settings NIC data needs: the IRP echoes number literals ({@code 100.0}, {@code 12908.00}), so
 * floats are read as BigDecimal with their scale kept and written plain, never as doubles or {@code 1E+2}.
 */
public final class NicJson {

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(JsonNodeFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .build();

    private NicJson() {
    }

    public static JsonMapper mapper() {
        return MAPPER;
    }

    /** @throws tools.jackson.core.JacksonException when the text is not JSON */
    public static JsonNode parse(String json) {
        return MAPPER.readTree(json);
    }

    public static String write(JsonNode node) {
        return MAPPER.writeValueAsString(node);
    }
}
