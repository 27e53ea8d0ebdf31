package dev.openirn.gst.nic;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class NicJsonTest {

    record Amounts(BigDecimal total, String note) {
    }

    @Test
    void floatsAreReadAsBigDecimalKeepingScale() {
        JsonNode node = NicJson.mapper().readTree("{\"v\": 12908.00}");
        assertThat(node.get("v").decimalValue()).isEqualTo(new BigDecimal("12908.00"));
        Map<?, ?> untyped = NicJson.mapper().readValue("{\"v\": 0.10}", Map.class);
        assertThat(untyped.get("v")).isEqualTo(new BigDecimal("0.10"));
    }

    @Test
    void bigDecimalIsWrittenPlainWithItsScale() {
        String json = NicJson.mapper().writeValueAsString(new Amounts(new BigDecimal("1E+3"), "x"));
        assertThat(json).isEqualTo("{\"total\":1000,\"note\":\"x\"}");
        assertThat(NicJson.mapper().writeValueAsString(new Amounts(new BigDecimal("12908.00"), "x")))
                .contains("12908.00");
    }

    @Test
    void propertyNamesAreCaseInsensitiveAndUnknownOnesIgnored() {
        Amounts amounts = NicJson.mapper().readValue("{\"TOTAL\": 4.20, \"Note\": \"n\", \"extra\": 1}", Amounts.class);
        assertThat(amounts).isEqualTo(new Amounts(new BigDecimal("4.20"), "n"));
    }

    @Test
    void nullsAreOmittedOnWrite() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("a", null);
        map.put("b", 1);
        assertThat(NicJson.mapper().writeValueAsString(new Amounts(null, "x"))).isEqualTo("{\"note\":\"x\"}");
        assertThat(NicJson.mapper().writeValueAsString(map)).isEqualTo("{\"b\":1}");
    }
}
