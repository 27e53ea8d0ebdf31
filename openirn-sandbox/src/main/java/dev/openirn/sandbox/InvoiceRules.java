package dev.openirn.sandbox;

import dev.openirn.nic.NicError;
import java.time.LocalDate;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** NIC's business validations beyond the sandbox's own schema checks. */
@FunctionalInterface
interface InvoiceRules {

    /** What NIC rejects, and what the lenient mode lets through but reports in {@code InfoDtls}. */
    record Outcome(List<NicError> errors, List<NicError> warnings) {
    }

    /**
     * Every violation of the canonical INV-01 JSON, in NIC's codes and words; {@code request} is the
     * decrypted body as sent, for what canonicalization drops (an {@code Irn} of the caller's own).
     */
    Outcome check(JsonNode request, ObjectNode invoice, LocalDate today);
}
