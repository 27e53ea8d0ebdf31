package dev.openirn.server.events;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.openirn.server.auth.Caller;
import dev.openirn.server.web.ApiException;
import dev.openirn.server.web.ErrorDetail;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /v1/events}: what happened, for catching up after a receiver was down. Newest first,
 * keyset-paginated by id (ULIDs sort by creation), filtered by {@code type} and {@code objectId};
 * each event is exactly the body its webhooks carry.
 */
@RestController
@RequestMapping(path = "/v1/events", produces = MediaType.APPLICATION_JSON_VALUE)
class EventsController {

    static final String URL = "/v1/events";
    static final int DEFAULT_LIMIT = 10;
    static final int MAX_LIMIT = 100;
    private static final Pattern ID = Pattern.compile("evt_[0-9A-HJKMNP-TV-Z]{26}");
    private static final Pattern OBJECT_ID = Pattern.compile("[a-z]{2,8}_[0-9A-HJKMNP-TV-Z]{26}");
    private static final Set<String> PARAMETERS = Set.of("limit", "startingAfter", "endingBefore", "type", "objectId");

    private final JdbcClient jdbc;
    private final JsonMapper json;

    EventsController(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    @JsonPropertyOrder({"object", "data", "hasMore", "url"})
    record Page(String object, List<JsonNode> data, boolean hasMore, String url) {
    }

    @GetMapping("/{id}")
    JsonNode get(Caller caller, @PathVariable String id) {
        return jdbc.sql("select " + EventPayloads.COLUMNS + " from api_event v " + EventPayloads.JOIN
                        + " where v.id = :id and v.organization_id = :org and v.environment = :env")
                .param("id", id).param("org", caller.organizationId()).param("env", caller.environment().wireName())
                .query((rs, n) -> EventPayloads.read(rs, 1)).optional()
                .map(json::readTree)
                .orElseThrow(() -> ApiException.notFound("Event " + id));
    }

    @GetMapping
    Page list(Caller caller, @RequestParam MultiValueMap<String, String> parameters) {
        List<ErrorDetail> problems = new ArrayList<>();
        for (String name : parameters.keySet()) {
            if (!PARAMETERS.contains(name)) {
                problems.add(ErrorDetail.of(name, "request.unknown_parameter", "Unknown query parameter " + name
                        + "; known: " + String.join(", ", PARAMETERS.stream().sorted().toList()) + "."));
            } else if (parameters.get(name).size() > 1) {
                problems.add(ErrorDetail.of(name, "request.repeated_parameter", name + " may be given once."));
            }
        }
        int limit = DEFAULT_LIMIT;
        String limitText = parameters.getFirst("limit");
        if (limitText != null) {
            try {
                limit = Integer.parseInt(limitText);
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > MAX_LIMIT) {
                problems.add(ErrorDetail.of("limit", "request.invalid_limit", "limit must be a whole number from 1 to " + MAX_LIMIT + "."));
            }
        }
        String startingAfter = parameters.getFirst("startingAfter");
        String endingBefore = parameters.getFirst("endingBefore");
        check(problems, "startingAfter", startingAfter, ID, "an event id (evt_…)");
        check(problems, "endingBefore", endingBefore, ID, "an event id (evt_…)");
        if (startingAfter != null && endingBefore != null) {
            problems.add(ErrorDetail.of("endingBefore", "request.conflicting_cursors", "Give startingAfter or endingBefore, not both."));
        }
        String type = parameters.getFirst("type");
        if (type != null && EventType.fromWireName(type).isEmpty()) {
            problems.add(ErrorDetail.of("type", "events.unknown_type", "type must be one of "
                    + String.join(", ", java.util.Arrays.stream(EventType.values()).map(EventType::wireName).toList()) + "."));
        }
        String objectId = parameters.getFirst("objectId");
        check(problems, "objectId", objectId, OBJECT_ID, "an object id such as einv_…");
        if (!problems.isEmpty()) {
            throw ApiException.validation("The query parameters are not valid.", problems);
        }

        boolean ascending = endingBefore != null;
        StringBuilder sql = new StringBuilder("select " + EventPayloads.COLUMNS + " from api_event v " + EventPayloads.JOIN
                + " where v.organization_id = :org and v.environment = :env");
        var statement = new java.util.LinkedHashMap<String, Object>();
        statement.put("org", caller.organizationId());
        statement.put("env", caller.environment().wireName());
        if (type != null) {
            sql.append(" and v.type = :type");
            statement.put("type", type);
        }
        if (objectId != null) {
            sql.append(" and v.object_id = :objectId");
            statement.put("objectId", objectId);
        }
        if (startingAfter != null) {
            sql.append(" and v.id < :cursor");
            statement.put("cursor", startingAfter);
        } else if (endingBefore != null) {
            sql.append(" and v.id > :cursor");
            statement.put("cursor", endingBefore);
        }
        sql.append(ascending ? " order by v.id asc" : " order by v.id desc").append(" limit :limit");
        statement.put("limit", limit + 1);
        List<String> rows = new ArrayList<>(jdbc.sql(sql.toString()).params(statement).query((rs, n) -> EventPayloads.read(rs, 1)).list());
        boolean hasMore = rows.size() > limit;
        if (hasMore) {
            rows = new ArrayList<>(rows.subList(0, limit));
        }
        if (ascending) {
            Collections.reverse(rows);
        }
        return new Page("list", rows.stream().map(json::readTree).toList(), hasMore, URL);
    }

    private static void check(List<ErrorDetail> problems, String field, String value, Pattern pattern, String what) {
        if (value != null && !pattern.matcher(value).matches()) {
            problems.add(ErrorDetail.of(field, "request.invalid_parameter", field + " must be " + what + "."));
        }
    }
}
