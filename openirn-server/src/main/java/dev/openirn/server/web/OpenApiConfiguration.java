package dev.openirn.server.web;

import dev.openirn.gst.api.EInvoiceRequest;
import dev.openirn.server.OpenIrnProperties;
import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.security.OAuthFlow;
import io.swagger.v3.oas.models.security.OAuthFlows;
import io.swagger.v3.oas.models.security.Scopes;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.JsonNode;

/**
 * The OpenAPI description at {@code /v3/api-docs}: the camelCase invoice schema with a description
 * of every field (from {@code openapi/einvoice-fields.properties}, which docs/api-fields.md is rendered from), the
 * OAuth2 client-credentials scheme against our own token endpoint, and the rest of the contract
 * ({@link OpenApiContract}).
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    static final String FIELD_DOCS = "/openapi/einvoice-fields.properties";

    static {
        // Routes that answer a stored JSON document (events, their data) return a JsonNode; describe it as the
        // free-form object it is rather than as Jackson's node class.
        SpringDocUtils.getConfig().replaceWithSchema(JsonNode.class,
                new ObjectSchema().description("A JSON object, as documented for the route."));
    }

    @Bean
    OpenAPI openIrnOpenApi(OpenIrnProperties properties) {
        return new OpenAPI()
                // relative, so the document is the same on every host and Swagger UI calls the server it came from
                .servers(List.of(new Server().url("/")))
                .info(new Info().title("OpenIRN API").version("v1")
                        .description("GST e-invoicing gateway, wire-compatible with the OneFinOps v1 API."))
                .components(new Components().addSecuritySchemes("oauth2", new SecurityScheme()
                        .type(SecurityScheme.Type.OAUTH2)
                        .flows(new OAuthFlows().clientCredentials(new OAuthFlow()
                                .tokenUrl("/realms/" + properties.auth().realm() + "/protocol/openid-connect/token")
                                .scopes(new Scopes().addString("gstn-india", "Access to the GST APIs"))))))
                .addSecurityItem(new SecurityRequirement().addList("oauth2", "gstn-india"));
    }

    @Bean
    OpenApiCustomizer invoiceSchemaCustomizer() {
        Properties docs = fieldDocs();
        OpenApiContract contract = new OpenApiContract();
        return openApi -> {
            @SuppressWarnings("rawtypes")
            Map<String, Schema> schemas = ModelConverters.getInstance().readAll(new AnnotatedType(EInvoiceRequest.class));
            schemas.forEach((name, schema) -> openApi.getComponents().addSchemas(name, schema));
            openApi.getComponents().getSchemas().forEach((name, schema) -> describe(name, schema, docs));
            contract.customise(openApi);
        };
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static void describe(String name, Schema schema, Properties docs) {
        if (docs.containsKey(name)) {
            schema.setDescription(docs.getProperty(name));
        }
        Map<String, Schema> properties = schema.getProperties();
        if (properties != null) {
            properties.forEach((field, property) -> {
                String text = docs.getProperty(name + "." + field);
                if (text != null) {
                    property.setDescription(text);
                }
            });
        }
    }

    static Properties fieldDocs() {
        Properties docs = new Properties();
        try (InputStream in = OpenApiConfiguration.class.getResourceAsStream(FIELD_DOCS)) {
            docs.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return docs;
    }
}
