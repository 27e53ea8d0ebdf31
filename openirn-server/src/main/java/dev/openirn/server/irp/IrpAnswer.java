package dev.openirn.server.irp;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * What the IRP answered to one call, in OpenIRN's words. The variants stay distinct because what
 * happens next depends on them: a {@link Rejected} must never be resent unchanged, a
 * {@link NoAnswer} may have been committed on the IRP (ask before resending), a
 * {@link CredentialsRefused} is the tenant's stored password, not an outage.
 */
public sealed interface IrpAnswer {

    /**
     * The IRP holds the document as registered (a generate, or a lookup by IRN or document).
     * {@code document} reads the registered data out of the signed invoice, on demand.
     */
    record Registered(IrpRegistration registration, Supplier<RegisteredDocument> document) implements IrpAnswer {

        public RegisteredDocument registeredDocument() {
            return document.get();
        }
    }

    /** The IRP cancelled the IRN; {@code cancelledAt} is its own time, or null when it gave none we can read. */
    record Cancelled(Instant cancelledAt) implements IrpAnswer {
    }

    /** The IRP processed the request and said no. */
    record Rejected(List<IrpError> errors) implements IrpAnswer {

        public Rejected {
            errors = List.copyOf(errors);
        }

        public boolean hasCode(String code) {
            return errors.stream().anyMatch(error -> code.equals(error.code()));
        }

        public IrpError first() {
            return errors.isEmpty() ? new IrpError("", "Rejected") : errors.get(0);
        }

        /** The message of the first error with {@code code}; null when there is none. */
        public String messageOf(String code) {
            return errors.stream().filter(e -> code.equals(e.code())).map(IrpError::message).findFirst().orElse(null);
        }
    }

    /**
     * The IRP reported a fault of its own ("issue with application … please try again"): no verdict
     * on the document; retry later, asking first like after a timeout.
     */
    record SystemError(List<IrpError> errors) implements IrpAnswer {

        public SystemError {
            errors = List.copyOf(errors);
        }

        public IrpError first() {
            return errors.get(0);
        }
    }

    /** The IRP already holds a registration for this document, under {@code irn}; fetch it by IRN. */
    record Duplicate(String irn) implements IrpAnswer {
    }

    /** The IRP refused the API user's credentials: the stored login needs fixing. Never an outage. */
    record CredentialsRefused(List<IrpError> errors) implements IrpAnswer {

        public CredentialsRefused {
            errors = List.copyOf(errors);
        }

        public IrpError first() {
            return errors.isEmpty() ? new IrpError("", "Authentication failed") : errors.get(0);
        }
    }

    /** No usable answer; the IRP may still have committed the request, so its outcome is unknown. */
    record NoAnswer(Reason reason, String detail) implements IrpAnswer {

        public enum Reason {
            /** No response within the request timeout. */
            TIMEOUT,
            /** Could not connect, or the connection closed before a response. */
            CONNECTION,
            /** HTTP 5xx from the IRP or a gateway in front of it. */
            HTTP_5XX,
            /** An answer we could not decrypt with our session key. */
            UNDECRYPTABLE,
            /** Anything else that is not an IRP answer. */
            PROTOCOL
        }
    }

    /**
     * The IRP answered "registered" but its signature does not verify: the document may be registered
     * (do not resend), yet the signed data must not be stored as genuine.
     */
    record SignatureInvalid(String problem) implements IrpAnswer {
    }

    /** The IRP's registration of a taxpayer (Get GSTIN details). */
    record Taxpayer(IrpTaxpayer registration) implements IrpAnswer {
    }

    /** The fields of a registered document that tell ours from someone else's under the same number. */
    record RegisteredDocument(String sellerGstin, String buyerGstin, String documentType, String documentNumber,
            String documentDate, BigDecimal totalInvoiceValue) {
    }

    /** "code: message; code: message", as error messages quote the IRP. */
    static String describe(List<IrpError> errors) {
        return errors.stream().map(error -> error.code() + ": " + error.message()).collect(Collectors.joining("; "));
    }
}
