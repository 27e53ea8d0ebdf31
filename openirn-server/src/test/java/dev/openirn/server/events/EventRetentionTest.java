package dev.openirn.server.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openirn.server.ApiClient;
import dev.openirn.server.ServerTest;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Events are kept for openirn.events.retention (30 days by default), then deleted by the cleanup job. */
class EventRetentionTest extends ServerTest {

    @Autowired
    EventRetentionJob job;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    EventProperties properties;

    @Test
    void eventsOlderThanTheRetentionAreDeletedAndNewerOnesKept() {
        assertThat(properties.retention()).isEqualTo(Duration.ofDays(30));
        ApiClient.Reply created = api.post("/v1/einvoices", ApiClient.quickstartWithNumber(ApiClient.uniqueNumber("RET")), null);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.json().get("id").asString();
        String recent = api.get("/v1/events?objectId=" + id).json().get("data").get(0).get("id").asString();
        String organization = jdbc.sql("select organization_id from api_event where id = :id").param("id", recent)
                .query(String.class).single();
        jdbc.sql("""
                insert into api_event (id, organization_id, environment, type, object_id, created_at, payload)
                values ('evt_01ARZ3NDEKTSV4RRFFQ69G5FAV', :org, 'test', 'einvoice.generated', :object, :at, '{}')""")
                .param("org", organization).param("object", id)
                .param("at", Timestamp.from(Instant.now().minus(Duration.ofDays(31)))).update();
        assertThat(api.get("/v1/events/evt_01ARZ3NDEKTSV4RRFFQ69G5FAV").status()).isEqualTo(200);

        assertThat(job.deleteExpired()).isGreaterThanOrEqualTo(1);

        assertThat(api.get("/v1/events/evt_01ARZ3NDEKTSV4RRFFQ69G5FAV").status()).isEqualTo(404);
        assertThat(api.get("/v1/events/" + recent).status()).isEqualTo(200);
    }

    @Test
    void eventsPageNewestFirstWithACursor() {
        for (int i = 0; i < 3; i++) {
            assertThat(api.post("/v1/einvoices", ApiClient.quickstartWithNumber(ApiClient.uniqueNumber("PAGE")), null).status())
                    .isEqualTo(201);
        }
        var first = api.get("/v1/events?limit=2&type=einvoice.generated").json();
        assertThat(first.get("object").asString()).isEqualTo("list");
        assertThat(first.get("data")).hasSize(2);
        assertThat(first.get("hasMore").asBoolean()).isTrue();
        String newest = first.get("data").get(0).get("id").asString();
        String second = first.get("data").get(1).get("id").asString();
        assertThat(newest).isGreaterThan(second);
        var next = api.get("/v1/events?limit=2&type=einvoice.generated&startingAfter=" + second).json();
        assertThat(next.get("data").get(0).get("id").asString()).isLessThan(second);
        var back = api.get("/v1/events?limit=1&type=einvoice.generated&endingBefore=" + second).json();
        assertThat(back.get("data").get(0).get("id").asString()).isEqualTo(newest);
    }
}
