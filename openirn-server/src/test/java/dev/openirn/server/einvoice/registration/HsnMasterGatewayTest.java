package dev.openirn.server.einvoice.registration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openirn.server.ApiClient;
import dev.openirn.server.ServerTest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The gateway checks item codes against the HSN/SAC master: a warning naming the line in both profiles (the
 * bundled list can lag NIC's), while the sandbox, deciding by NIC's rule, rejects the code with 2176.
 */
class HsnMasterGatewayTest extends ServerTest {

    /** A well-formed service code that is not in the master. */
    static String withUnknownSac(String invoiceNumber) {
        String body = ApiClient.quickstartWithNumber(invoiceNumber);
        assertThat(body).contains("\"hsnCode\": \"998314\"");
        return body.replace("\"hsnCode\": \"998314\"", "\"hsnCode\": \"998999\"");
    }

    @Test
    void bothProfilesWarnNamingTheLine() {
        for (String profile : List.of("lenient", "strict")) {
            JsonNode report = api.post("/v1/einvoices/validate?profile=" + profile, withUnknownSac("HSN-DRY-1"), null).json();

            assertThat(findings(report.get("warnings"))).as(profile).contains("lines[0].hsnCode hsn.not_in_master 2176");
            assertThat(findings(report.get("errors"))).as(profile).noneMatch(finding -> finding.contains("hsn.not_in_master"));
        }
    }

    @Test
    void theSandboxRejectsTheCodeAsNicDoes() {
        ApiClient.Reply reply = api.post("/v1/einvoices", withUnknownSac("HSN-SEND-1"), null);

        assertThat(reply.body()).contains("2176");
        assertThat(reply.status()).as(reply.body()).isBetween(400, 499);
    }

    static List<String> findings(JsonNode details) {
        List<String> findings = new ArrayList<>();
        details.forEach(detail -> findings.add(detail.path("field").asString() + " " + detail.path("code").asString() + " "
                + detail.path("nicCode").asString("")));
        return findings;
    }
}
