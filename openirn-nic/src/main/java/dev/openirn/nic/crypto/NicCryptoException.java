package dev.openirn.nic.crypto;

/** A body or key that does not decrypt: for the caller, an undecryptable (transport-level) answer. */
public class NicCryptoException extends RuntimeException {

    public NicCryptoException(String message, Throwable cause) {
        super(message, cause);
    }
}
