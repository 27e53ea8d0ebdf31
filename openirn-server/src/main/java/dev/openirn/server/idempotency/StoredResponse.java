package dev.openirn.server.idempotency;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The final response of a request, kept to be answered again byte for byte. */
record StoredResponse(int status, Map<String, List<String>> headers, byte[] body) {

    StoredResponse {
        headers = Map.copyOf(headers);
        body = body == null ? new byte[0] : body.clone();
    }

    /** Marked not to be stored ({@code Cache-Control: no-store}): it shows a secret, and is kept only sealed. */
    boolean confidential() {
        return headers.getOrDefault("Cache-Control", List.of()).stream()
                .anyMatch(value -> value.toLowerCase(Locale.ROOT).contains("no-store"));
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof StoredResponse that && status == that.status && headers.equals(that.headers)
                && Arrays.equals(body, that.body);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * status + headers.hashCode()) + Arrays.hashCode(body);
    }

    @Override
    public String toString() {
        return "StoredResponse[status=" + status + ", headers=" + headers + ", body=" + body.length + " bytes]";
    }
}
