package dev.openirn.server.einvoice.registration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openirn.server.ApiClient;
import dev.openirn.server.ServerTest;
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
        long before = nextTransactionId();
        for (int i = 0; i < GENERATES; i++) {
            ApiClient.Reply reply = api.post("/v1/einvoices", ApiClient.quickstartWithNumber("TXN-" + i), "txn-key-" + i);
            assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        }
        double perGenerate = (nextTransactionId() - before) / (double) GENERATES;

        // 2 of the gateway + 1 of the sandbox; a rate-limit chunk may add a fraction.
        assertThat(perGenerate).as("write transactions per generate, gateway and sandbox").isLessThanOrEqualTo(3.25);
        // The stored answers are those the clients got: a replay of each is the same 201.
        ApiClient.Reply first = api.post("/v1/einvoices", ApiClient.quickstartWithNumber("TXN-0"), "txn-key-0");
        assertThat(first.status()).isEqualTo(201);
        assertThat(first.header("Idempotent-Replay")).isEqualTo("true");
    }

    /** The next transaction id to be assigned; reading it assigns none. */
    private long nextTransactionId() {
        return jdbc.sql("select txid_snapshot_xmax(txid_current_snapshot())").query(Long.class).single();
    }
}
