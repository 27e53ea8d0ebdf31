package dev.openirn.server.webhooks;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A receiver's verification, written from the documented scheme only (not from the server's code):
 * HMAC-SHA256 of {@code "<t>.<raw body>"}, compared in constant time, {@code t} at most 5 minutes away.
 */
final class SignatureCheck {

    static final Duration TOLERANCE = Duration.ofMinutes(5);

    private SignatureCheck() {
    }

    static boolean verify(String header, byte[] body, String secret, Instant now) {
        Long timestamp = null;
        List<String> signatures = new ArrayList<>();
        for (String part : header.split(",")) {
            String[] pair = part.trim().split("=", 2);
            if (pair.length != 2) {
                return false;
            }
            if (pair[0].equals("t")) {
                timestamp = Long.parseLong(pair[1]);
            } else if (pair[0].equals("v1")) {
                signatures.add(pair[1]);
            }
        }
        if (timestamp == null || Math.abs(now.getEpochSecond() - timestamp) > TOLERANCE.toSeconds()) {
            return false;
        }
        byte[] expected = HexFormat.of().formatHex(hmac(secret, timestamp + "." + new String(body, StandardCharsets.UTF_8)))
                .getBytes(StandardCharsets.US_ASCII);
        boolean match = false;
        for (String signature : signatures) {
            match |= MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.US_ASCII));
        }
        return match;
    }

    static byte[] hmac(String secret, String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static long timestampOf(String header) {
        for (String part : header.split(",")) {
            if (part.startsWith("t=")) {
                return Long.parseLong(part.substring(2));
            }
        }
        throw new IllegalArgumentException("no t= in " + header);
    }

    static long signatureCount(String header) {
        return java.util.Arrays.stream(header.split(",")).filter(part -> part.startsWith("v1=")).count();
    }
}
