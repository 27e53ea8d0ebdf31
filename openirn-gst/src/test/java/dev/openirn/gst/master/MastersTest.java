package dev.openirn.gst.master;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class MastersTest {

    private final Masters masters = Masters.get();

    @Test
    void stateCodesCompareNumerically() {
        assertThat(masters.isStateCode("29")).isTrue();
        assertThat(masters.normalizeStateCode("7")).isEqualTo("07");
        assertThat(masters.stateName("96")).isNotBlank();
        assertThat(masters.isStateCode("00")).isFalse();
        assertThat(masters.isStateCode("40")).isFalse();
        assertThat(masters.isStateCode("A1")).isFalse();
    }

    @Test
    void pinsBelongToTheirStatesByPrefix() {
        assertThat(masters.pinBelongsToState(560001, "29")).isTrue();
        assertThat(masters.pinBelongsToState(400001, "27")).isTrue();
        assertThat(masters.pinBelongsToState(400001, "29")).isFalse();
        assertThat(masters.pinBelongsToState(605001, "34")).isTrue();
        assertThat(masters.pinBelongsToState(500032, "36")).isTrue();
        assertThat(masters.pinBelongsToState(999999, "96")).isTrue();
        assertThat(masters.pinBelongsToState(560001, "96")).isFalse();
        assertThat(masters.pinBelongsToState(999999, "29")).isFalse();
    }

    @Test
    void unitsRatesAndEnums() {
        assertThat(masters.isUnit("NOS")).isTrue();
        assertThat(masters.isUnit("nos")).isTrue();
        assertThat(masters.isUnit("XYZ")).isFalse();
        assertThat(masters.isGstRate(new BigDecimal("18.00"))).isTrue();
        assertThat(masters.isGstRate(new BigDecimal("0.25"))).isTrue();
        assertThat(masters.isGstRate(new BigDecimal("40"))).isTrue();
        assertThat(masters.isGstRate(new BigDecimal("17"))).isFalse();
        assertThat(masters.supplyTypes()).containsExactlyInAnyOrder("B2B", "SEZWP", "SEZWOP", "EXPWP", "EXPWOP", "DEXP");
        assertThat(masters.isDocumentType("crn")).isTrue();
        assertThat(masters.isTransportMode("4")).isTrue();
        assertThat(masters.isVehicleType("O")).isTrue();
    }
}
