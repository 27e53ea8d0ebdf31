package dev.openirn.client;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks the {@code OneFinOps-Signature} of a webhook delivery: {@code t=<unix seconds>,v1=<hex>[,v1=<hex>]}
 * where each {@code v1} is HMAC-SHA256(signing secret, {@code "<t>.<raw body>"}). A delivery is genuine when any
 * {@code v1} matches (two during a secret rotation), compared in constant time over the raw body bytes, and
 * {@code t} is within the tolerance of this machine's clock (default 5 minutes), which refuses replays.
 */
public final class Webhooks {

    public static final String SIGNATURE_HEADER = "OneFinOps-Signature";
    public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);

    private Webhooks() {
    }

    /** True when the header signs these exact body bytes with this secret ({@code whsec_…}) and is recent. */
    public static boolean verify(String signingSecret, String signatureHeader, byte[] rawBody) {
        return verify(signingSecret, signatureHeader, rawBody, DEFAULT_TOLERANCE, Clock.systemUTC());
    }

    public static boolean verify(String signingSecret, String signatureHeader, byte[] rawBody, Duration tolerance, Clock clock) {
        if (signingSecret == null || signatureHeader == null || rawBody == null) {
            return false;
        }
        Long timestamp = null;
        for (String part : signatureHeader.split(",")) {
            String[] pair = part.trim().split("=", 2);
            if (pair.length == 2 && pair[0].equals("t")) {
                try {
                    timestamp = Long.parseLong(pair[1]);
                } catch (NumberFormatException malformed) {
                    return false;
                }
            }
        }
        if (timestamp == null || Math.abs(clock.instant().getEpochSecond() - timestamp) > tolerance.toSeconds()) {
            return false;
        }
        byte[] expected = hmacHex(signingSecret, timestamp, rawBody).getBytes(StandardCharsets.US_ASCII);
        boolean matched = false;
        for (String part : signatureHeader.split(",")) {
            String[] pair = part.trim().split("=", 2);
            if (pair.length == 2 && pair[0].equals("v1")) {
                matched |= MessageDigest.isEqual(expected, pair[1].getBytes(StandardCharsets.US_ASCII));
            }
        }
        return matched;
    }

    /** The header the server would send for this body at this time (for tests of a receiver). */
    public static String sign(String signingSecret, long unixSeconds, byte[] rawBody) {
        return "t=" + unixSeconds + ",v1=" + hmacHex(signingSecret, unixSeconds, rawBody);
    }

    private static String hmacHex(String secret, long timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
            byte[] digest = mac.doFinal(body);
            StringBuilder hex = new StringBuilder(digest.length * 2);
            for (byte b : digest) {
                hex.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
            }
            return hex.toString();
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
