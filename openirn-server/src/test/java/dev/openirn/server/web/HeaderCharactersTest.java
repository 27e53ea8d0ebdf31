package dev.openirn.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.StrictHttpFirewall;

/** The one-pass header checks allow exactly what Spring Security's default strict firewall allows. */
class HeaderCharactersTest {

    private static final StrictHttpFirewall DEFAULT_FIREWALL = new StrictHttpFirewall();

    @Test
    void everyCharacterOfTheBasicPlaneIsJudgedAsTheDefaultFirewallJudgesIt() {
        List<String> disagreements = new ArrayList<>();
        for (int c = 0; c <= 0xFFFF; c++) {
            compare(String.valueOf((char) c), disagreements);
            compare("Bearer x" + (char) c + "y", disagreements);
        }
        assertThat(disagreements).isEmpty();
    }

    @Test
    void supplementaryCharactersAndStrayHalvesOfSurrogatePairsToo() {
        List<String> disagreements = new ArrayList<>();
        for (int codePoint = 0x10000; codePoint <= 0x10FFFF; codePoint += 61) {
            compare(new String(Character.toChars(codePoint)), disagreements);
        }
        compare("\uD83D\uDE00", disagreements);
        compare("a\uD83Db", disagreements);
        compare("a\uDE00b", disagreements);
        compare("\uDE00\uD83D", disagreements);
        assertThat(disagreements).isEmpty();
    }

    @Test
    void randomMixturesToo() {
        Random random = new Random(20261129);
        char[] pool = {'a', 'Z', '0', ' ', '\t', '\n', '\r', '\u0000', '\u007f', '\u0085', '\u00e9', '\u0378', '\u200b',
                '\u2028', '\uD83D', '\uDE00', '\uFFFF', '\uFFFD', '=', '/'};
        List<String> disagreements = new ArrayList<>();
        for (int n = 0; n < 20_000; n++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(12);
            for (int i = 0; i < length; i++) {
                text.append(pool[random.nextInt(pool.length)]);
            }
            compare(text.toString(), disagreements);
        }
        assertThat(disagreements).isEmpty();
    }

    @Test
    void aTabMayBeInAValueButNotInAName() {
        assertThat(HeaderCharacters.isAllowedValue("a\tb")).isTrue();
        assertThat(HeaderCharacters.isAllowedName("a\tb")).isFalse();
        assertThat(HeaderCharacters.isAllowedValue("a\nb")).isFalse();
        assertThat(HeaderCharacters.isAllowedValue("caf\u00e9")).isTrue();
        assertThat(HeaderCharacters.isAllowedValue("\u0378")).isFalse();
    }

    private static void compare(String text, List<String> disagreements) {
        if (HeaderCharacters.isAllowedValue(text) != defaultAllowsValue(text)) {
            disagreements.add("value " + codes(text));
        }
        if (!text.isEmpty() && HeaderCharacters.isAllowedName(text) != defaultAllowsName(text)) {
            disagreements.add("name " + codes(text));
        }
    }

    private static boolean defaultAllowsValue(String value) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/v1/einvoices");
        request.addHeader("X-Probe", value);
        try {
            DEFAULT_FIREWALL.getFirewalledRequest(request).getHeader("X-Probe");
            return true;
        } catch (RequestRejectedException rejected) {
            return false;
        }
    }

    private static boolean defaultAllowsName(String name) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/v1/einvoices");
        request.addHeader(name, "v");
        try {
            DEFAULT_FIREWALL.getFirewalledRequest(request).getHeader(name);
            return true;
        } catch (RequestRejectedException rejected) {
            return false;
        }
    }

    private static String codes(String text) {
        StringBuilder codes = new StringBuilder();
        text.chars().forEach(c -> codes.append(String.format("U+%04X ", c)));
        return codes.toString().strip();
    }
}
