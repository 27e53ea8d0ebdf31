package dev.openirn.server.web;

import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.core.util.Yaml31;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.Paths;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.http.HttpStatus;

/**
 * Completes the generated OpenAPI document into the API contract: merges {@code openapi/contract.yaml}
 * (request bodies the controllers read as raw bytes, status codes, per-route error codes, examples, the
 * token endpoint), adds the error responses and headers every route shares, and marks which response
 * fields are always present and which may be null, so a response can be validated against it.
 */
final class OpenApiContract implements OpenApiCustomizer {

    static final String RESOURCE = "/openapi/contract.yaml";
    static final String ERRORS_EXTENSION = "x-errors";
    /** On each error response: the error codes this route answers with that status. */
    static final String ERROR_CODES_EXTENSION = "x-error-codes";
    static final String RESPONSE_SCHEMAS_EXTENSION = "x-response-schemas";
    /** Marks a route a servlet filter answers (the token endpoint), which springdoc cannot see. */
    static final String SERVED_BY_FILTER_EXTENSION = "x-served-by-filter";

    /** Answered by any /v1 route: a request the web container refuses, authentication, scope, rate limit, the last-resort 500. */
    private static final Map<String, List<String>> EVERY_ROUTE = Map.of(
            "400", List.of("request.rejected"),
            "401", List.of("unauthorized"),
            "403", List.of("forbidden"),
            "429", List.of("rate_limited"),
            "500", List.of("internal_error"));
    /** Answered by any route that reads a JSON body. */
    private static final Map<String, List<String>> JSON_BODY = Map.of(
            "400", List.of("request.malformed_json", "request.invalid_field_type", "request.json_limit_exceeded",
                    "request.unknown_field"),
            "413", List.of("request.body_too_large"),
            "415", List.of("request.unsupported_media_type"));
    /** Answered by state-changing routes, which honour Idempotency-Key. */
    private static final Map<String, List<String>> IDEMPOTENT = Map.of(
            "400", List.of("idempotency.key_invalid"),
            "409", List.of("idempotency.key_reused_mismatch", "idempotency.in_progress"));

    /** Read afresh on every call: the merge hands its objects to the document, which may be built more than once. */
    private static OpenAPI contract() {
        try (InputStream in = OpenApiContract.class.getResourceAsStream(RESOURCE)) {
            return Yaml31.mapper().readValue(in, OpenAPI.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void customise(OpenAPI openApi) {
        OpenAPI contract = contract();
        // Every error response refers to the envelope, also when no controller method returns it.
        ModelConverters.getInstance(true).readAll(new AnnotatedType(ErrorEnvelope.class))
                .forEach((name, schema) -> openApi.getComponents().getSchemas().putIfAbsent(name, schema));
        contract.getComponents().getSchemas().forEach((name, schema) -> openApi.getComponents().addSchemas(name, schema));
        openApi.getComponents().getSchemas().remove("MediaType");
        openApi.getComponents().getSchemas().remove("MultiValueMapStringString");
        openApi.getComponents().getSchemas().remove("JsonNode");
        if (openApi.getPaths() == null) {
            openApi.setPaths(new Paths());
        }
        contract.getPaths().forEach((path, overlay) -> merge(openApi.getPaths(), path, overlay));
        openApi.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
            if (operation.getParameters() != null) {
                // Framework plumbing the controllers take as parameters, not part of the API.
                operation.getParameters().removeIf(parameter -> "Content-Type".equalsIgnoreCase(parameter.getName())
                        || "parameters".equals(parameter.getName()));
            }
            if (path.startsWith("/v1/")) {
                completeApiOperation(path, method, operation);
            }
            if (operation.getExtensions() != null) {
                operation.getExtensions().remove(ERRORS_EXTENSION);
            }
        }));
        Schema<?> validation = openApi.getComponents().getSchemas().get("ValidationReport");
        if (validation != null && validation.getProperties() != null) {
            validation.getProperties().put("nicPayload", new Schema<>().types(new LinkedHashSet<>(List.of("object", "null")))
                    .description("The NIC INV-01 JSON the invoice becomes."));
        }
        markResponseFields(contract, openApi);
    }

    private static void merge(Paths paths, String path, PathItem overlay) {
        PathItem target = paths.get(path);
        if (target == null) {
            // Only what no controller serves is added whole; a controller route that is gone stays gone,
            // so the contract cannot describe a route the server does not answer.
            boolean servedByFilter = overlay.readOperations().stream().allMatch(operation -> operation.getExtensions() != null
                    && Boolean.TRUE.equals(operation.getExtensions().remove(SERVED_BY_FILTER_EXTENSION)));
            if (servedByFilter) {
                paths.addPathItem(path, overlay);
            }
            return;
        }
        overlay.readOperationsMap().forEach((method, extra) -> {
            Operation operation = target.readOperationsMap().get(method);
            if (operation == null) {
                return;
            }
            if (extra.getSummary() != null) {
                operation.setSummary(extra.getSummary());
            }
            if (extra.getDescription() != null) {
                operation.setDescription(extra.getDescription());
            }
            if (extra.getRequestBody() != null) {
                mergeRequestBody(operation, extra.getRequestBody());
            }
            if (extra.getResponses() != null) {
                operation.setResponses(extra.getResponses());
            }
            if (extra.getParameters() != null) {
                extra.getParameters().forEach(operation::addParametersItem);
            }
            if (extra.getSecurity() != null) {
                operation.setSecurity(extra.getSecurity());
            }
            if (extra.getExtensions() != null) {
                extra.getExtensions().forEach(operation::addExtension);
            }
        });
    }

    /**
     * A media type the contract gives a schema replaces the generated one; one it gives only examples keeps
     * the schema generated from the record the controller reads, so a renamed field shows in the document.
     */
    private static void mergeRequestBody(Operation operation, RequestBody extra) {
        RequestBody target = operation.getRequestBody();
        if (target == null || target.getContent() == null) {
            operation.setRequestBody(extra);
            return;
        }
        if (extra.getRequired() != null) {
            target.setRequired(extra.getRequired());
        }
        extra.getContent().forEach((mediaType, media) -> {
            MediaType generated = target.getContent().get(mediaType);
            if (media.getSchema() != null || generated == null) {
                target.getContent().addMediaType(mediaType, media);
            } else if (media.getExamples() != null) {
                media.getExamples().forEach(generated::addExamples);
            }
        });
    }

    private static void completeApiOperation(String path, PathItem.HttpMethod method, Operation operation) {
        boolean readsJson = operation.getRequestBody() != null && operation.getRequestBody().getContent() != null
                && operation.getRequestBody().getContent().containsKey("application/json");
        boolean idempotent = method != PathItem.HttpMethod.GET && !path.startsWith("/v1/tools/");
        Map<String, Set<String>> codes = new TreeMap<>();
        add(codes, EVERY_ROUTE);
        if (readsJson) {
            add(codes, JSON_BODY);
        }
        if (idempotent) {
            add(codes, IDEMPOTENT);
        }
        Object declared = operation.getExtensions() == null ? null : operation.getExtensions().get(ERRORS_EXTENSION);
        if (declared instanceof Map<?, ?> perStatus) {
            perStatus.forEach((status, list) -> ((List<?>) list)
                    .forEach(code -> codes.computeIfAbsent(status.toString(), s -> new TreeSet<>()).add(code.toString())));
        }
        ApiResponses responses = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
        Header requestId = new Header().description("The request's id: the client's X-Request-Id, or one the server made.")
                .schema(new Schema<String>().type("string"));
        for (ApiResponse response : responses.values()) {
            response.addHeaderObject("X-Request-Id", requestId);
            if (idempotent) {
                response.addHeaderObject("Idempotent-Replay", new Header()
                        .description("true on a response replayed for a repeated Idempotency-Key.")
                        .schema(new Schema<String>().type("string")._enum(List.of("true"))));
            }
        }
        codes.forEach((status, list) -> responses.addApiResponse(status, errorResponse(status, list)));
        operation.setResponses(sorted(responses));
        operation.addParametersItem(new Parameter().in("header").name("X-Request-Id").required(false)
                .description("Your id for this request, echoed in the response and in error bodies.")
                .schema(new Schema<String>().type("string")));
        if (idempotent) {
            operation.addParametersItem(new Parameter().in("header").name("Idempotency-Key").required(false)
                    .description("A stable key per business action; a repeat within 24 hours replays the first answer.")
                    .schema(new Schema<String>().type("string").maxLength(255)));
        }
    }

    private static void add(Map<String, Set<String>> codes, Map<String, List<String>> more) {
        more.forEach((status, list) -> codes.computeIfAbsent(status, s -> new TreeSet<>()).addAll(list));
    }

    private static ApiResponse errorResponse(String status, Set<String> codes) {
        String reason = HttpStatus.valueOf(Integer.parseInt(status)).getReasonPhrase();
        String first = codes.iterator().next();
        Map<String, Object> example = new LinkedHashMap<>();
        example.put("object", "error");
        example.put("code", first);
        example.put("message", reason + ".");
        example.put("httpStatus", Integer.parseInt(status));
        example.put("requestId", "req_01HRXY8N0E5PC6V0Z6P8Q1ABCD");
        example.put("traceId", "4bf92f3577b34da6a3ce929d0e0e4736");
        example.put("details", List.of());
        example.put("upstream", null);
        ApiResponse response = new ApiResponse()
                .description(reason + ": " + String.join(", ", codes) + ".")
                .content(new Content().addMediaType("application/json", new MediaType()
                        .schema(new Schema<>().$ref("#/components/schemas/ErrorEnvelope"))
                        .addExamples(first, new Example().value(example))));
        response.addExtension(ERROR_CODES_EXTENSION, List.copyOf(codes));
        if (status.equals("429")) {
            response.addHeaderObject("Retry-After", new Header().description("Seconds to wait before trying again.")
                    .schema(new Schema<Integer>().type("integer")));
        }
        return response;
    }

    private static ApiResponses sorted(ApiResponses responses) {
        ApiResponses ordered = new ApiResponses();
        new TreeMap<>(responses).forEach(ordered::addApiResponse);
        return ordered;
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static void markResponseFields(OpenAPI contract, OpenAPI openApi) {
        Object rules = contract.getExtensions() == null ? null : contract.getExtensions().get(RESPONSE_SCHEMAS_EXTENSION);
        if (!(rules instanceof Map<?, ?> bySchema)) {
            return;
        }
        bySchema.forEach((name, rule) -> {
            Schema schema = openApi.getComponents().getSchemas().get(name.toString());
            if (schema == null || schema.getProperties() == null) {
                return; // OpenApiDocumentTest names it
            }
            Map<String, Object> fields = (Map<String, Object>) rule;
            // A field named here but gone from the record is skipped, not fatal: the document stays servable
            // and the compatibility and contract tests name what went missing.
            List<String> required = new ArrayList<>((List<String>) fields.get("required"));
            required.removeIf(field -> !schema.getProperties().containsKey(field));
            schema.setRequired(required);
            for (String field : (List<String>) fields.get("nullable")) {
                Schema property = (Schema) schema.getProperties().get(field);
                if (property != null) {
                    schema.getProperties().put(field, nullable(property));
                }
            }
        });
    }

    /** In OpenAPI 3.1 null is a type; a reference becomes "that, or null". */
    @SuppressWarnings({"rawtypes", "unchecked"})
    private static Schema nullable(Schema property) {
        if (property.get$ref() != null) {
            return new Schema<>().oneOf(List.of(new Schema<>().$ref(property.get$ref()), new Schema<>().types(Set.of("null"))));
        }
        Set<String> types = new LinkedHashSet<>();
        if (property.getTypes() != null) {
            types.addAll(property.getTypes());
        } else if (property.getType() != null) {
            types.add(property.getType());
        }
        types.add("null");
        property.setType(null);
        property.setTypes(types);
        return property;
    }
}
