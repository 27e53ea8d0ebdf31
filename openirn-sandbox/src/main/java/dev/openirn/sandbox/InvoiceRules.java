package dev.openirn.sandbox;

import dev.openirn.nic.NicError;
import java.time.LocalDate;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/** NIC's business validations beyond the sandbox's own schema checks. */
@FunctionalInterface
interface InvoiceRules {

    InvoiceRules NONE = (invoice, today) -> List.of();

    /** Every violation of the canonical INV-01 JSON, in NIC's codes and words. */
    List<NicError> check(ObjectNode invoice, LocalDate today);
}
