package dev.openirn.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openirn.server.ApiClient;
import dev.openirn.server.ServerTest;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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

    /** The always-present and nullable response fields the contract names still exist in the generated schemas. */
    @Test
    @SuppressWarnings("unchecked")
    void everyResponseFieldTheContractMarksIsGenerated() throws java.io.IOException {
        JsonNode schemas = api.send(HttpRequest.newBuilder(URI.create(api.baseUrl() + "/v3/api-docs")).GET()).json()
                .get("components").get("schemas");
        Map<String, Object> contract;
        try (java.io.InputStream in = OpenApiContract.class.getResourceAsStream(OpenApiContract.RESOURCE)) {
            contract = new org.yaml.snakeyaml.Yaml().load(in);
        }
        List<String> missing = new ArrayList<>();
        Map<String, Map<String, List<String>>> rules =
                (Map<String, Map<String, List<String>>>) contract.get(OpenApiContract.RESPONSE_SCHEMAS_EXTENSION);
        rules.forEach((schema, fields) -> fields.values().forEach(names -> names.forEach(field -> {
            if (!schemas.path(schema).path("properties").has(field)) {
                missing.add(schema + "." + field);
            }
        })));
        assertThat(rules).isNotEmpty();
        assertThat(missing).isEmpty();
        assertThat(schemas.get("EInvoiceView").get("required").toString()).contains("\"id\"", "\"irn\"");
    }
}
