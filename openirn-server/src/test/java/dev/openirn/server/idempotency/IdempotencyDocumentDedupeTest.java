package dev.openirn.server.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openirn.sandbox.RunningIrpSandbox;
import dev.openirn.server.ApiClient;
import dev.openirn.server.ServerTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * The second layer under Idempotency-Key: the same business document, whatever key it comes with
 * (or none), is answered from the database and never reaches the IRP twice.
 */
class IdempotencyDocumentDedupeTest extends ServerTest {

    @Autowired
    RunningIrpSandbox sandbox;

    @Test
    void theSameDocumentUnderAnotherKeyOrNoneReturnsTheExistingEInvoiceWithoutASecondRegistration() {
        String body = ApiClient.quickstartWithNumber("IDEM-DOC-1");
        long registrationsBefore = sandbox.stats().registrations();
        long generateCallsBefore = sandbox.stats().generateCalls();

        ApiClient.Reply created = api.post("/v1/einvoices", body, "idem-doc-1-a");
        ApiClient.Reply otherKey = api.post("/v1/einvoices", body, "idem-doc-1-b");
        ApiClient.Reply noKey = api.post("/v1/einvoices", body, null);

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.json().get("id").asString();
        for (ApiClient.Reply reply : new ApiClient.Reply[] {otherKey, noKey}) {
            assertThat(reply.status()).as(reply.body()).isEqualTo(200);
            assertThat(reply.header(IdempotencyFilter.REPLAY_HEADER)).isNull();
            assertThat(reply.json().get("id").asString()).isEqualTo(id);
            assertThat(reply.json().get("irn").asString()).isEqualTo(created.json().get("irn").asString());
            assertThat(reply.json().get("status").asString()).isEqualTo("generated");
        }
        assertThat(sandbox.stats().registrations() - registrationsBefore).isEqualTo(1);
        assertThat(sandbox.stats().generateCalls() - generateCallsBefore).isEqualTo(1);
    }

    @Test
    void theSameDocumentWithDifferentDataIsADuplicateNamingTheExistingEInvoice() {
        ApiClient.Reply created = api.post("/v1/einvoices", ApiClient.quickstartWithNumber("IDEM-DOC-2"), "idem-doc-2-a");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.json().get("id").asString();
        long registrationsBefore = sandbox.stats().registrations();
        String changed = ApiClient.quickstartWithNumber("IDEM-DOC-2").replace("Globex Pvt Ltd", "Globex Private Limited");

        for (String key : new String[] {"idem-doc-2-b", null}) {
            ApiClient.Reply reply = api.post("/v1/einvoices", changed, key);

            assertThat(reply.status()).as(reply.body()).isEqualTo(409);
            JsonNode error = reply.json();
            assertThat(error.get("object").asString()).isEqualTo("error");
            assertThat(error.get("code").asString()).isEqualTo("einvoice.duplicate");
            assertThat(error.get("details").toString()).contains(id);
            assertThat(error.get("details").findValuesAsString("message")).contains(id);
        }
        assertThat(sandbox.stats().registrations()).isEqualTo(registrationsBefore);
        ApiClient.Reply stored = api.get("/v1/einvoices/" + id);
        assertThat(stored.body()).doesNotContain("Globex Private Limited");
    }
}
