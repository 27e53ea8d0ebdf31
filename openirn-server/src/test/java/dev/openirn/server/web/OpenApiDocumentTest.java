package dev.openirn.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openirn.server.ApiClient;
import dev.openirn.server.ServerTest;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class OpenApiDocumentTest extends ServerTest {

    @Test
    void everyFieldOfTheInvoiceRequestIsDescribed() {
        ApiClient.Reply reply = api.send(HttpRequest.newBuilder(URI.create(api.baseUrl() + "/v3/api-docs")).GET());
        assertThat(reply.status()).isEqualTo(200);
        JsonNode schemas = reply.json().get("components").get("schemas");
        JsonNode request = schemas.get("EInvoiceRequest");
        assertThat(request).isNotNull();
        assertThat(request.get("properties").propertyNames()).contains("supplyType", "seller", "lines", "totals",
                "exportDetails", "referenceDetails", "ewayBillDetails");

        List<String> undocumented = new ArrayList<>();
        for (String schema : List.of("EInvoiceRequest", "Party", "Line", "Totals", "ReferenceDetails", "ExportDetails",
                "EwayBillDetails", "Payment", "PrecedingDocument", "DispatchFrom", "Batch", "Attribute", "Contract",
                "AdditionalDocument", "DocumentPeriod")) {
            JsonNode properties = schemas.get(schema).get("properties");
            properties.propertyNames().forEach(field -> {
                if (properties.get(field).path("description").asString("").isBlank()) {
                    undocumented.add(schema + "." + field);
                }
            });
        }
        assertThat(undocumented).isEmpty();
        assertThat(reply.json().get("paths").get("/v1/einvoices").get("post").get("requestBody").toString())
                .contains("#/components/schemas/EInvoiceRequest");
        assertThat(reply.body()).doesNotContain("\"name\":\"caller\"");
    }
}
