package dev.openirn.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openirn.server.ApiClient;
import dev.openirn.server.ServerTest;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A {@code null} inside a JSON array of the invoice is the client's mistake: 422 at its index, never a 500 (found by the API fuzzer). */
class NullArrayElementsTest extends ServerTest {

    private static String quickstartWith(String replace, String with) {
        String body = ApiClient.quickstartWithNumber("NULL-EL-1");
        assertThat(body).contains(replace);
        return body.replace(replace, with);
    }

    @Test
    void nullLineIs422NamingItsIndexOnValidateAndCreate() {
        String body = quickstartWith("\"lines\": [", "\"lines\":[null,");
        for (String path : List.of("/v1/einvoices/validate", "/v1/einvoices")) {
            ApiClient.Reply reply = api.post(path, body, null);

            assertThat(reply.status()).as(path + ": " + reply.body()).isIn(200, 422);
            assertThat(reply.body()).as(path).contains("lines[0]");
        }
    }

    @Test
    void nullAttributeAdditionalDocumentOrPrecedingDocumentIsNeverA500() {
        for (String body : List.of(
                quickstartWith("\"lines\": [{", "\"lines\": [{\"attributes\":[null],"),
                quickstartWith("\"lines\": [", "\"additionalDocuments\":[null],\"lines\":["),
                quickstartWith("\"lines\": [", "\"referenceDetails\":{\"precedingDocuments\":[null],\"contracts\":[null]},\"lines\":["))) {
            ApiClient.Reply reply = api.post("/v1/einvoices/validate", body, null);

            assertThat(reply.status()).as(reply.body()).isLessThan(500);
        }
    }
}
