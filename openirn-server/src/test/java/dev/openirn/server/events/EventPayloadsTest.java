package dev.openirn.server.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openirn.server.ApiClient;
import dev.openirn.server.ServerTest;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** An e-invoice event is stored without the row's signed payloads and read back whole, byte for byte. */
class EventPayloadsTest extends ServerTest {

    @Autowired
    JdbcClient jdbc;

    @Test
    void aGeneratedEventRefersToTheRowForItsSignedPayloadsAndReadsBackWhole() {
        ApiClient.Reply created = api.post("/v1/einvoices", ApiClient.quickstartWithNumber(ApiClient.uniqueNumber("EVREF")), null);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.json().get("id").asString();
        String signedInvoice = created.json().get("signedInvoice").asString();
        String signedQrCode = created.json().get("signedQrCode").asString();

        Map<String, Object> stored = jdbc.sql("""
                select id, payload, payload_einvoice_id, payload_splice_at from api_event
                where object_id = :id and type = 'einvoice.generated'""").param("id", id).query().singleRow();
        assertThat(stored.get("payload_einvoice_id")).isEqualTo(id);
        // The gap: both values and the field between them go; a read puts them back after "signedQrCode":.
        assertThat((String) stored.get("payload")).contains("\"signedQrCode\":,\"generatedAt\":")
                .doesNotContain("\"signedInvoice\"").doesNotContain(signedInvoice).doesNotContain(signedQrCode);

        String eventId = (String) stored.get("id");
        ApiClient.Reply byId = api.get("/v1/events/" + eventId);
        assertThat(byId.status()).isEqualTo(200);
        JsonNode data = byId.json().get("data");
        assertThat(data).isEqualTo(api.get("/v1/einvoices/" + id).json());
        assertThat(data.get("signedInvoice").asString()).isEqualTo(signedInvoice);
        assertThat(data.get("signedQrCode").asString()).isEqualTo(signedQrCode);
        assertThat(api.get("/v1/events?objectId=" + id).json().get("data").get(0)).isEqualTo(byId.json());

        // Cancelled, the e-invoice shows no signed payloads: its cancelled event is stored whole.
        ApiClient.Reply cancel = api.post("/v1/einvoices/" + id + "/cancel", "{\"reasonCode\": \"2\", \"remarks\": \"Wrong buyer\"}", null);
        assertThat(cancel.status()).as(cancel.body()).isEqualTo(200);
        Map<String, Object> cancelled = jdbc.sql("""
                select payload_einvoice_id, payload_splice_at from api_event
                where object_id = :id and type = 'einvoice.cancelled'""").param("id", id).query().singleRow();
        assertThat(cancelled.get("payload_einvoice_id")).isNull();
        assertThat(cancelled.get("payload_splice_at")).isNull();
        JsonNode ofObject = api.get("/v1/events?objectId=" + id).json().get("data");
        assertThat(ofObject).hasSize(2);
        assertThat(ofObject.get(0).get("data").get("status").asString()).isEqualTo("cancelled");
        assertThat(ofObject.get(1)).isEqualTo(byId.json());
    }
}
