package dev.openirn.server.ewaybill;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.openirn.server.auth.Caller;
import dev.openirn.server.web.ApiException;
import dev.openirn.server.web.ErrorDetail;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.util.MultiValueMap;

/**
 * {@code GET /v1/ewaybills}: the caller's bills, newest first, as a list object with a keyset cursor on the id
 * (ids are {@code ewb_} + a monotonic ULID, so id order is creation order and pages never shift).
 */
@Component
public class EwayBillListing {

    static final String URL = "/v1/ewaybills";
    private static final int DEFAULT_LIMIT = 10;
    private static final int MAX_LIMIT = 100;
    private static final Pattern ID = Pattern.compile("ewb_[0-9A-HJKMNP-TV-Z]{26}");
    private static final Set<String> PARAMETERS = Set.of("limit", "startingAfter", "endingBefore", "status", "documentNumber",
            "generatorGstin", "fromGstin", "toGstin", "ewbNumber", "vehicleNumber", "eInvoiceId", "documentDate[gte]",
            "documentDate[lte]", "createdAt[gte]", "createdAt[lte]");

    private final JdbcClient jdbc;
    private final EwayBillViews views;

    EwayBillListing(JdbcClient jdbc, EwayBillViews views) {
        this.jdbc = jdbc;
        this.views = views;
    }

    @JsonPropertyOrder({"object", "data", "hasMore", "url"})
    public record EwayBillPage(String object, List<EwayBillView> data, boolean hasMore, String url) {
    }

    public EwayBillPage list(Caller caller, MultiValueMap<String, String> parameters) {
        List<ErrorDetail> errors = new ArrayList<>();
        for (String name : parameters.keySet()) {
            if (!PARAMETERS.contains(name)) {
                errors.add(ErrorDetail.of(name, "unknown_parameter", "Unknown query parameter " + name + "."));
            } else if (parameters.get(name).size() > 1) {
                errors.add(ErrorDetail.of(name, "repeated_parameter", name + " may be given once."));
            }
        }
        StringBuilder where = new StringBuilder("organization_id = :org and environment = :env");
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("org", caller.organizationId());
        params.put("env", caller.environment().wireName());
        int limit = DEFAULT_LIMIT;
        String limitText = parameters.getFirst("limit");
        if (limitText != null) {
            try {
                limit = Integer.parseInt(limitText);
                if (limit < 1 || limit > MAX_LIMIT) {
                    errors.add(ErrorDetail.of("limit", "out_of_range", "limit is 1 to " + MAX_LIMIT + "."));
                }
            } catch (NumberFormatException e) {
                errors.add(ErrorDetail.of("limit", "invalid_type", "limit is a whole number."));
            }
        }
        String after = parameters.getFirst("startingAfter");
        String before = parameters.getFirst("endingBefore");
        if (after != null && before != null) {
            errors.add(ErrorDetail.of("endingBefore", "conflict", "Give startingAfter or endingBefore, not both."));
        }
        for (String[] cursor : new String[][] {{"startingAfter", after, "id < :after"}, {"endingBefore", before, "id > :before"}}) {
            if (cursor[1] != null) {
                if (!ID.matcher(cursor[1]).matches()) {
                    errors.add(ErrorDetail.of(cursor[0], "invalid_id", "Not an e-way bill id."));
                } else {
                    where.append(" and ").append(cursor[2]);
                    params.put(cursor[0].equals("startingAfter") ? "after" : "before", cursor[1]);
                }
            }
        }
        String status = parameters.getFirst("status");
        if (status != null) {
            try {
                params.put("status", EwayBillStatus.fromWireName(status).wireName());
                where.append(" and status = :status");
            } catch (IllegalArgumentException e) {
                errors.add(ErrorDetail.of("status", "invalid_value", "Unknown status " + status + "."));
            }
        }
        equality(parameters, "generatorGstin", "generator_gstin", where, params, true);
        equality(parameters, "fromGstin", "from_gstin", where, params, true);
        equality(parameters, "toGstin", "to_gstin", where, params, true);
        equality(parameters, "eInvoiceId", "einvoice_id", where, params, false);
        String documentNumber = parameters.getFirst("documentNumber");
        if (documentNumber != null) {
            where.append(" and upper(document_number) = upper(:documentNumber)");
            params.put("documentNumber", documentNumber.trim());
        }
        String ewbNumber = parameters.getFirst("ewbNumber");
        if (ewbNumber != null) {
            if (!ewbNumber.matches("\\d{1,15}")) {
                errors.add(ErrorDetail.of("ewbNumber", "invalid_format", "E-way bill numbers are 12 digits."));
            } else {
                where.append(" and ewb_number = :ewbNumber");
                params.put("ewbNumber", Long.parseLong(ewbNumber));
            }
        }
        String vehicle = parameters.getFirst("vehicleNumber");
        if (vehicle != null) {
            // Any bill that carried the vehicle, now or earlier in its vehicle history.
            where.append(" and (vehicle_number = :vehicle or exists (select 1 from ewaybill_event e where"
                    + " e.ewaybill_id = ewaybill.id and e.kind = 'vehicle' and e.vehicle_number = :vehicle"
                    + " and (e.state is null or e.state = 'done')))"); // a Part-B still pending or refused carried nothing
            params.put("vehicle", vehicle.toUpperCase(Locale.ROOT).replaceAll("[\\s-]", ""));
        }
        dateRange(parameters, "documentDate", "document_date", where, params, errors, false);
        dateRange(parameters, "createdAt", "created_at", where, params, errors, true);
        if (!errors.isEmpty()) {
            throw ApiException.validation("Invalid list parameters.", errors);
        }
        boolean backwards = before != null;
        String sql = "select " + EwayBills.COLUMNS + " from ewaybill where " + where + " order by id "
                + (backwards ? "asc" : "desc") + " limit :limit";
        params.put("limit", limit + 1);
        JdbcClient.StatementSpec statement = jdbc.sql(sql);
        for (Map.Entry<String, Object> param : params.entrySet()) {
            statement = statement.param(param.getKey(), param.getValue());
        }
        List<EwayBill> rows = new ArrayList<>(statement.query(EwayBills::map).list());
        boolean hasMore = rows.size() > limit;
        if (hasMore) {
            rows = new ArrayList<>(rows.subList(0, limit));
        }
        if (backwards) {
            java.util.Collections.reverse(rows);
        }
        return new EwayBillPage("list", rows.stream().map(views::view).toList(), hasMore, URL);
    }

    private static void equality(MultiValueMap<String, String> parameters, String name, String column, StringBuilder where,
            Map<String, Object> params, boolean upper) {
        String value = parameters.getFirst(name);
        if (value != null) {
            where.append(" and ").append(column).append(" = :").append(name);
            params.put(name, upper ? value.trim().toUpperCase(Locale.ROOT) : value.trim());
        }
    }

    private static void dateRange(MultiValueMap<String, String> parameters, String name, String column, StringBuilder where,
            Map<String, Object> params, List<ErrorDetail> errors, boolean timestamp) {
        for (String bound : List.of("gte", "lte")) {
            String key = name + "[" + bound + "]";
            String value = parameters.getFirst(key);
            if (value == null) {
                continue;
            }
            String param = name + "_" + bound;
            try {
                Object parsed;
                if (timestamp) {
                    parsed = value.length() == 10 ? Timestamp.from(LocalDate.parse(value).atStartOfDay(java.time.ZoneOffset.UTC)
                            .toInstant().plus(bound.equals("lte") ? java.time.Duration.ofDays(1).minusNanos(1000) : java.time.Duration.ZERO))
                            : Timestamp.from(Instant.parse(value));
                } else {
                    parsed = LocalDate.parse(value);
                }
                where.append(" and ").append(column).append(bound.equals("gte") ? " >= :" : " <= :").append(param);
                params.put(param, parsed);
            } catch (DateTimeParseException e) {
                errors.add(ErrorDetail.of(key, "invalid_date", key + " is a date (YYYY-MM-DD)" + (timestamp ? " or an instant." : ".")));
            }
        }
    }
}
