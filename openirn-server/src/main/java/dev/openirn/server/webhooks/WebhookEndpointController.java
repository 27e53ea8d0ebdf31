package dev.openirn.server.webhooks;

import dev.openirn.server.auth.Caller;
import dev.openirn.server.events.EventType;
import dev.openirn.server.web.ApiException;
import dev.openirn.server.web.ErrorDetail;
import dev.openirn.server.web.RequestJson;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * {@code /v1/webhook-endpoints} (create, list, read, change, delete, rotate the secret, send a test
 * {@code ping}, the delivery log) and {@code /v1/webhook-deliveries/{id}/retry}. Everything is scoped to
 * the organization and environment of the token; another tenant's endpoint does not exist for the caller.
 */
@RestController
class WebhookEndpointController {

    static final int MAX_URL_LENGTH = 2048;
    static final int MAX_DESCRIPTION_LENGTH = 500;
    static final int DEFAULT_LIMIT = 10;
    static final int MAX_LIMIT = 100;
    private static final Set<String> FIELDS = Set.of("url", "events", "description", "enabled");
    private static final Pattern ENDPOINT_ID = Pattern.compile("whk_[0-9A-HJKMNP-TV-Z]{26}");
    private static final Pattern DELIVERY_ID = Pattern.compile("whd_[0-9A-HJKMNP-TV-Z]{26}");

    private final WebhookEndpoints endpoints;
    private final WebhookDeliveries deliveries;
    private final WebhookPings pings;
    private final ReceiverAddresses addresses;
    private final WebhookProperties properties;
    private final RequestJson requestJson;
    private final Clock clock;

    WebhookEndpointController(WebhookEndpoints endpoints, WebhookDeliveries deliveries, WebhookPings pings,
            ReceiverAddresses addresses, WebhookProperties properties, RequestJson requestJson, Clock clock) {
        this.endpoints = endpoints;
        this.deliveries = deliveries;
        this.pings = pings;
        this.addresses = addresses;
        this.properties = properties;
        this.requestJson = requestJson;
        this.clock = clock;
    }

    /** A request body read field by field: which fields were sent, and every problem at once. */
    private record EndpointFields(String url, List<String> events, String description, Boolean enabled,
            List<ErrorDetail> warnings) {
    }

    @PostMapping(path = "/v1/webhook-endpoints", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> create(Caller caller, @RequestBody(required = false) byte[] body) {
        EndpointFields fields = read(caller, body, true);
        List<String> events = fields.events() != null ? fields.events()
                : EventType.defaults().stream().map(EventType::wireName).toList();
        WebhookEndpoints.WithSecret created = endpoints.create(caller.organizationId(), caller.environment().wireName(),
                fields.url(), fields.description(), events, fields.enabled() == null || fields.enabled(), clock.instant());
        Map<String, Object> view = view(created.endpoint());
        view.put("signingSecret", created.signingSecret());
        warnings(view, fields.warnings());
        return ResponseEntity.status(HttpStatus.CREATED).header("Cache-Control", "no-store").body(view);
    }

    @GetMapping(path = "/v1/webhook-endpoints", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> list(Caller caller, @RequestParam(required = false) String limit,
            @RequestParam(required = false) String startingAfter) {
        int pageSize = limit(limit);
        if (startingAfter != null && !ENDPOINT_ID.matcher(startingAfter).matches()) {
            throw ApiException.validation("The query parameters are not valid.", List.of(ErrorDetail.of("startingAfter",
                    "request.invalid_parameter", "startingAfter must be a webhook endpoint id (whk_…).")));
        }
        List<WebhookEndpoint> page = endpoints.list(caller.organizationId(), caller.environment().wireName(),
                startingAfter, pageSize + 1);
        return list(page.stream().limit(pageSize).map(WebhookEndpointController::view).toList(), page.size() > pageSize,
                "/v1/webhook-endpoints");
    }

    @GetMapping(path = "/v1/webhook-endpoints/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> get(Caller caller, @PathVariable String id) {
        return view(find(caller, id));
    }

    @PatchMapping(path = "/v1/webhook-endpoints/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> update(Caller caller, @PathVariable String id, @RequestBody(required = false) byte[] body) {
        find(caller, id);
        EndpointFields fields = read(caller, body, false);
        WebhookEndpoint updated = endpoints.update(caller.organizationId(), caller.environment().wireName(), id,
                new WebhookEndpoints.Changes(fields.url(), fields.description(), fields.events(), fields.enabled()),
                clock.instant()).orElseThrow(() -> ApiException.notFound("Webhook endpoint " + id));
        Map<String, Object> view = view(updated);
        warnings(view, fields.warnings());
        return view;
    }

    @DeleteMapping(path = "/v1/webhook-endpoints/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> delete(Caller caller, @PathVariable String id) {
        WebhookEndpoint endpoint = find(caller, id);
        if (!endpoints.delete(caller.organizationId(), caller.environment().wireName(), id)) {
            throw ApiException.notFound("Webhook endpoint " + id);
        }
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", endpoint.id());
        view.put("object", "webhook_endpoint");
        view.put("deleted", true);
        return view;
    }

    /** A new secret, shown once; the old one keeps signing (a second {@code v1=}) for {@code openirn.webhooks.rotation-overlap}. */
    @PostMapping(path = "/v1/webhook-endpoints/{id}/rotate-secret", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> rotate(Caller caller, @PathVariable String id) {
        find(caller, id);
        Instant now = clock.instant();
        WebhookEndpoints.WithSecret rotated = endpoints.rotate(caller.organizationId(), caller.environment().wireName(), id,
                now.plus(properties.rotationOverlap()), now).orElseThrow(() -> ApiException.notFound("Webhook endpoint " + id));
        Map<String, Object> view = view(rotated.endpoint());
        view.put("signingSecret", rotated.signingSecret());
        return ResponseEntity.ok().header("Cache-Control", "no-store").body(view);
    }

    /** Queues a {@code ping} event to this endpoint, whatever it subscribes to (sent once the endpoint is enabled). */
    @PostMapping(path = "/v1/webhook-endpoints/{id}/test", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> test(Caller caller, @PathVariable String id) {
        WebhookEndpoint endpoint = find(caller, id);
        WebhookPings.Ping ping = pings.ping(endpoint, view(endpoint), clock.instant());
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("object", "webhook_test");
        view.put("eventId", ping.event().id());
        view.put("deliveryId", ping.deliveryId());
        view.put("status", WebhookDeliveries.PENDING);
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(view);
    }

    /** The delivery log: newest first, each delivery with its attempts. */
    @GetMapping(path = "/v1/webhook-endpoints/{id}/deliveries", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> deliveries(Caller caller, @PathVariable String id, @RequestParam(required = false) String limit,
            @RequestParam(required = false) String startingAfter) {
        find(caller, id);
        int pageSize = limit(limit);
        if (startingAfter != null && !DELIVERY_ID.matcher(startingAfter).matches()) {
            throw ApiException.validation("The query parameters are not valid.", List.of(ErrorDetail.of("startingAfter",
                    "request.invalid_parameter", "startingAfter must be a webhook delivery id (whd_…).")));
        }
        List<WebhookDeliveries.Delivery> page = deliveries.ofEndpoint(id, startingAfter, pageSize + 1);
        List<WebhookDeliveries.Delivery> shown = page.stream().limit(pageSize).toList();
        Map<String, List<WebhookDeliveries.Attempt>> attempts = deliveries.attempts(
                shown.stream().map(WebhookDeliveries.Delivery::id).toList()).stream()
                .collect(Collectors.groupingBy(WebhookDeliveries.Attempt::deliveryId, LinkedHashMap::new, Collectors.toList()));
        return list(shown.stream().map(delivery -> deliveryView(delivery, attempts.getOrDefault(delivery.id(), List.of())))
                .toList(), page.size() > pageSize, "/v1/webhook-endpoints/" + id + "/deliveries");
    }

    @GetMapping(path = "/v1/webhook-deliveries/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> delivery(Caller caller, @PathVariable String id) {
        WebhookDeliveries.Delivery delivery = findDelivery(caller, id);
        return deliveryView(delivery, deliveries.attempts(List.of(id)));
    }

    /** Sends a delivery again now (a dead letter, or a delivered event the receiver lost). */
    @PostMapping(path = "/v1/webhook-deliveries/{id}/retry", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> retry(Caller caller, @PathVariable String id) {
        findDelivery(caller, id);
        if (!deliveries.retryNow(id, clock.instant())) {
            throw new ApiException(HttpStatus.CONFLICT, "webhook.delivery_in_flight",
                    "This delivery is being sent right now; look at its log in a moment.");
        }
        WebhookDeliveries.Delivery delivery = findDelivery(caller, id);
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(deliveryView(delivery, deliveries.attempts(List.of(id))));
    }

    private WebhookEndpoint find(Caller caller, String id) {
        return endpoints.find(caller.organizationId(), caller.environment().wireName(), id)
                .orElseThrow(() -> ApiException.notFound("Webhook endpoint " + id));
    }

    private WebhookDeliveries.Delivery findDelivery(Caller caller, String id) {
        return deliveries.find(caller.organizationId(), caller.environment().wireName(), id)
                .orElseThrow(() -> ApiException.notFound("Webhook delivery " + id));
    }

    private static int limit(String limit) {
        if (limit == null) {
            return DEFAULT_LIMIT;
        }
        try {
            int value = Integer.parseInt(limit);
            if (value >= 1 && value <= MAX_LIMIT) {
                return value;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiException.validation("The query parameters are not valid.", List.of(ErrorDetail.of("limit",
                "request.invalid_limit", "limit must be a whole number from 1 to " + MAX_LIMIT + ".")));
    }

    /** Reads and checks the body; {@code creating} requires url. Every problem is reported at once (422). */
    private EndpointFields read(Caller caller, byte[] body, boolean creating) {
        if (body == null || body.length == 0) {
            throw ApiException.badRequest("request.malformed_json", "The request body is empty.", null);
        }
        JsonNode tree = requestJson.readTree(body);
        if (!tree.isObject()) {
            throw ApiException.badRequest("request.malformed_json", "The request body must be a JSON object.", null);
        }
        List<ErrorDetail> problems = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        for (String name : tree.propertyNames()) {
            if (!FIELDS.contains(name)) {
                unknown.add(name);
            }
        }
        List<ErrorDetail> warnings = requestJson.unknownFields(unknown);

        String url = null;
        JsonNode urlNode = tree.get("url");
        if (urlNode == null || urlNode.isNull()) {
            if (creating || urlNode != null) {
                problems.add(ErrorDetail.of("url", "field.required", "url is required: where to POST the events."));
            }
        } else if (!urlNode.isString()) {
            problems.add(ErrorDetail.of("url", "field.invalid_type", "url must be a string."));
        } else if (urlNode.asString().length() > MAX_URL_LENGTH) {
            problems.add(ErrorDetail.of("url", "field.too_long", "url may have at most " + MAX_URL_LENGTH + " characters."));
        } else {
            url = urlNode.asString();
            ReceiverAddresses.Refusal refusal = addresses.check(url, caller.environment());
            if (refusal != null) {
                problems.add(ErrorDetail.of("url", refusal.code(), refusal.message()));
            }
        }

        List<String> events = null;
        JsonNode eventsNode = tree.get("events");
        if (eventsNode != null) {
            if (!eventsNode.isArray() || eventsNode.isEmpty()) {
                problems.add(ErrorDetail.of("events", "field.invalid_type", "events must be a non-empty array of event types ("
                        + String.join(", ", EventType.subscribableWireNames()) + ")."));
            } else {
                Set<String> types = new LinkedHashSet<>();
                for (int i = 0; i < eventsNode.size(); i++) {
                    JsonNode type = eventsNode.get(i);
                    if (!type.isString() || EventType.fromWireName(type.asString()).filter(EventType::subscribable).isEmpty()) {
                        problems.add(ErrorDetail.of("events[" + i + "]", "webhook.unknown_event_type",
                                "Unknown event type " + type + "; known: " + String.join(", ", EventType.subscribableWireNames()) + "."));
                    } else {
                        types.add(type.asString());
                    }
                }
                events = List.copyOf(types);
            }
        }

        String description = null;
        JsonNode descriptionNode = tree.get("description");
        if (descriptionNode != null && !descriptionNode.isNull()) {
            if (!descriptionNode.isString()) {
                problems.add(ErrorDetail.of("description", "field.invalid_type", "description must be a string."));
            } else if (descriptionNode.asString().length() > MAX_DESCRIPTION_LENGTH) {
                problems.add(ErrorDetail.of("description", "field.too_long",
                        "description may have at most " + MAX_DESCRIPTION_LENGTH + " characters."));
            } else {
                description = descriptionNode.asString();
            }
        }

        Boolean enabled = null;
        JsonNode enabledNode = tree.get("enabled");
        if (enabledNode != null && !enabledNode.isNull()) {
            if (!enabledNode.isBoolean()) {
                problems.add(ErrorDetail.of("enabled", "field.invalid_type", "enabled must be true or false."));
            } else {
                enabled = enabledNode.asBoolean();
            }
        }
        if (!problems.isEmpty()) {
            throw ApiException.validation("The webhook endpoint is not valid.", problems);
        }
        return new EndpointFields(url, events, description, enabled, warnings);
    }

    private static void warnings(Map<String, Object> view, List<ErrorDetail> warnings) {
        if (!warnings.isEmpty()) {
            view.put("warnings", warnings);
        }
    }

    /** The endpoint as the API shows it; the signing secret never appears here. */
    static Map<String, Object> view(WebhookEndpoint endpoint) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", endpoint.id());
        view.put("object", "webhook_endpoint");
        view.put("url", endpoint.url());
        view.put("description", endpoint.description());
        view.put("events", endpoint.eventTypes());
        view.put("enabled", endpoint.enabled());
        view.put("disabledReason", endpoint.disabledReason());
        view.put("disabledAt", endpoint.disabledAt());
        view.put("consecutiveFailures", endpoint.consecutiveFailures());
        view.put("previousSecretExpiresAt", endpoint.previousSecretExpiresAt());
        view.put("environment", endpoint.environment());
        view.put("createdAt", endpoint.createdAt());
        view.put("updatedAt", endpoint.updatedAt());
        return view;
    }

    private static Map<String, Object> deliveryView(WebhookDeliveries.Delivery delivery, List<WebhookDeliveries.Attempt> attempts) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", delivery.id());
        view.put("object", "webhook_delivery");
        view.put("endpointId", delivery.endpointId());
        view.put("eventId", delivery.eventId());
        view.put("eventType", delivery.eventType());
        view.put("status", delivery.status());
        view.put("attemptCount", delivery.attempts());
        view.put("nextAttemptAt", delivery.nextAttemptAt());
        view.put("deliveredAt", delivery.deliveredAt());
        view.put("createdAt", delivery.createdAt());
        view.put("attempts", attempts.stream().map(attempt -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("at", attempt.at());
            entry.put("httpStatus", attempt.httpStatus());
            entry.put("latencyMs", attempt.latencyMs());
            entry.put("responseExcerpt", attempt.responseExcerpt());
            entry.put("error", attempt.error());
            return entry;
        }).toList());
        return view;
    }

    private static Map<String, Object> list(List<?> data, boolean hasMore, String url) {
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("object", "list");
        page.put("data", data);
        page.put("hasMore", hasMore);
        page.put("url", url);
        return page;
    }
}
