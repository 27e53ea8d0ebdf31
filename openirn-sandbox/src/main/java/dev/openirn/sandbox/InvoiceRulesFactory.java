package dev.openirn.sandbox;

import dev.openirn.gst.master.HsnMaster;
import dev.openirn.gst.nic.NicInvoice;
import dev.openirn.gst.nic.NicJson;
import dev.openirn.gst.validation.InvoiceValidator;
import dev.openirn.gst.validation.ValidationProfile;
import dev.openirn.gst.validation.ValidationResult;
import dev.openirn.gst.validation.Violation;
import dev.openirn.nic.NicError;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * NIC's business rules for generate: the arithmetic and schema rules from openirn-gst's {@link InvoiceValidator},
 * and the master rules (taxpayers, HSN/SAC) the IRP alone can apply. The validator always runs in its lenient
 * profile and the sandbox then decides each relaxed rule by NIC's rule and its own {@link SandboxRules}, so the
 * sandbox never inherits a decision of OpenIRN's gateway profiles.
 */
final class InvoiceRulesFactory {

    /** The day NIC's e-invoice system went live; earlier documents are refused. */
    static final LocalDate E_INVOICE_START = LocalDate.of(2020, 10, 1);

    private static final Set<String> TAX_HEAD_RULES = Set.of("tax.igst_on_intra_state", "tax.cgst_sgst_on_inter_state");
    private static final String URP = "URP";

    private InvoiceRulesFactory() {
    }

    static InvoiceRules create(Clock clock, SandboxRules mode, SandboxTaxpayers taxpayers, HsnMaster hsnMaster) {
        // Unknown HSN codes come back as warnings and are rejected below, in both modes, as NIC's sandbox does.
        InvoiceValidator validator = new InvoiceValidator(clock).withHsnMaster(hsnMaster, false);
        boolean nic = mode == SandboxRules.NIC;
        return (request, invoice, today) -> {
            List<NicError> errors = new ArrayList<>();
            List<NicError> warnings = new ArrayList<>();
            NicInvoice typed;
            try {
                typed = NicJson.mapper().treeToValue(invoice, NicInvoice.class);
            } catch (JacksonException e) {
                errors.add(NicError.schema("The request is not a valid INV-01 v1.1 document: " + e.getOriginalMessage()));
                return new InvoiceRules.Outcome(errors, warnings);
            }
            ValidationResult result = validator.validate(typed, ValidationProfile.LENIENT);
            for (Violation violation : result.errors()) {
                errors.add(nicError(violation));
            }
            for (Violation violation : result.warnings()) {
                if (violation.code().equals("hsn.not_in_master")) {
                    errors.add(nicError(violation));
                } else if (TAX_HEAD_RULES.contains(violation.code())) {
                    (nic ? errors : warnings).add(nicError(violation));
                } else if (!nic) {
                    // The GSTIN check character: the IRP looks GSTINs up in its master instead (below).
                    warnings.add(nicError(violation));
                }
            }
            if (SandboxRequest.field(request, "Irn") != null && !SandboxRequest.field(request, "Irn").isNull()) {
                (nic ? errors : warnings).add(NicError.schema("Irn must not be passed: the IRP computes the IRN"));
            }
            LocalDate docDate = SchemaCheck.parseDate(text(invoice.path("DocDtls").path("Dt")));
            if (docDate != null && docDate.isBefore(E_INVOICE_START)) {
                (nic ? errors : warnings).add(new NicError("2284",
                        "Document date cannot be earlier than 01/10/2020, the start of e-invoicing"));
            }
            checkParties(invoice, taxpayers, errors);
            return new InvoiceRules.Outcome(errors, warnings);
        };
    }

    /** 3028/3029 for seller, buyer and ship-to, and the SEZ rules by the taxpayer type in the master. */
    private static void checkParties(ObjectNode invoice, SandboxTaxpayers taxpayers, List<NicError> errors) {
        String seller = gstin(invoice.path("SellerDtls"));
        String buyer = gstin(invoice.path("BuyerDtls"));
        String shipTo = gstin(invoice.path("ShipDtls"));
        String supplyType = text(invoice.path("TranDtls").path("SupTyp"));
        supplyType = supplyType == null ? "" : supplyType.toUpperCase(Locale.ROOT);
        if (seller != null) {
            taxpayers.problem(seller).ifPresent(errors::add);
            if (taxpayers.registered(seller).filter(SandboxTaxpayers.Taxpayer::sez).isPresent()) {
                errors.add(new NicError("2231", "Cannot generate e-Invoice as the supplier GSTIN - " + seller + " is SEZ"));
            }
        }
        if (buyer != null) {
            taxpayers.problem(buyer).ifPresent(errors::add);
            var registered = taxpayers.registered(buyer);
            boolean buyerSez = registered.filter(SandboxTaxpayers.Taxpayer::sez).isPresent();
            if (supplyType.equals("B2B") && buyerSez) {
                errors.add(new NicError("2246", "Recipient cannot be SEZ for - B2B transaction"));
            } else if (supplyType.startsWith("SEZ") && registered.isPresent() && !buyerSez) {
                errors.add(new NicError("2247", "Recipient should be SEZ for transaction " + supplyType));
            }
        }
        if (shipTo != null && !shipTo.equals(buyer)) {
            taxpayers.problem(shipTo).ifPresent(errors::add);
        }
    }

    /** A party's GSTIN when well-formed enough to look up; null for absent, URP or malformed ones (schema rules say so). */
    private static String gstin(JsonNode party) {
        String gstin = text(party.path("Gstin"));
        if (gstin == null || gstin.equalsIgnoreCase(URP) || !dev.openirn.gst.Gstin.hasValidFormat(gstin.toUpperCase(Locale.ROOT))) {
            return null;
        }
        return gstin.toUpperCase(Locale.ROOT);
    }

    private static String text(JsonNode node) {
        return node != null && node.isString() ? node.asString() : null;
    }

    private static NicError nicError(Violation violation) {
        // Rules NIC has no own code for are schema rules, which NIC reports as 5002.
        return violation.nicCode() == null ? NicError.schema(violation.message()) : new NicError(violation.nicCode(), violation.message());
    }
}
