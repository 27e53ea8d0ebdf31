package dev.openirn.nic;

import dev.openirn.gst.nic.NicTimestamps;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * What one NIC call came to. The variants stay distinct because the caller's retry logic depends on them:
 * a {@link Rejected} must never be resent, a {@link TransportFailure} may have been committed on the IRP
 * (ask before resending), an {@link AuthFailed} is the tenant's stored password, not an IRP outage.
 */
public sealed interface NicResult {

    /** {@code Status} 1: the decrypted {@code Data} and any {@code InfoDtls} (e.g. EWBERR on a generated IRN). */
    record Success(JsonNode data, List<InfoDetail> info) implements NicResult {

        public Success {
            Objects.requireNonNull(data, "data");
            info = List.copyOf(info);
        }

        public String irn() {
            return text("Irn");
        }

        /** {@code AckNo} as a long (a 15-digit JSON number); 0 when absent, e.g. in a cancel answer. */
        public long ackNo() {
            JsonNode node = data.path("AckNo");
            if (node.isNumber()) {
                return node.longValue();
            }
            String text = text("AckNo");
            return text == null || text.isBlank() ? 0L : Long.parseLong(text.trim());
        }

        /**
         * {@code AckDt}, IST {@code yyyy-MM-dd HH:mm:ss}; see {@link NicTimestamps}. The answer's own
         * {@code AckDt} may show only the minute ({@code 09:12:00}); the signed invoice carries the
         * seconds, so its {@code AckDt} is taken when it names the same minute.
         */
        public String ackDate() {
            String answered = text("AckDt");
            String signed = signedAckDate();
            if (signed == null || answered == null) {
                return answered;
            }
            try {
                Instant signedAt = NicTimestamps.parse(signed);
                Instant answeredAt = NicTimestamps.parse(answered);
                return signedAt.truncatedTo(ChronoUnit.MINUTES).equals(answeredAt.truncatedTo(ChronoUnit.MINUTES))
                        ? signed.trim() : answered;
            } catch (DateTimeParseException unparseable) {
                return answered;
            }
        }

        /** {@code AckDt} inside the signed invoice's {@code data} claim, or null when there is none to read. */
        private String signedAckDate() {
            String jws = signedInvoice();
            if (jws == null || jws.isBlank()) {
                return null;
            }
            try {
                JsonNode ackDt = SignedJwtVerifier.decodeData(jws).path("AckDt");
                return ackDt.isString() ? ackDt.asString() : null;
            } catch (NicSignatureException unreadable) {
                return null;
            }
        }

        public String signedInvoice() {
            return text("SignedInvoice");
        }

        public String signedQrCode() {
            return text("SignedQRCode");
        }

        /** The e-invoice status {@code ACT} or {@code CNL} (not the envelope status). */
        public String status() {
            return text("Status");
        }

        public String cancelDate() {
            return text("CancelDate");
        }

        private String text(String field) {
            JsonNode node = data.path(field);
            return node.isNull() || node.isMissingNode() ? null : node.asString();
        }
    }

    /** {@code Status} 0 with business errors: the IRP processed the request and said no. Do not resend unchanged. */
    record Rejected(List<NicError> errors, List<InfoDetail> info) implements NicResult {

        public Rejected {
            errors = List.copyOf(errors);
            info = List.copyOf(info);
        }

        public boolean hasCode(String code) {
            return errors.stream().anyMatch(error -> code.equals(error.code()));
        }

        /**
         * NIC's own application errors (5001, 5002, SYS_5001: "issue with application … Please try again").
         * Not a verdict on the document: the caller may retry later, reconciling first like after a timeout.
         */
        public boolean isIrpSystemError() {
            return errors.stream().anyMatch(error -> error.code() != null && IRP_SYSTEM_ERRORS.contains(error.code()));
        }

        private static final Set<String> IRP_SYSTEM_ERRORS = Set.of("5001", "5002", "SYS_5001");
    }

    /** 2150 "Duplicate IRN" with the existing registration from {@code InfoDtls} DUPIRN; fetch it by IRN. */
    record Duplicate(List<NicError> errors, String irn, long ackNo, String ackDate) implements NicResult {

        public Duplicate {
            errors = List.copyOf(errors);
        }
    }

    /**
     * The IRP refused the API user's credentials (1008, 1017, 1019, …) or kept refusing a fresh token:
     * the stored IRP user/password/client id needs fixing. Never an outage.
     */
    record AuthFailed(List<NicError> errors) implements NicResult {

        public AuthFailed {
            errors = List.copyOf(errors);
        }
    }

    /**
     * The IRP gave no usable NIC answer. The request may still have been committed (except where noted),
     * so a generate must be reconciled (get by IRN / document) before it is resent.
     */
    record TransportFailure(Kind kind, String detail) implements NicResult {

        public enum Kind {
            /** No response within the request timeout. */
            TIMEOUT,
            /** Could not connect, or the connection was reset/closed before a response arrived. */
            CONNECTION,
            /** HTTP 5xx from the IRP or a gateway in front of it. */
            HTTP_5XX,
            /** A success envelope whose {@code Data} does not decrypt with our session key. */
            UNDECRYPTABLE,
            /** Anything else that is not a NIC envelope: unexpected HTTP status, malformed JSON, missing fields. */
            PROTOCOL
        }

        public TransportFailure {
            Objects.requireNonNull(kind, "kind");
        }
    }

    /**
     * {@code Status} 1, but {@code SignedInvoice}/{@code SignedQRCode} do not verify against the configured IRP
     * signing certificate (or {@code kid} names another certificate). Deliberately not a {@link Success}: the
     * document may really be registered (so do not resend a generate; it would answer 2150), yet the signed
     * data must not be stored or printed as genuine. Typical causes: a rotated NIC certificate not yet
     * configured, or a man in the middle. The unverified answer is kept for diagnosis and reconciliation.
     */
    record SignatureInvalid(Success unverified, String problem) implements NicResult {

        public SignatureInvalid {
            Objects.requireNonNull(unverified, "unverified");
        }
    }
}
