package dev.openirn.nic;

import dev.openirn.gst.nic.NicJson;
import dev.openirn.nic.crypto.NicCrypto;
import dev.openirn.nic.crypto.NicCryptoException;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/** What an IRP answer means: NIC envelopes and their error codes read into {@link NicResult}s. */
final class NicResponses {

    /** The token in the headers is no longer good (expired, or bound to another GSTIN/user): log in again. */
    static final Set<String> TOKEN_REJECTED = Set.of(NicError.INVALID_TOKEN.code(), NicError.INVALID_GSTIN_FOR_USER.code());

    /** Codes by which the IRP refuses the API user, client id or their encryption rather than the request. */
    static final Set<String> CREDENTIALS_REFUSED = Set.of(
            "1004", "1005", "1006", "1007", "1008", "1010", "1011", "1012", "1013", "1014", "1015", "1016",
            "1017", "1018", "1019", "1020");

    static final String DUPLICATE_IRN = NicError.DUPLICATE_IRN.code();
    static final String DUPLICATE_INFO = "DUPIRN";

    private NicResponses() {
    }

    /** Reads a non-auth answer; token errors come back as {@link NicResult.Rejected} for the caller to retry. */
    static NicResult interpret(HttpResponse<String> response, byte[] sek) {
        NicEnvelope envelope = envelopeOrNull(response);
        if (envelope == null) {
            return notAnEnvelope(response);
        }
        if (envelope.succeeded()) {
            if (!envelope.hasData() || !envelope.data().isString()) {
                return new NicResult.TransportFailure(NicResult.TransportFailure.Kind.PROTOCOL,
                        "Status 1 without an encrypted Data string");
            }
            JsonNode data;
            try {
                data = NicJson.parse(NicCrypto.decryptJson(sek, envelope.data().stringValue()));
            } catch (NicCryptoException | JacksonException e) {
                return new NicResult.TransportFailure(NicResult.TransportFailure.Kind.UNDECRYPTABLE,
                        "Data does not decrypt to JSON with the session key");
            }
            return new NicResult.Success(data, envelope.info());
        }
        return failure(envelope, false);
    }

    static boolean isTokenRejected(NicResult result) {
        return result instanceof NicResult.Rejected rejected
                && anyCodeIn(rejected.errors(), TOKEN_REJECTED);
    }

    /**
     * A {@code Status} 0 envelope as a result. On the auth call any 1xxx code means the API user, client id or
     * its encryption was refused; on other calls only the credential codes do (token codes are retried first).
     */
    static NicResult failure(NicEnvelope envelope, boolean fromAuth) {
        List<NicError> errors = envelope.errors();
        if (errors.isEmpty()) {
            return new NicResult.TransportFailure(NicResult.TransportFailure.Kind.PROTOCOL,
                    "Status " + (envelope.status().isPresent() ? envelope.status().getAsInt() : "missing")
                            + " without ErrorDetails");
        }
        if (fromAuth && errors.stream().anyMatch(error -> error.code() != null && error.code().startsWith("1"))) {
            return new NicResult.AuthFailed(errors);
        }
        boolean duplicate = errors.stream().anyMatch(error -> DUPLICATE_IRN.equals(error.code()));
        if (duplicate) {
            for (InfoDetail info : envelope.info()) {
                if (DUPLICATE_INFO.equalsIgnoreCase(info.code()) && NicEnvelope.text(info.desc(), "Irn") != null) {
                    JsonNode desc = info.desc();
                    JsonNode ackNo = NicEnvelope.field(desc, "AckNo");
                    long ackNumber = ackNo == null ? 0L
                            : ackNo.isNumber() ? ackNo.longValue() : parseLongOrZero(ackNo.asString());
                    return new NicResult.Duplicate(errors, NicEnvelope.text(desc, "Irn"), ackNumber,
                            NicEnvelope.text(desc, "AckDt"));
                }
            }
        }
        boolean tokenRejected = anyCodeIn(errors, TOKEN_REJECTED);
        if (!tokenRejected && anyCodeIn(errors, CREDENTIALS_REFUSED)) {
            return new NicResult.AuthFailed(errors);
        }
        return new NicResult.Rejected(errors, envelope.info());
    }

    /** The answer's NIC envelope, or null when it has none (5xx, not JSON, neither status nor errors). */
    static NicEnvelope envelopeOrNull(HttpResponse<String> response) {
        if (response.statusCode() >= 500) {
            return null;
        }
        try {
            NicEnvelope envelope = NicEnvelope.parse(response.body());
            return envelope.status().isPresent() || !envelope.errors().isEmpty() ? envelope : null;
        } catch (NicEnvelope.NotAnEnvelope e) {
            return null;
        }
    }

    static NicResult notAnEnvelope(HttpResponse<String> response) {
        int status = response.statusCode();
        if (status >= 500) {
            return new NicResult.TransportFailure(NicResult.TransportFailure.Kind.HTTP_5XX, "HTTP " + status);
        }
        return new NicResult.TransportFailure(NicResult.TransportFailure.Kind.PROTOCOL,
                "HTTP " + status + " without a NIC envelope");
    }

    /** The first error, for a one-line account of a refusal. */
    static NicError first(List<NicError> errors) {
        return errors.isEmpty() ? new NicError(null, "refused without ErrorDetails") : errors.get(0);
    }

    private static boolean anyCodeIn(List<NicError> errors, Set<String> codes) {
        return errors.stream().anyMatch(error -> error.code() != null && codes.contains(error.code()));
    }

    private static long parseLongOrZero(String text) {
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            return 0L;
        }
    }
}
