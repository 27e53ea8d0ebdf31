package dev.openirn.sandbox;

import java.util.Locale;

/**
 * Which of NIC's business rules the sandbox enforces. Independent of {@link SandboxProfile} (who may
 * log in) and of OpenIRN's own validation profiles, so a gateway mistake shows up as an IRP rejection.
 */
public enum SandboxRules {
    /**
     * NIC's rules, except that the tax head by place of supply (2172/2174), a request carrying its own
     * {@code Irn} and a document dated before the e-invoice system are answered as {@code InfoDtls}
     * warnings on a successful generate, and an unknown well-formed GSTIN is an active regular taxpayer.
     */
    LENIENT,
    /** As NIC's IRP: every rule above is a rejection and GSTINs must be in the taxpayer master. */
    NIC;

    /** {@code nic} or {@code lenient}, in any case. */
    public static SandboxRules fromName(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("Sandbox rules must be nic or lenient, not " + name);
        }
    }
}
