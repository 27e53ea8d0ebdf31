package dev.openirn.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;

/** The one-pass resolver gives what Spring Security's default resolver gives, token or refusal, header by header. */
class BearerTokenHeaderTest {

    private final BearerTokenHeader resolver = new BearerTokenHeader();
    private final DefaultBearerTokenResolver reference = new DefaultBearerTokenResolver();

    @Test
    void chosenHeadersGiveTheSameTokenOrTheSameRefusal() {
        List<String> headers = new ArrayList<>(List.of("Bearer abc", "bearer abc", "BEARER abc", "BeArEr a.b-c_d~e+f/g==",
                "Bearer abc==", "Bearer abc=d", "Bearer =abc", "Bearer ", "Bearer", "bearer", "Bearerabc", "Bearer  abc",
                "Bearer abc ", " Bearer abc", "Bearer\tabc", "Basic dXNlcjpwYXNz", "Bear abc", "", "Bearer ab\u00e9",
                "Bearer a\nb", "Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl", "Bearer ====", "Bearer a===",
                "Bearer a%2Fb", "Bearer a:b", "Bearer a,b"));
        List<String> disagreements = new ArrayList<>();
        for (String header : headers) {
            compare(header, disagreements);
        }
        compare(null, disagreements);
        assertThat(disagreements).isEmpty();
    }

    @Test
    void randomHeadersToo() {
        Random random = new Random(20261129);
        String[] starts = {"Bearer ", "bearer ", "BEARER ", "Bearer", "Bearer  ", "Basic ", "bearer\t", ""};
        char[] pool = {'a', 'Z', '9', '-', '.', '_', '~', '+', '/', '=', ' ', '\t', ':', '%', '\u00e9', '\u212a', '"'};
        List<String> disagreements = new ArrayList<>();
        for (int n = 0; n < 20_000; n++) {
            StringBuilder header = new StringBuilder(starts[random.nextInt(starts.length)]);
            int length = random.nextInt(10);
            for (int i = 0; i < length; i++) {
                header.append(pool[random.nextInt(pool.length)]);
            }
            compare(header.toString(), disagreements);
        }
        assertThat(disagreements).isEmpty();
    }

    @Test
    void aMalformedBearerHeaderIsAnInvalidToken() {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/v1/einvoices");
        request.addHeader("Authorization", "Bearer not a token");
        try {
            resolver.resolve(request);
            throw new AssertionError("a malformed token was accepted");
        } catch (OAuth2AuthenticationException refused) {
            assertThat(refused.getError().getErrorCode()).isEqualTo("invalid_token");
            assertThat(refused.getError().getDescription()).isEqualTo("Bearer token is malformed");
        }
    }

    private void compare(String header, List<String> disagreements) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/v1/einvoices");
        if (header != null) {
            request.addHeader("Authorization", header);
        }
        String ours = outcome(() -> resolver.resolve(request));
        String theirs = outcome(() -> reference.resolve(request));
        if (!ours.equals(theirs)) {
            disagreements.add("[" + header + "]: ours " + ours + ", Spring's " + theirs);
        }
    }

    private static String outcome(java.util.function.Supplier<String> resolve) {
        try {
            return "token " + resolve.get();
        } catch (OAuth2AuthenticationException refused) {
            return "refused " + refused.getError().getErrorCode() + " " + refused.getError().getDescription();
        }
    }
}
