package dev.openirn.server.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class IndianAmountsTest {

    private static String words(String amount) {
        return IndianAmounts.inWords(new BigDecimal(amount));
    }

    @Test
    void zeroAndOne() {
        assertThat(words("0")).isEqualTo("Rupees Zero Only");
        assertThat(words("0.00")).isEqualTo("Rupees Zero Only");
        assertThat(words("1")).isEqualTo("Rupees One Only");
    }

    @Test
    void paise() {
        assertThat(words("99.50")).isEqualTo("Rupees Ninety Nine and Fifty Paise Only");
        assertThat(words("0.05")).isEqualTo("Five Paise Only");
        assertThat(words("10.01")).isEqualTo("Rupees Ten and One Paise Only");
        // Rounded half up to whole paise.
        assertThat(words("2.345")).isEqualTo("Rupees Two and Thirty Five Paise Only");
        assertThat(words("0.999")).isEqualTo("Rupees One Only");
    }

    @Test
    void thousandsAndHundreds() {
        assertThat(words("11800")).isEqualTo("Rupees Eleven Thousand Eight Hundred Only");
        assertThat(words("1005")).isEqualTo("Rupees One Thousand Five Only");
        assertThat(words("99999")).isEqualTo("Rupees Ninety Nine Thousand Nine Hundred Ninety Nine Only");
    }

    @Test
    void lakhs() {
        assertThat(words("100000")).isEqualTo("Rupees One Lakh Only");
        assertThat(words("1000000")).isEqualTo("Rupees Ten Lakh Only");
        assertThat(words("9999999")).isEqualTo("Rupees Ninety Nine Lakh Ninety Nine Thousand Nine Hundred Ninety Nine Only");
    }

    @Test
    void crores() {
        assertThat(words("10000000")).isEqualTo("Rupees One Crore Only");
        assertThat(words("123456789.05")).isEqualTo(
                "Rupees Twelve Crore Thirty Four Lakh Fifty Six Thousand Seven Hundred Eighty Nine and Five Paise Only");
        assertThat(words("999999999")).isEqualTo(
                "Rupees Ninety Nine Crore Ninety Nine Lakh Ninety Nine Thousand Nine Hundred Ninety Nine Only");
        assertThat(words("1000000000")).isEqualTo("Rupees One Hundred Crore Only");
        assertThat(words("10000000000000")).isEqualTo("Rupees Ten Lakh Crore Only");
        assertThat(words("12345678900000000")).isEqualTo(
                "Rupees One Hundred Twenty Three Crore Forty Five Lakh Sixty Seven Thousand Eight Hundred Ninety Crore Only");
    }

    @Test
    void negativeAmountsAreRefused() {
        assertThatThrownBy(() -> words("-1")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void groupsInLakhsAndCrores() {
        assertThat(IndianAmounts.grouped(new BigDecimal("0"))).isEqualTo("0.00");
        assertThat(IndianAmounts.grouped(new BigDecimal("999"))).isEqualTo("999.00");
        assertThat(IndianAmounts.grouped(new BigDecimal("1000"))).isEqualTo("1,000.00");
        assertThat(IndianAmounts.grouped(new BigDecimal("11800"))).isEqualTo("11,800.00");
        assertThat(IndianAmounts.grouped(new BigDecimal("100000"))).isEqualTo("1,00,000.00");
        assertThat(IndianAmounts.grouped(new BigDecimal("123456789.05"))).isEqualTo("12,34,56,789.05");
        assertThat(IndianAmounts.grouped(new BigDecimal("-1234.5"))).isEqualTo("-1,234.50");
    }
}
