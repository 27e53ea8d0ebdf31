package dev.openirn.nic;

/** A SignedInvoice / SignedQRCode that is malformed or whose signature does not verify. The message says why. */
public class NicSignatureException extends RuntimeException {

    public NicSignatureException(String message) {
        super(message);
    }

    public NicSignatureException(String message, Throwable cause) {
        super(message, cause);
    }
}
