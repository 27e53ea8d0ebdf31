package dev.openirn.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.Set;

/** The cheap status projection of an e-invoice ({@code GET /v1/einvoices/{id}/status}). */
@JsonIgnoreProperties(ignoreUnknown = true)
public final class EInvoiceStatus {
    private static final Set<String> TERMINAL = Set.of("generated", "cancelled", "failed_terminal", "not_applicable");

    private String id;
    private String status;
    private String irn;
    private String errorCode;
    private String errorMessage;
    private Integer retryCount;
    private String nextRetryAt;
    private String pendingAction;

    static boolean isTerminal(String status) {
        return TERMINAL.contains(status);
    }

    public String id() {
        return id;
    }

    public String status() {
        return status;
    }

    /** Terminal unless a cancel is still pending. */
    public boolean isTerminal() {
        return isTerminal(status) && pendingAction == null;
    }

    public String irn() {
        return irn;
    }

    public String errorCode() {
        return errorCode;
    }

    public String errorMessage() {
        return errorMessage;
    }

    public int retryCount() {
        return retryCount == null ? 0 : retryCount;
    }

    public Instant nextRetryAt() {
        return EInvoice.instant(nextRetryAt);
    }

    public String pendingAction() {
        return pendingAction;
    }

    @Override
    public String toString() {
        return id + " " + status + (errorCode == null ? "" : " " + errorCode + ": " + errorMessage);
    }
}
