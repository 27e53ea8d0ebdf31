package dev.openirn.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openirn.gst.testing.MutableClock;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The default rules: the quickstart's relaxed families come back as InfoDtls warnings; the HSN master still rejects. */
class LenientRulesTest {

    /** 2026-05-14 10:15:27 IST. */
    private final MutableClock clock = new MutableClock(Instant.parse("2026-05-14T04:45:27Z"));
    private final LocalDate today = LocalDate.of(2026, 5, 14);
    private RunningIrpSandbox sandbox;
    private RawNicClient client;

    @BeforeEach
    void start() {
        sandbox = IrpSandbox.builder()
                .dataSource(TestDatabase.dataSource())
                .schema(TestDatabase.freshSchema())
                .clock(clock)
                .start();
        assertThat(sandbox.rules()).isEqualTo(SandboxRules.LENIENT);
        client = new RawNicClient(sandbox, TestInvoices.SELLER);
        assertThat(client.login().status()).isEqualTo(1);
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    @Test
    void intraStateIgstToAnUnknownBuyerIsRegisteredWithA2172Warning() {
        ObjectNode invoice = TestInvoices.b2b("LEN-1", today);
        ((ObjectNode) invoice.get("BuyerDtls")).put("Gstin", "29AAGCB7383J1Z4").put("Pos", "29").put("Stcd", "29")
                .put("Pin", 560002).put("Loc", "Bengaluru");

        RawNicClient.Answer answer = client.generate(invoice);

        assertThat(answer.status()).as(answer.envelope().toString()).isEqualTo(1);
        JsonNode info = answer.envelope().get("InfoDtls");
        assertThat(info.get(0).get("InfCd").asString()).isEqualTo("SBXWARN");
        assertThat(info.get(0).get("Desc").findValuesAsString("ErrorCode")).containsOnly("2172");
    }

    @Test
    void aDocumentBeforeEInvoicingAndAnOwnIrnAreWarningsOnly() {
        ObjectNode invoice = TestInvoices.b2b("LEN-2", LocalDate.of(2020, 9, 30));
        invoice.put("Irn", "b".repeat(64));

        RawNicClient.Answer answer = client.generate(invoice);

        assertThat(answer.status()).as(answer.envelope().toString()).isEqualTo(1);
        assertThat(answer.envelope().get("InfoDtls").get(0).get("Desc").findValuesAsString("ErrorCode"))
                .containsExactlyInAnyOrder("5002", "2284");
    }

    @Test
    void anHsnCodeMissingFromTheMasterIs2176EvenInLenientMode() {
        ObjectNode invoice = TestInvoices.b2b("LEN-3", today);
        ((ObjectNode) invoice.get("ItemList").get(1)).put("HsnCd", "11111111");

        RawNicClient.Answer answer = client.generate(invoice);

        assertThat(answer.status()).isZero();
        assertThat(answer.firstErrorCode()).isEqualTo("2176");
        assertThat(answer.envelope().get("ErrorDetails")).hasSize(1);
    }

    @Test
    void anUnknownWellFormedGstinIsAnActiveRegularTaxpayerWithANumericPin() {
        RawNicClient.Answer details = client.get("/eivital/v1.04/Master/gstin/27AAACR5055K1Z7");

        assertThat(details.status()).isEqualTo(1);
        assertThat(details.data().get("Status").asString()).isEqualTo("ACT");
        assertThat(details.data().get("TxpType").asString()).isEqualTo("REG");
        assertThat(details.data().get("StateCode").asInt()).isEqualTo(27);
        assertThat(details.data().get("AddrPncd").isNumber()).isTrue();
        assertThat(details.data().get("AddrPncd").asInt()).isBetween(400000, 449999);
    }
}
