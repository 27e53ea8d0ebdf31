package dev.openirn.server.einvoice.registration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openirn.server.ApiClient;
import dev.openirn.server.ServerTest;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Every write transaction is a synchronous WAL flush, so a generate's commits bound its latency and
 * the database's throughput: the gateway commits twice (idempotency claim with the insert, the
 * outcome with the stored answer), the in-process sandbox IRP once.
 */
class GenerateWriteTransactionsTest extends ServerTest {

    private static final int GENERATES = 20;

    @Autowired
    JdbcClient jdbc;

    @Test
    void aGenerateWithAnIdempotencyKeyCommitsTwiceOnTheGatewaySide() {
        api.post("/v1/einvoices", ApiClient.quickstartWithNumber("TXN-WARMUP"), "txn-warmup"); // token, rate-limit chunk
        // The database is shared with the other tests' servers, whose background work (retries of their invoices,
        // deliveries to their webhook receivers) would be counted too: put what is due off until this is measured.
        jdbc.sql("""
                update einvoice set next_retry_at = now() + interval '1 hour'
                 where status in ('pending', 'queued', 'failed_retriable')""").update();
        jdbc.sql("update webhook_delivery set next_attempt_at = now() + interval '1 hour' where status = 'pending'").update();
        // The first rows of a table are analysed within a second (database.FirstStatistics), each analyse a
        // transaction of its own: give every table its statistics now, not while this is measured.
        jdbc.sql("analyze").update();
        Map<String, Long> writesBefore = rowWritesByTable();
        long before = nextTransactionId();
        for (int i = 0; i < GENERATES; i++) {
            ApiClient.Reply reply = api.post("/v1/einvoices", ApiClient.quickstartWithNumber("TXN-" + i), "txn-key-" + i);
            assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        }
        double perGenerate = (nextTransactionId() - before) / (double) GENERATES;
        String rowWrites = rowWritesSince(writesBefore);

        // 2 of the gateway + 1 of the sandbox; a rate-limit chunk may add a fraction.
        assertThat(perGenerate).as("write transactions per generate, gateway and sandbox; rows written meanwhile: " + rowWrites).isLessThanOrEqualTo(3.25);
        // The stored answers are those the clients got: a replay of each is the same 201.
        ApiClient.Reply first = api.post("/v1/einvoices", ApiClient.quickstartWithNumber("TXN-0"), "txn-key-0");
        assertThat(first.status()).isEqualTo(201);
        assertThat(first.header("Idempotent-Replay")).isEqualTo("true");
    }

    /** Rows inserted, updated and deleted so far, by table (PostgreSQL's statistics, which other sessions flush within a second). */
    private Map<String, Long> rowWritesByTable() {
        jdbc.sql("select pg_stat_clear_snapshot()").query(Object.class).optional();
        Map<String, Long> writes = new TreeMap<>();
        jdbc.sql("select schemaname || '.' || relname, n_tup_ins + n_tup_upd + n_tup_del from pg_stat_user_tables")
                .query((rs, row) -> writes.put(rs.getString(1), rs.getLong(2))).list();
        return writes;
    }

    /** Which tables were written since {@code before}, for the failure message: what else committed meanwhile. */
    private String rowWritesSince(Map<String, Long> before) {
        try {
            Thread.sleep(1_100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Map<String, Long> changed = new TreeMap<>();
        rowWritesByTable().forEach((table, count) -> {
            long delta = count - before.getOrDefault(table, 0L);
            if (delta != 0) {
                changed.put(table, delta);
            }
        });
        return changed.toString();
    }

    /** The next transaction id to be assigned; reading it assigns none. */
    private long nextTransactionId() {
        return jdbc.sql("select txid_snapshot_xmax(txid_current_snapshot())").query(Long.class).single();
    }
}
