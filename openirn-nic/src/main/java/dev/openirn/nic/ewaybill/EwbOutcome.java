package dev.openirn.nic.ewaybill;

import dev.openirn.nic.NicError;
import java.util.List;
import java.util.Objects;

/**
 * What one e-way bill system call came to. The variants stay apart because the caller's next step depends on
 * them: a {@link Refused} must not be resent unchanged; an {@link Unavailable} was not processed and may be sent
 * again later; an {@link Unknown} may have been committed, so a generate must first be read back by document
 * ({@link EwbClient#getByDocument}); an {@link AuthFailed} is the stored credential, not an outage.
 */
public sealed interface EwbOutcome<T> {

    /** {@code status} 1, decrypted and read into {@code value}. */
    record Ok<T>(T value) implements EwbOutcome<T> {
        public Ok {
            Objects.requireNonNull(value, "value");
        }
    }

    /**
     * {@code status} 0: the system processed the request and said no, with NIC's codes (texts filled in from
     * {@link EwbErrors}). {@code info} is the decoded {@code info} text, e.g. the PIN-to-PIN distance on 702.
     */
    record Refused<T>(List<NicError> errors, String info) implements EwbOutcome<T> {
        public Refused {
            errors = List.copyOf(errors);
        }

        public boolean hasCode(String code) {
            return errors.stream().anyMatch(error -> code.equals(error.code()));
        }
    }

    /** The API user, client id or secret were refused, or a fresh token was refused again. */
    record AuthFailed<T>(List<NicError> errors) implements EwbOutcome<T> {
        public AuthFailed {
            errors = List.copyOf(errors);
        }
    }

    /** Not processed: could not connect, the GSP/NIC said it is down, or NIC asked to try later. */
    record Unavailable<T>(String reason) implements EwbOutcome<T> {
    }

    /** No usable answer after the request went out (timeout, dropped connection, garbled answer): it may have been done. */
    record Unknown<T>(String reason) implements EwbOutcome<T> {
    }

    /** The value of an {@link Ok}; throws for every other outcome (for callers that have already checked). */
    default T value() {
        if (this instanceof Ok<T> ok) {
            return ok.value();
        }
        throw new IllegalStateException("Not a success: " + this);
    }
}
