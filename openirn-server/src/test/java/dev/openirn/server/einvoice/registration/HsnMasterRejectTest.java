package dev.openirn.server.einvoice.registration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openirn.server.ApiClient;
import dev.openirn.server.ServerTest;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/** {@code openirn.validation.hsn-master=reject}: a code missing from the master is a 422 before anything is sent. */
@TestPropertySource(properties = "openirn.validation.hsn-master=reject")
class HsnMasterRejectTest extends ServerTest {

    @Test
    void anUnknownCodeIsA422OnTheLine() {
        ApiClient.Reply reply = api.post("/v1/einvoices", HsnMasterGatewayTest.withUnknownSac("HSN-REJECT-1"), null);

        assertThat(reply.status()).as(reply.body()).isEqualTo(422);
        assertThat(reply.json().get("code").asString()).isEqualTo("validation_error");
        assertThat(HsnMasterGatewayTest.findings(reply.json().get("details"))).contains("lines[0].hsnCode hsn.not_in_master 2176");
    }
}
