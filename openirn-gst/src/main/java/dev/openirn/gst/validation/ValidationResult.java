package dev.openirn.gst.validation;

import java.util.List;

/** Every problem found at once: errors reject the invoice, warnings do not. */
public record ValidationResult(List<Violation> errors, List<Violation> warnings) {

    public ValidationResult {
        errors = List.copyOf(errors);
        warnings = List.copyOf(warnings);
    }

    public boolean isValid() {
        return errors.isEmpty();
    }
}
