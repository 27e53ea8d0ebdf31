package dev.openirn.server.einvoice.registration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openirn.sandbox.Fault;
import dev.openirn.sandbox.FaultMode;
import dev.openirn.sandbox.RunningIrpSandbox;
import dev.openirn.server.ApiClient;
import dev.openirn.server.ServerTest;
import java.time.Duration;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The registration worker keeps its attempts going as they end: one slow IRP call holds up only its own item,
 * not the rest of the batch of rows it was leased with (retry.LeasedRowWorker).
 */
class BatchDrainTest extends ServerTest {

    private static final Duration SLOW_CALL = Duration.ofSeconds(12);

    @Autowired
    RunningIrpSandbox sandbox;

    @Autowired
    JdbcClient jdbc;

    @DynamicPropertySource
    static void slowCallsAreAnswered(DynamicPropertyRegistry registry) {
        // Long enough that the slow call is answered, not timed out and retried; the worker polls often.
        registry.add("openirn.irp.request-timeout", () -> "30s");
        registry.add("openirn.retry.poll-interval", () -> "100ms");
    }

    @AfterEach
    void clearFaults() {
        sandbox.clearFaults();
    }

    @Test
    void oneSlowIrpCallHoldsUpOnlyItsOwnItem() {
        int count = 60; // three of the worker's leases of 20 rows
        String body = BatchesTest.batch(IntStream.range(0, count).mapToObj(i -> BatchesTest.item(null,
                ApiClient.quickstartWithNumber(ApiClient.uniqueNumber("BD-")))).toArray(String[]::new));
        api.token();
        sandbox.injectFault(Fault.of(FaultMode.LATENCY).withLatency(SLOW_CALL).times(1));

        ApiClient.Reply submitted = api.post("/v1/einvoices/batches", body, null);
        assertThat(submitted.status()).as(submitted.body()).isEqualTo(202);
        String batch = submitted.json().get("id").asString();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (generated(batch) < count && System.nanoTime() < deadline) {
            sleep(200);
        }
        assertThat(generated(batch)).isEqualTo(count);

        // The slow item: the longest from its send to its registration. Every item sent after it and generated
        // before it was leased while it was in flight; a worker that waited for its whole lease of rows would
        // have had only the 19 others of that lease.
        Map<String, Object> seen = jdbc.sql("""
                with item as (
                    select i.einvoice_id,
                           min(e.at) filter (where e.to_status = 'queued') as sent_at,
                           min(e.at) filter (where e.to_status = 'generated') as generated_at
                    from einvoice_batch_item i join einvoice_event e on e.einvoice_id = i.einvoice_id
                    where i.batch_id = :batch group by i.einvoice_id),
                slow as (select * from item order by generated_at - sent_at desc limit 1)
                select extract(epoch from slow.generated_at - slow.sent_at) as slow_seconds,
                       (select count(*) from item where item.sent_at > slow.sent_at
                            and item.generated_at < slow.generated_at) as passed
                from slow""").param("batch", batch).query().singleRow();
        assertThat(((Number) seen.get("slow_seconds")).doubleValue()).as("the slow call's item")
                .isGreaterThanOrEqualTo(SLOW_CALL.toSeconds() - 1);
        assertThat(((Number) seen.get("passed")).longValue()).as("items leased and generated while the slow call ran")
                .isGreaterThanOrEqualTo(40);
    }

    private int generated(String batch) {
        return jdbc.sql("""
                select count(*) from einvoice_batch_item i join einvoice e on e.id = i.einvoice_id
                where i.batch_id = :batch and e.status = 'generated'""").param("batch", batch).query(Integer.class).single();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
