package dev.openirn.server.einvoice;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openirn.server.ApiClient;
import dev.openirn.server.ServerTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Every step of the documented state machine is in the audit trail, even where two are committed at once. */
class AuditTrailTest extends ServerTest {

    @Autowired
    EInvoices invoices;

    @Test
    void generatedInvoiceShowsPendingQueuedGeneratedWithTheAttempt() {
        ApiClient.Reply reply = api.post("/v1/einvoices", ApiClient.quickstartWithNumber("AUDIT-1"), null);
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);

        assertThat(invoices.events(reply.json().get("id").asString()))
                .extracting(EInvoiceEvent::fromStatus, EInvoiceEvent::toStatus, EInvoiceEvent::attempt)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(null, "pending", 0),
                        org.assertj.core.groups.Tuple.tuple("pending", "queued", 1),
                        org.assertj.core.groups.Tuple.tuple("queued", "generated", 1));
    }
}
