package dev.openirn.server.support;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The {@code einvoice} JSON with its two signed payloads (several KB of JWS) left out, and put back as
 * the stored bytes: a read copies them from the row instead of decoding and re-escaping them, and a
 * stored answer refers to the row instead of repeating them. A JWS is base64url and dots, which JSON
 * writes as they are; a value with any other byte is never spliced (the caller renders it instead).
 *
 * <p>A view renders {@code "signedQrCode"} and then {@code "signedInvoice"}, next to each other; the gap
 * is where the two values go, found by the structural (unescaped) field name, which no string value can contain
 * (and a view has no caller-chosen keys).
 */
public final class SignedPayloadSplice {

    private static final byte[] QR_FIELD = ascii("\"signedQrCode\":");
    private static final byte[] INVOICE_FIELD = ascii(",\"signedInvoice\":");
    private static final byte[] NULL = ascii("null");
    private static final byte[] BOTH_NULL = concat(QR_FIELD, NULL, INVOICE_FIELD, NULL);

    /** JSON without the two values, and where they go: right after {@code "signedQrCode":}. */
    public record Gap(byte[] json, int at) {
    }

    /** An e-invoice row's signed payloads, which JSON showing them may refer to instead of repeating them. */
    public record OfRow(String einvoiceId, byte[] signedQrCode, byte[] signedInvoice) {

        /** Both are stored: there is something to refer to. */
        public boolean present() {
            return signedQrCode != null && signedInvoice != null;
        }
    }

    private SignedPayloadSplice() {
    }

    /** The gap of a view rendered with both payloads null; null if it has none. */
    public static Gap ofNulls(byte[] renderedWithNulls) {
        int start = indexOf(renderedWithNulls, BOTH_NULL, 0);
        if (start < 0) {
            return null;
        }
        int at = start + QR_FIELD.length;
        byte[] json = concat(Arrays.copyOfRange(renderedWithNulls, 0, at),
                Arrays.copyOfRange(renderedWithNulls, start + BOTH_NULL.length, renderedWithNulls.length));
        return new Gap(json, at);
    }

    /**
     * The gap of a view that shows exactly these payloads, such that {@link #fill} gives {@code rendered}
     * back byte for byte; null when that cannot be guaranteed (then keep the whole JSON).
     */
    public static Gap cut(byte[] rendered, byte[] signedQrCode, byte[] signedInvoice) {
        byte[] values = values(signedQrCode, signedInvoice);
        if (values == null) {
            return null;
        }
        int start = indexOf(rendered, QR_FIELD, 0);
        int at = start + QR_FIELD.length;
        if (start < 0 || !matchesAt(rendered, values, at)) {
            return null;
        }
        Gap gap = new Gap(concat(Arrays.copyOfRange(rendered, 0, at),
                Arrays.copyOfRange(rendered, at + values.length, rendered.length)), at);
        return Arrays.equals(fill(gap, signedQrCode, signedInvoice), rendered) ? gap : null;
    }

    /** The JSON with these payloads (null shows as JSON null) in the gap; null if a value cannot be written as it is. */
    public static byte[] fill(Gap gap, byte[] signedQrCode, byte[] signedInvoice) {
        byte[] values = values(signedQrCode, signedInvoice);
        if (values == null) {
            return null;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(gap.json().length + values.length);
        out.write(gap.json(), 0, gap.at());
        out.writeBytes(values);
        out.write(gap.json(), gap.at(), gap.json().length - gap.at());
        return out.toByteArray();
    }

    /** {@code <qr>,"signedInvoice":<invoice>}, the values as JSON strings or null. */
    private static byte[] values(byte[] signedQrCode, byte[] signedInvoice) {
        byte[] qr = jsonString(signedQrCode);
        byte[] invoice = jsonString(signedInvoice);
        return qr == null || invoice == null ? null : concat(qr, INVOICE_FIELD, invoice);
    }

    /** The value as JSON writes it, if that is its own bytes in quotes; null otherwise. */
    private static byte[] jsonString(byte[] value) {
        if (value == null) {
            return NULL;
        }
        for (byte b : value) {
            if (b < 0x20 || b > 0x7e || b == '"' || b == '\\') {
                return null;
            }
        }
        byte[] quoted = new byte[value.length + 2];
        quoted[0] = '"';
        System.arraycopy(value, 0, quoted, 1, value.length);
        quoted[quoted.length - 1] = '"';
        return quoted;
    }

    private static boolean matchesAt(byte[] haystack, byte[] needle, int at) {
        return at + needle.length <= haystack.length
                && Arrays.equals(haystack, at, at + needle.length, needle, 0, needle.length);
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = Math.max(0, from); i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] out = new byte[length];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, out, at, part.length);
            at += part.length;
        }
        return out;
    }
}
