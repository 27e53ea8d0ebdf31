package dev.openirn.cli;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.Function;

/**
 * One document of an import: the {@code POST /v1/einvoices} body, where it came from in the file, and its
 * Idempotency-Key. The key is derived from the document alone (seller GSTIN, type, number and a hash of the
 * exact body), so every run of the same file sends the same key for it: a re-run after a crash is answered
 * from the first run and never registers it twice, while a corrected document gets a key of its own.
 *
 * @param rows      the rows it came from, e.g. {@code 2-4} or {@code 7}
 * @param locate    where a server-reported field (e.g. {@code lines[1].hsnCode}) sits in the file
 */
record InputDocument(int ordinal, int firstRow, String rows, String sellerGstin, String documentType, String invoiceNumber,
        byte[] body, Function<String, RowError> locate) {

    String label() {
        return sellerGstin + " " + documentType + " " + invoiceNumber;
    }

    String idempotencyKey() {
        String bodyHash = HexFormat.of().formatHex(sha256(body));
        String readable = "imp-" + sellerGstin + "-" + documentType + "-" + invoiceNumber + "-" + bodyHash.substring(0, 16);
        boolean printable = readable.length() <= 255 && readable.chars().allMatch(c -> c > 32 && c < 127);
        return printable ? readable : "imp-" + bodyHash;
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
