package dev.openirn.server.compat;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/** Reading a served OpenAPI 3.1 document: operations by path template, schemas through $ref, oneOf and nulls. */
final class OpenApiSchemas {

    private final JsonNode document;

    OpenApiSchemas(JsonNode document) {
        this.document = document;
    }

    JsonNode document() {
        return document;
    }

    record Route(String method, String path, JsonNode operation) {
        String key() {
            return method + " " + path;
        }
    }

    List<Route> routes() {
        List<Route> routes = new ArrayList<>();
        document.get("paths").properties().forEach(path -> path.getValue().properties().forEach(method -> {
            if (List.of("get", "put", "post", "delete", "patch").contains(method.getKey())) {
                routes.add(new Route(method.getKey().toUpperCase(Locale.ROOT), path.getKey(), method.getValue()));
            }
        }));
        return routes;
    }

    /**
     * The route serving a documented path: segments equal, or the served one a {template} variable; of several,
     * the one with the most equal segments ({id}/status is not irn/{irn}).
     */
    Optional<Route> route(String method, String documentedPath) {
        return routes().stream().filter(route -> route.method().equals(method) && matches(route.path(), documentedPath))
                .max(java.util.Comparator.comparingInt(route -> equalSegments(route.path(), documentedPath)));
    }

    private static int equalSegments(String template, String path) {
        String[] a = template.split("/");
        String[] b = path.split("/");
        int equal = 0;
        for (int i = 0; i < Math.min(a.length, b.length); i++) {
            equal += a[i].equals(b[i]) ? 1 : 0;
        }
        return equal;
    }

    static boolean matches(String template, String path) {
        String[] a = template.split("/");
        String[] b = path.split("/");
        if (a.length != b.length) {
            return false;
        }
        for (int i = 0; i < a.length; i++) {
            // a served {variable} serves any documented value ({portal} serves irn); a documented
            // {variable} needs a served one: /{id}/status is not /irn/{irn}
            if (!a[i].equals(b[i]) && !a[i].startsWith("{")) {
                return false;
            }
        }
        return true;
    }

    JsonNode resolve(JsonNode schema) {
        JsonNode current = schema;
        while (current != null && current.has("$ref")) {
            String ref = current.get("$ref").asString();
            current = document.at(ref.substring(1));
        }
        return current;
    }

    /** The JSON types a schema allows; "null" included when it may be null. Empty when it says nothing. */
    Set<String> types(JsonNode schema) {
        JsonNode resolved = resolve(schema);
        Set<String> types = new LinkedHashSet<>();
        if (resolved == null || resolved.isMissingNode()) {
            return types;
        }
        JsonNode type = resolved.get("type");
        if (type != null && type.isString()) {
            types.add(type.asString());
        } else if (type != null && type.isArray()) {
            type.values().forEach(value -> types.add(value.asString()));
        }
        for (String combinator : List.of("oneOf", "anyOf")) {
            if (resolved.has(combinator)) {
                resolved.get(combinator).values().forEach(branch -> types.addAll(types(branch)));
            }
        }
        if (types.isEmpty() && resolved.has("properties")) {
            types.add("object");
        }
        return types;
    }

    /** The schema of a dotted field path ("lines[].hsnCode"), or empty when the schema has no such field. */
    Optional<JsonNode> field(JsonNode root, String path) {
        JsonNode current = root;
        for (String segment : path.split("\\.")) {
            boolean array = segment.endsWith("[]");
            String name = array ? segment.substring(0, segment.length() - 2) : segment;
            Optional<JsonNode> property = property(current, name);
            if (property.isEmpty()) {
                return Optional.empty();
            }
            current = property.get();
            if (array) {
                Optional<JsonNode> items = items(current);
                if (items.isEmpty()) {
                    return Optional.empty();
                }
                current = items.get();
            }
        }
        return Optional.of(current);
    }

    private Optional<JsonNode> property(JsonNode schema, String name) {
        JsonNode resolved = resolve(schema);
        if (resolved == null) {
            return Optional.empty();
        }
        JsonNode properties = resolved.get("properties");
        if (properties != null && properties.has(name)) {
            return Optional.of(properties.get(name));
        }
        for (String combinator : List.of("oneOf", "anyOf", "allOf")) {
            if (resolved.has(combinator)) {
                for (JsonNode branch : resolved.get(combinator).values()) {
                    Optional<JsonNode> found = property(branch, name);
                    if (found.isPresent()) {
                        return found;
                    }
                }
            }
        }
        return Optional.empty();
    }

    private Optional<JsonNode> items(JsonNode schema) {
        JsonNode resolved = resolve(schema);
        if (resolved != null && resolved.has("items")) {
            return Optional.of(resolved.get("items"));
        }
        if (resolved != null && resolved.has("oneOf")) {
            for (JsonNode branch : resolved.get("oneOf").values()) {
                Optional<JsonNode> found = items(branch);
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        return Optional.empty();
    }

    /** The request body schema for JSON or a form. */
    Optional<JsonNode> requestSchema(JsonNode operation) {
        JsonNode content = operation.path("requestBody").path("content");
        for (String type : List.of("application/json", "application/x-www-form-urlencoded")) {
            if (content.has(type)) {
                return Optional.of(content.get(type).get("schema"));
            }
        }
        return Optional.empty();
    }

    /** Every 2xx response, by status. */
    List<java.util.Map.Entry<String, JsonNode>> successResponses(JsonNode operation) {
        List<java.util.Map.Entry<String, JsonNode>> found = new ArrayList<>();
        operation.path("responses").properties().forEach(entry -> {
            if (entry.getKey().startsWith("2")) {
                found.add(entry);
            }
        });
        return found;
    }

    /** The error codes a route declares, over all its responses. */
    Set<String> errorCodes(JsonNode operation) {
        Set<String> codes = new LinkedHashSet<>();
        operation.path("responses").properties().forEach(entry ->
                entry.getValue().path("x-error-codes").values().forEach(code -> codes.add(code.asString())));
        return codes;
    }

    /** The error codes the route declares for one HTTP status. */
    Set<String> errorCodes(JsonNode operation, int status) {
        Set<String> codes = new LinkedHashSet<>();
        operation.path("responses").path(Integer.toString(status)).path("x-error-codes").values()
                .forEach(code -> codes.add(code.asString()));
        return codes;
    }

    boolean takesHeader(JsonNode operation, String header) {
        for (JsonNode parameter : operation.path("parameters").values()) {
            if ("header".equals(parameter.path("in").asString()) && header.equalsIgnoreCase(parameter.path("name").asString())) {
                return true;
            }
        }
        return false;
    }
}
