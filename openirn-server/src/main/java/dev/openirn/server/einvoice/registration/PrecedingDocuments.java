package dev.openirn.server.einvoice.registration;

import dev.openirn.server.auth.Caller;
import dev.openirn.server.einvoice.EInvoice;
import dev.openirn.server.einvoice.EInvoiceStatus;
import dev.openirn.server.einvoice.EInvoices;
import dev.openirn.server.web.ApiException;
import dev.openirn.server.web.ErrorDetail;
import dev.openirn.server.web.RequestJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Lets a credit or debit note cite its original invoice by OpenIRN id:
 * {@code referenceDetails.precedingDocuments[i].einvoiceId}. The id is resolved within the
 * caller's tenant and environment to the original's {@code invoiceNumber} and
 * {@code invoiceDate}, which is what NIC's {@code RefDtls.PrecDocDtls} carries; the id itself is
 * not sent to the IRP. This is the only place the id is understood, so the OneFinOps request
 * model and the NIC mapping stay as they are.
 */
@Component
class PrecedingDocuments {

    static final String FIELD = "einvoiceId";

    private final EInvoices invoices;
    private final JsonMapper json;

    PrecedingDocuments(EInvoices invoices, JsonMapper json) {
        this.invoices = invoices;
        this.json = json;
    }

    /** The body with every {@code einvoiceId} replaced by number and date; the body itself when none is present. */
    public byte[] resolve(Caller caller, byte[] body, MediaType contentType) {
        if (body == null || body.length == 0 || (contentType != null && InvoiceIntake.NIC_JSON.getSubtype().equals(contentType.getSubtype()))
                || !RequestJson.mayHaveField(body, FIELD)) {
            return body; // nothing cites an e-invoice id: no need to parse the body here
        }
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (JacksonException notJson) {
            return body; // the intake reports malformed JSON in its own words
        }
        JsonNode preceding = root == null ? null : root.path("referenceDetails").path("precedingDocuments");
        if (preceding == null || !preceding.isArray()) {
            return body;
        }
        boolean changed = false;
        List<ErrorDetail> errors = new ArrayList<>();
        String noteSeller = root.path("seller").path("gstin").asString(null);
        for (int i = 0; i < preceding.size(); i++) {
            JsonNode element = preceding.get(i);
            if (!(element instanceof ObjectNode document) || !document.has(FIELD)) {
                continue;
            }
            String field = "referenceDetails.precedingDocuments[" + i + "]." + FIELD;
            JsonNode idNode = document.get(FIELD);
            if (!idNode.isString() || idNode.asString().isBlank()) {
                errors.add(ErrorDetail.of(field, "field.type", FIELD + " must be the id of an e-invoice (einv_…)."));
                continue;
            }
            String id = idNode.asString();
            Optional<EInvoice> found = invoices.find(caller.organizationId(), caller.environment().wireName(), id);
            if (found.isEmpty()) {
                errors.add(ErrorDetail.of(field, "document.preceding_einvoice_not_found",
                        "No e-invoice " + id + " exists in this organization and environment."));
                continue;
            }
            EInvoice original = found.get();
            if (original.status() != EInvoiceStatus.GENERATED) {
                errors.add(ErrorDetail.of(field, "document.preceding_einvoice_not_generated",
                        "E-invoice " + id + " is " + original.status().wireName() + "; a note can only cite a generated e-invoice."));
                continue;
            }
            if (noteSeller != null && !noteSeller.equalsIgnoreCase(original.sellerGstin())) {
                errors.add(ErrorDetail.of(field, "document.preceding_seller_mismatch",
                        "E-invoice " + id + " was issued by " + original.sellerGstin() + ", not by " + noteSeller + "."));
                continue;
            }
            String number = document.path("invoiceNumber").asString(null);
            if (number != null && !number.toUpperCase(Locale.ROOT).equals(original.invoiceNumber().toUpperCase(Locale.ROOT))) {
                errors.add(ErrorDetail.of(field, "document.preceding_mismatch", "invoiceNumber " + number
                        + " is not the number of e-invoice " + id + " (" + original.invoiceNumber() + ")."));
                continue;
            }
            String date = document.path("invoiceDate").asString(null);
            if (date != null && !date.equals(original.invoiceDate().toString())) {
                errors.add(ErrorDetail.of(field, "document.preceding_mismatch", "invoiceDate " + date
                        + " is not the date of e-invoice " + id + " (" + original.invoiceDate() + ")."));
                continue;
            }
            document.put("invoiceNumber", original.invoiceNumber());
            document.put("invoiceDate", original.invoiceDate().toString());
            document.remove(FIELD);
            changed = true;
        }
        if (!errors.isEmpty()) {
            throw ApiException.validation(errors.size() == 1 ? "The invoice breaks 1 rule; see details."
                    : "The invoice breaks " + errors.size() + " rules; see details.", errors);
        }
        return changed ? json.writeValueAsBytes(root) : body;
    }
}
