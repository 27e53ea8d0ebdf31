package dev.openirn.server.compat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openirn.server.ApiClient;
import dev.openirn.server.ServerTest;
import dev.openirn.server.docs.GeneratedDocSection;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;

/**
 * Holds the served OpenAPI document against the OneFinOps v1 surface written down in
 * {@code compat/onefinops-v1.yaml}: every documented route exists, takes every documented request field
 * under its name and type, answers every documented response field with its type, can answer every
 * documented error code, and takes and sends the documented headers. A failing check passes only when
 * the file lists it as a decided difference; docs/compatibility.md is rendered from both.
 */
class OneFinOpsCompatibilityTest extends ServerTest {

    static final String SURFACE = "/compat/onefinops-v1.yaml";

    record Check(String key, String feature, boolean passed, String detail) {
    }

    private Map<String, Object> surface;
    private OpenApiSchemas openApi;

    @BeforeEach
    void load() throws IOException {
        try (InputStream in = OneFinOpsCompatibilityTest.class.getResourceAsStream(SURFACE)) {
            surface = new Yaml().load(in);
        }
        ApiClient.Reply reply = api.send(HttpRequest.newBuilder(URI.create(api.baseUrl() + "/v3/api-docs")).GET());
        assertThat(reply.status()).isEqualTo(200);
        openApi = new OpenApiSchemas(reply.json());
    }

    @Test
    void servedOpenApiKeepsEveryDocumentedOneFinOpsRouteFieldErrorAndHeader() {
        List<Check> checks = checks();
        Map<String, Map<String, Object>> differences = differences();

        List<String> undecided = checks.stream().filter(check -> !check.passed() && !differences.containsKey(check.key()))
                .map(check -> check.key() + " — " + check.detail()).toList();
        Set<String> failing = checks.stream().filter(check -> !check.passed()).map(Check::key).collect(Collectors.toSet());
        List<String> stale = differences.keySet().stream().filter(key -> !failing.contains(key)).toList();

        assertThat(checks).hasSizeGreaterThan(100);
        assertThat(undecided).as("OneFinOps compatibility broken (not listed under differences in %s)", SURFACE).isEmpty();
        assertThat(stale).as("differences in %s whose check now passes, or that name no check", SURFACE).isEmpty();
    }

    @Test
    void compatibilityMatrixIsRenderedFromTheSurfaceAndTheServedOpenApi() throws IOException {
        GeneratedDocSection.assertUpToDate(GeneratedDocSection.docsFile("compatibility.md"), "matrix", renderMatrix());
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> endpoints() {
        return (List<Map<String, Object>>) surface.get("endpoints");
    }

    @SuppressWarnings("unchecked")
    private Map<String, Map<String, Object>> differences() {
        Map<String, Map<String, Object>> byKey = new LinkedHashMap<>();
        for (Map<String, Object> difference : (List<Map<String, Object>>) surface.get("differences")) {
            byKey.put((String) difference.get("check"), difference);
        }
        return byKey;
    }

    private static String routeKey(Map<String, Object> endpoint) {
        return endpoint.get("method") + " " + endpoint.get("path");
    }

    @SuppressWarnings("unchecked")
    List<Check> checks() {
        List<Check> checks = new ArrayList<>();
        Set<String> allCodes = new LinkedHashSet<>();
        openApi.routes().forEach(route -> allCodes.addAll(openApi.errorCodes(route.operation())));
        for (Map<String, Object> endpoint : endpoints()) {
            String feature = (String) endpoint.get("feature");
            String route = routeKey(endpoint);
            Optional<OpenApiSchemas.Route> served = openApi.route((String) endpoint.get("method"), (String) endpoint.get("path"));
            checks.add(new Check("route " + route, feature, served.isPresent(), "no such route in the OpenAPI document"));
            if (served.isEmpty()) {
                continue; // the route's own difference covers its fields
            }
            JsonNode operation = served.get().operation();
            Map<String, String> request = (Map<String, String>) endpoint.getOrDefault("request", Map.of());
            Optional<JsonNode> requestSchema = openApi.requestSchema(operation);
            request.forEach((field, type) -> {
                Optional<JsonNode> schema = requestSchema.flatMap(root -> openApi.field(root, field));
                Set<String> types = schema.map(openApi::types).orElse(Set.of());
                boolean accepted = types.contains(type) || (type.equals("integer") && types.contains("number"));
                checks.add(new Check("request " + route + " " + field, feature, accepted,
                        schema.isEmpty() ? "request body has no field " + field : "accepts " + types + ", documented " + type));
            });
            Map<String, String> response = (Map<String, String>) endpoint.getOrDefault("response", Map.of());
            List<Map.Entry<String, JsonNode>> successes = openApi.successResponses(operation);
            response.forEach((field, type) -> {
                Set<String> documented = Set.of(type.split("\\|"));
                List<String> problems = new ArrayList<>();
                for (Map.Entry<String, JsonNode> success : successes) {
                    JsonNode content = success.getValue().path("content").path("application/json");
                    Optional<JsonNode> schema = content.has("schema") ? openApi.field(content.get("schema"), field) : Optional.empty();
                    Set<String> types = schema.map(openApi::types).orElse(Set.of());
                    boolean fits = !types.isEmpty() && types.stream().allMatch(t -> documented.contains(t)
                            || (t.equals("integer") && documented.contains("number")));
                    if (!fits) {
                        problems.add(success.getKey() + (schema.isEmpty() ? " has no field " + field : " answers " + types));
                    }
                }
                checks.add(new Check("response " + route + " " + field, feature, !successes.isEmpty() && problems.isEmpty(),
                        successes.isEmpty() ? "no successful JSON response" : problems + ", documented " + type));
            });
            List<String> errors = (List<String>) endpoint.getOrDefault("errors", List.of());
            Set<String> codes = openApi.errorCodes(operation);
            for (String code : errors) {
                checks.add(new Check("error " + route + " " + code, feature, codes.contains(code), "route answers " + codes));
            }
            Map<String, List<String>> headers = (Map<String, List<String>>) endpoint.getOrDefault("headers", Map.of());
            for (String header : headers.getOrDefault("request", List.of())) {
                checks.add(new Check("header " + route + " " + header, feature, openApi.takesHeader(operation, header),
                        "request header not declared"));
            }
            for (String header : headers.getOrDefault("response", List.of())) {
                boolean sent = !successes.isEmpty() && successes.stream()
                        .allMatch(success -> success.getValue().path("headers").has(header));
                checks.add(new Check("header " + route + " " + header, feature, sent, "response header not declared on every 2xx"));
            }
        }
        for (String code : (List<String>) surface.get("common-errors")) {
            checks.add(new Check("common-error " + code, "Errors", allCodes.contains(code), "no route answers it"));
        }
        Map<String, Object> rateLimit = (Map<String, Object>) surface.get("rate-limit");
        String status = rateLimit.get("status").toString();
        String header = (String) rateLimit.get("header");
        for (OpenApiSchemas.Route route : openApi.routes()) {
            if (route.path().startsWith("/v1/")) {
                JsonNode limited = route.operation().path("responses").path(status);
                checks.add(new Check("rate-limit " + route.key(), "Rate limits", limited.path("headers").has(header),
                        "no " + status + " answer with " + header));
            }
        }
        return checks;
    }

    @SuppressWarnings("unchecked")
    String renderMatrix() {
        List<Check> checks = checks();
        Map<String, Map<String, Object>> differences = differences();
        StringBuilder out = new StringBuilder();
        out.append("| OneFinOps route | Feature (OneFinOps docs page) | OpenIRN | Checked |\n|---|---|---|---|\n");
        for (Map<String, Object> endpoint : endpoints()) {
            String route = routeKey(endpoint);
            List<Check> own = checks.stream().filter(check -> check.key().contains(" " + route + " ")
                    || check.key().equals("route " + route)).toList();
            List<Map<String, Object>> departures = own.stream().filter(check -> !check.passed())
                    .map(check -> differences.getOrDefault(check.key(), Map.of("check", check.key() + " (NOT DECIDED)")))
                    .toList();
            String verdict;
            if (departures.stream().anyMatch(d -> "not-yet".equals(d.get("kind")))) {
                verdict = "not yet (issue " + departures.get(0).get("issue") + ")";
            } else if (!departures.isEmpty()) {
                verdict = "differs: " + departures.stream().map(d -> d.get("check").toString()
                        .replace(" " + route, "")).collect(Collectors.joining("; ")) + " (see below)";
            } else {
                Optional<OpenApiSchemas.Route> served = openApi.route((String) endpoint.get("method"), (String) endpoint.get("path"));
                verdict = "same" + served.filter(r -> !r.path().equals(endpoint.get("path")))
                        .map(r -> " (`" + r.path() + "`)").orElse("");
            }
            out.append("| `").append(route).append("` | ").append(endpoint.get("feature")).append(" (").append(endpoint.get("docs"))
                    .append(") | ").append(verdict).append(" | ").append(summary(own)).append(" |\n");
        }
        for (Map<String, Object> other : (List<Map<String, Object>>) surface.get("other-features")) {
            String kind = (String) other.get("kind");
            out.append("| — | ").append(other.get("feature")).append(" (").append(other.get("docs")).append(") | ")
                    .append("not-yet".equals(kind) ? "not yet (issue " + other.get("issue") + ")" : kind).append(" | ")
                    .append(other.containsKey("tests") ? "by " + other.get("tests") : "—").append(" |\n");
        }
        out.append("\n**Decided differences**\n\n| Check | OpenIRN | Why |\n|---|---|---|\n");
        differences.values().stream().filter(d -> "differs".equals(d.get("kind"))).forEach(d -> out.append("| `")
                .append(d.get("check")).append("` | ").append(d.get("openirn")).append(" | ").append(d.get("reason")).append(" |\n"));
        out.append("\n**OpenIRN only** (routes OneFinOps does not document)\n\n| Route | What it does |\n|---|---|\n");
        for (OpenApiSchemas.Route route : openApi.routes()) {
            boolean documented = endpoints().stream().anyMatch(endpoint -> openApi
                    .route((String) endpoint.get("method"), (String) endpoint.get("path"))
                    .filter(served -> served.key().equals(route.key())).isPresent());
            if (!documented) {
                out.append("| `").append(route.key()).append("` | ").append(route.operation().path("summary").asString(""))
                        .append(" |\n");
            }
        }
        long passed = checks.stream().filter(Check::passed).count();
        out.append("\n").append(checks.size()).append(" checks: ").append(passed).append(" same, ")
                .append(checks.size() - passed).append(" listed differences or not yet built.\n");
        return out.toString();
    }

    private static String summary(List<Check> checks) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (Check check : checks) {
            String kind = check.key().substring(0, check.key().indexOf(' '));
            if (!kind.equals("route")) {
                counts.merge(kind, 1, Integer::sum);
            }
        }
        if (counts.isEmpty()) {
            return "route";
        }
        return counts.entrySet().stream().map(entry -> entry.getValue() + " " + switch (entry.getKey()) {
            case "request" -> "request fields";
            case "response" -> "response fields";
            case "error" -> "error codes";
            case "header" -> "headers";
            default -> entry.getKey();
        }).collect(Collectors.joining(", "));
    }
}
