package dev.openirn.nic;

/** One entry of NIC's {@code ErrorDetails}: {@code ErrorCode} (a string such as "2150") and {@code ErrorMessage}. */
public record NicError(String code, String message) {

    @Override
    public String toString() {
        return code + ": " + message;
    }
}
