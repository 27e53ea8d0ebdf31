package dev.openirn.sandbox;

/** Who may log in. */
public enum SandboxProfile {
    /** Any well-formed GSTIN is a test taxpayer with the default API user, unless users were registered for it. */
    LENIENT,
    /** Only explicitly registered API users can log in. */
    STRICT
}
