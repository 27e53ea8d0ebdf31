package dev.openirn.server.irp;

import java.time.Instant;
import java.util.List;

/**
 * What one call to the e-way bill system (or the IRP's e-way bill by IRN) came to, without NIC's client types.
 * The kinds stay apart because the caller's next step depends on them: {@code REFUSED} is a verdict and must not
 * be resent unchanged; {@code UNAVAILABLE} was not processed; {@code UNKNOWN} may have been done, so a generate is
 * read back by document before anything is sent again; {@code AUTH_FAILED} is the stored credential.
 *
 * @param validUntil null for a Part-A slip
 * @param status     the bill's status on a read ({@code ACT}, {@code CNL}, …); null otherwise
 */
public record EwbAnswer(Kind kind, long ewbNumber, Instant ewbDate, Instant validUntil, Integer distance,
                        String status, String rejectStatus, Instant at, List<Error> errors, String reason) {

    public enum Kind { OK, REFUSED, AUTH_FAILED, UNAVAILABLE, UNKNOWN }

    /** One of NIC's codes with its text. */
    public record Error(String code, String message) {
    }

    public EwbAnswer {
        errors = errors == null ? List.of() : List.copyOf(errors);
    }

    public boolean ok() {
        return kind == Kind.OK;
    }

    public boolean hasCode(String code) {
        return errors.stream().anyMatch(error -> code.equals(error.code()));
    }

    public String firstCode() {
        return errors.isEmpty() ? null : errors.get(0).code();
    }

    public String firstMessage() {
        return errors.isEmpty() ? reason : errors.get(0).message();
    }

    static EwbAnswer ok(long ewbNumber, Instant ewbDate, Instant validUntil, Integer distance, String status,
            String rejectStatus, Instant at) {
        return new EwbAnswer(Kind.OK, ewbNumber, ewbDate, validUntil, distance, status, rejectStatus, at, List.of(), null);
    }

    static EwbAnswer failed(Kind kind, List<Error> errors, String reason) {
        return new EwbAnswer(kind, 0, null, null, null, null, null, null, errors, reason);
    }
}
