package dev.openirn.nic;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds a {@link NicResult.Success} to the configured IRP signing certificate: a SignedInvoice or SignedQRCode
 * that does not verify turns it into {@link NicResult.SignatureInvalid}. Without a certificate nothing is checked.
 */
final class NicSignatureCheck {

    private static final Logger log = LoggerFactory.getLogger(NicSignatureCheck.class);

    /** Null when no signing certificate is configured. */
    private final SignedJwtVerifier verifier;

    NicSignatureCheck(NicClientConfig config) {
        this.verifier = config.signingCertificate() == null ? null : new SignedJwtVerifier(config.signingCertificate());
    }

    NicResult check(NicResult result) {
        if (verifier == null || !(result instanceof NicResult.Success success)) {
            return result;
        }
        for (String jws : new String[] {success.signedInvoice(), success.signedQrCode()}) {
            if (jws == null) {
                continue;
            }
            try {
                verifier.verify(jws);
            } catch (NicSignatureException e) {
                log.warn("NIC answer for IRN {} failed signature verification: {}", success.irn(), e.getMessage());
                return new NicResult.SignatureInvalid(success, e.getMessage());
            }
        }
        return result;
    }
}
