package dev.openirn.sandbox;

import dev.openirn.gst.nic.NicInvoice;
import dev.openirn.gst.nic.NicJson;
import dev.openirn.gst.validation.InvoiceValidator;
import dev.openirn.gst.validation.ValidationProfile;
import dev.openirn.gst.validation.ValidationResult;
import dev.openirn.gst.validation.Violation;
import dev.openirn.nic.NicError;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;

/** NIC's business rules for generate, from openirn-gst's {@link InvoiceValidator}. */
final class InvoiceRulesFactory {

    private InvoiceRulesFactory() {
    }

    /**
     * The lenient sandbox profile uses the validator's lenient profile: NIC's own sandbox accepts
     * GSTINs whose check character is wrong (shared/nic/gstin_checksum_vectors.json).
     */
    static InvoiceRules create(Clock clock, SandboxProfile profile) {
        InvoiceValidator validator = new InvoiceValidator(clock);
        ValidationProfile validationProfile = profile == SandboxProfile.STRICT ? ValidationProfile.STRICT : ValidationProfile.LENIENT;
        return (invoice, today) -> {
            NicInvoice typed;
            try {
                typed = NicJson.mapper().treeToValue(invoice, NicInvoice.class);
            } catch (JacksonException e) {
                return List.of(NicError.schema("The request is not a valid INV-01 v1.1 document: " + e.getOriginalMessage()));
            }
            ValidationResult result = validator.validate(typed, validationProfile);
            List<NicError> errors = new ArrayList<>();
            for (Violation violation : result.errors()) {
                // Rules NIC has no own code for are schema rules, which NIC reports as 5002.
                errors.add(violation.nicCode() == null ? NicError.schema(violation.message()) : new NicError(violation.nicCode(), violation.message()));
            }
            return errors;
        };
    }
}
