package dev.openirn.server.einvoice.registration;

import dev.openirn.gst.nic.NicInvoice;
import dev.openirn.gst.nic.NicJson;
import dev.openirn.server.einvoice.EInvoice;
import dev.openirn.server.einvoice.Transition.Failure;
import dev.openirn.server.irp.IrpAnswer;
import dev.openirn.server.irp.IrpError;
import dev.openirn.server.irp.IrpRegistration;
import java.util.Locale;
import java.util.Objects;

/**
 * What an IRP answer means for a document waiting to be registered. Pure: {@link #ofGenerate} and
 * {@link #ofLookup} only read the answer (and our document), so every answer can be tested without
 * an IRP that produces it; {@link RegistrationAttempts} records the decision.
 */
sealed interface RegistrationDecision {

    /** The IRP holds our document registered: store what it issued. {@code adopted}: found, not just generated. */
    record Generated(IrpRegistration registration, boolean adopted) implements RegistrationDecision {
    }

    /** Final: the document will not be registered as it is. {@code credentialsRefused}: the stored API user is wrong. */
    record FailedTerminal(Failure failure, boolean credentialsRefused) implements RegistrationDecision {
    }

    /** No verdict; the IRP may have registered it: try again later, asking the IRP first. */
    record RetryLater(Failure failure) implements RegistrationDecision {
    }

    /** The IRP says the document is registered already under {@code irn}: ask for that registration. */
    record AskIrp(String irn) implements RegistrationDecision {
    }

    /** A lookup found nothing registered under the IRN. */
    record NotRegistered() implements RegistrationDecision {
    }

    /** A lookup got no answer: nothing is known. */
    record Unanswered() implements RegistrationDecision {
    }

    /** What the answer to a generate means. */
    static RegistrationDecision ofGenerate(IrpAnswer answer, String sellerGstin) {
        if (answer instanceof IrpAnswer.Registered registered) {
            return new Generated(registered.registration(), false);
        }
        if (answer instanceof IrpAnswer.Duplicate duplicate) {
            return new AskIrp(duplicate.irn());
        }
        if (answer instanceof IrpAnswer.SystemError error) {
            return new RetryLater(new Failure("irp.unavailable",
                    "The IRP reported a system error (" + IrpAnswer.describe(error.errors()) + "); will retry.",
                    error.first().code(), error.first().message()));
        }
        if (answer instanceof IrpAnswer.Rejected rejected) {
            IrpError first = rejected.first();
            return new FailedTerminal(new Failure("irp.rejected", IrpAnswer.describe(rejected.errors()), first.code(),
                    first.message()), false);
        }
        if (answer instanceof IrpAnswer.CredentialsRefused refused) {
            IrpError first = refused.first();
            return new FailedTerminal(new Failure("irp_credentials.invalid",
                    "The IRP refused the API user's credentials for GSTIN " + sellerGstin + ".", first.code(),
                    first.message()), true);
        }
        if (answer instanceof IrpAnswer.NoAnswer none) {
            return new RetryLater(Failure.of(none.reason() == IrpAnswer.NoAnswer.Reason.TIMEOUT ? "irp.timeout" : "irp.unavailable",
                    "The IRP did not answer (" + none.reason().name().toLowerCase(Locale.ROOT) + "); will retry."));
        }
        if (answer instanceof IrpAnswer.SignatureInvalid invalid) {
            return new RetryLater(Failure.of("irp.signature_invalid",
                    "The IRP's signed invoice does not verify: " + invalid.problem()));
        }
        return new RetryLater(Failure.of("irp.unexpected", "Unexpected answer from the IRP; will retry."));
    }

    /** What the answer to "is this IRN registered?" means for {@code ours}. */
    static RegistrationDecision ofLookup(IrpAnswer answer, EInvoice ours) {
        if (answer instanceof IrpAnswer.Registered registered) {
            String mismatch = mismatch(ours, registered.registeredDocument());
            if (mismatch == null) {
                return new Generated(registered.registration(), true);
            }
            // Only field names: the registered values may be another taxpayer's (e.g. another tenant's) data.
            return new FailedTerminal(new Failure("einvoice.duplicate_mismatch",
                    "The IRP holds a document with different data under this document number; differing fields: "
                            + mismatch + ".", "2150", "Duplicate IRN"), false);
        }
        if (answer instanceof IrpAnswer.Rejected) {
            return new NotRegistered();
        }
        if (answer instanceof IrpAnswer.CredentialsRefused) {
            return ofGenerate(answer, ours.sellerGstin());
        }
        return new Unanswered();
    }

    /** Null when the registered document is ours; otherwise the names of the fields that differ. */
    private static String mismatch(EInvoice invoice, IrpAnswer.RegisteredDocument registered) {
        NicInvoice ours = NicJson.mapper().readValue(invoice.nicPayload(), NicInvoice.class);
        StringBuilder differences = new StringBuilder();
        compare(differences, "sellerGstin", ours.seller().gstin(), registered.sellerGstin());
        compare(differences, "buyerGstin", ours.buyer() == null ? null : ours.buyer().gstin(), registered.buyerGstin());
        compare(differences, "documentType", ours.document().type(), registered.documentType());
        compare(differences, "invoiceNumber", upper(ours.document().number()), upper(registered.documentNumber()));
        compare(differences, "invoiceDate", ours.document().date(), registered.documentDate());
        if (registered.totalInvoiceValue() == null
                || ours.values().totalInvoiceValue().compareTo(registered.totalInvoiceValue()) != 0) {
            append(differences, "totalInvoiceValue");
        }
        return differences.isEmpty() ? null : differences.toString();
    }

    private static void compare(StringBuilder differences, String field, String ours, String theirs) {
        if (!Objects.equals(ours, theirs)) {
            append(differences, field);
        }
    }

    private static void append(StringBuilder differences, String field) {
        if (!differences.isEmpty()) {
            differences.append(", ");
        }
        differences.append(field);
    }

    private static String upper(String value) {
        return value == null ? null : value.toUpperCase(Locale.ROOT);
    }
}
