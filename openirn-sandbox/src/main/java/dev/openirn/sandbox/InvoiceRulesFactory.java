package dev.openirn.sandbox;

/** Picks NIC's business rules for generate; schema checks only until openirn-gst provides its validator. */
final class InvoiceRulesFactory {

    private InvoiceRulesFactory() {
    }

    static InvoiceRules create() {
        return InvoiceRules.NONE;
    }
}
