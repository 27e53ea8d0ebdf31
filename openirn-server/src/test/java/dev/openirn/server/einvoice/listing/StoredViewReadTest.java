package dev.openirn.server.einvoice.listing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openirn.server.ApiClient;
import dev.openirn.server.ServerTest;
import dev.openirn.server.einvoice.EInvoice;
import dev.openirn.server.einvoice.EInvoiceViews;
import dev.openirn.server.einvoice.EInvoices;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /v1/einvoices/{id}} and its status read the row in one statement without the columns
 * they do not show; what they answer must stay exactly what rendering the whole row gives.
 */
class StoredViewReadTest extends ServerTest {

    @Autowired
    EInvoices invoices;

    @Autowired
    EInvoiceViews views;

    @Autowired
    JsonMapper json;

    @Test
    void theLeanReadsAnswerExactlyTheViewsOfTheWholeRow() {
        ApiClient.Reply created = api.post("/v1/einvoices", ApiClient.quickstartWithNumber("LEAN-READ-1"), "lean-read-1");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.json().get("id").asString();
        EInvoice whole = invoices.get(id).orElseThrow();
        assertThat(whole.nicPayload()).isNotBlank();
        assertThat(whole.signedInvoice()).isNotBlank();

        ApiClient.Reply view = api.get("/v1/einvoices/" + id);
        ApiClient.Reply status = api.get("/v1/einvoices/" + id + "/status");

        assertThat(view.status()).isEqualTo(200);
        assertThat(view.body()).isEqualTo(json.writeValueAsString(views.view(whole)));
        assertThat(view.json().get("signedInvoice").asString()).isEqualTo(whole.signedInvoice());
        assertThat(status.status()).isEqualTo(200);
        assertThat(status.body()).isEqualTo(json.writeValueAsString(views.status(whole)));
        // The answer of the generate itself, stored with the outcome, is that same view.
        assertThat(created.body()).isEqualTo(view.body());
        // Another tenant's or a missing id is still a 404.
        assertThat(api.get("/v1/einvoices/einv_01ARZ3NDEKTSV4RRFFQ69G5FAV").status()).isEqualTo(404);
    }
}
