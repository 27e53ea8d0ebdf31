package dev.openirn.server.einvoice.listing;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.openirn.server.auth.Caller;
import dev.openirn.server.einvoice.CancelState;
import dev.openirn.server.einvoice.EInvoice;
import dev.openirn.server.einvoice.EInvoiceStatus;
import dev.openirn.server.einvoice.EInvoiceView;
import dev.openirn.server.einvoice.EInvoiceViews;
import dev.openirn.server.einvoice.EInvoices;
import dev.openirn.server.web.ApiException;
import dev.openirn.server.web.ErrorDetail;
import dev.openirn.server.web.RequestJson;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.util.MultiValueMap;

/**
 * {@code GET /v1/einvoices}: the caller's e-invoices, newest first, Stripe-style
 * ({@code {object: "list", data, hasMore, url}}). Ids are {@code einv_} + a
 * monotonic ULID, so id order is creation order and the cursor is a keyset condition on
 * {@code id}: a page never shifts when rows are inserted while a client pages through, and every
 * query is a range scan of an index that starts with (organization_id, environment) (V1, V4).
 */
@Component
public class EInvoiceListing {

    static final String URL = "/v1/einvoices";
    static final int DEFAULT_LIMIT = 10;
    static final int MAX_LIMIT = 100;
    /** Dates outside these years are typing errors, and some are beyond what PostgreSQL can compare. */
    static final int MIN_YEAR = 1900;
    static final int MAX_YEAR = 9999;
    private static final Instant EARLIEST = LocalDate.of(MIN_YEAR, 1, 1).atStartOfDay(ZoneOffset.UTC).toInstant();
    private static final Instant LATEST = LocalDate.of(MAX_YEAR + 1, 1, 1).atStartOfDay(ZoneOffset.UTC).toInstant().minusNanos(1);

    private static final Pattern ID = Pattern.compile("einv_[0-9A-HJKMNP-TV-Z]{26}");
    private static final Pattern GSTIN = Pattern.compile("[0-9A-Z]{15}");
    private static final Set<String> DOCUMENT_TYPES = Set.of("INV", "CRN", "DBN");
    private static final Set<String> PARAMETERS = Set.of("limit", "startingAfter", "endingBefore", "status", "sellerGstin",
            "buyerGstin", "documentType", "invoiceNumber", "invoiceDate[gte]", "invoiceDate[lte]", "createdAt[gte]",
            "createdAt[lte]");

    private final JdbcClient jdbc;
    private final EInvoiceViews views;

    EInvoiceListing(JdbcClient jdbc, EInvoiceViews views) {
        this.jdbc = jdbc;
        this.views = views;
    }

    /** The list object. */
    @JsonPropertyOrder({"object", "data", "hasMore", "url"})
    public record Page(String object, List<EInvoiceView> data, boolean hasMore, String url) {
    }

    /** Parsed, validated query parameters. */
    record Filters(int limit, String startingAfter, String endingBefore, String status, String sellerGstin,
            String buyerGstin, String documentType, String invoiceNumber, LocalDate invoiceDateGte,
            LocalDate invoiceDateLte, Instant createdAtGte, Instant createdAtLte) {

        static Filters none(int limit) {
            return new Filters(limit, null, null, null, null, null, null, null, null, null, null, null);
        }
    }

    /** The SQL a filter set runs, with its parameters: what {@link #list} executes and what a plan test explains. */
    record Query(String sql, Map<String, Object> params, boolean ascending) {
    }

    public Page list(Caller caller, MultiValueMap<String, String> parameters) {
        Filters filters = parse(parameters);
        Query query = query(caller.organizationId(), caller.environment().wireName(), filters);
        record Row(EInvoice invoice, CancelState cancel) {
        }
        List<Row> rows = new ArrayList<>(jdbc.sql(query.sql()).params(query.params())
                .query((rs, n) -> new Row(EInvoices.map(rs, n), EInvoices.mapCancelState(rs, n))).list());
        boolean hasMore = rows.size() > filters.limit();
        if (hasMore) {
            rows = new ArrayList<>(rows.subList(0, filters.limit()));
        }
        if (query.ascending()) {
            Collections.reverse(rows);
        }
        List<EInvoiceView> data = rows.stream()
                .map(row -> views.view(row.invoice(), row.invoice().status() == EInvoiceStatus.GENERATED ? row.cancel() : null))
                .toList();
        return new Page("list", data, hasMore, URL);
    }

    Query query(String organizationId, String environment, Filters f) {
        StringBuilder sql = new StringBuilder("select ").append(EInvoices.VIEW_COLUMNS).append(", ").append(EInvoices.CANCEL_COLUMNS)
                .append(" from einvoice where organization_id = :org and environment = :env");
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("org", organizationId);
        params.put("env", environment);
        condition(sql, params, "status = :status", "status", f.status());
        condition(sql, params, "seller_gstin = :seller", "seller", f.sellerGstin());
        condition(sql, params, "buyer_gstin = :buyer", "buyer", f.buyerGstin());
        condition(sql, params, "document_type = :type", "type", f.documentType());
        condition(sql, params, "document_number_key = :number", "number",
                f.invoiceNumber() == null ? null : f.invoiceNumber().toUpperCase(Locale.ROOT));
        // Ranges are written into the SQL as literals (parsed and bounded values, never raw text): with
        // parameters, a prepared statement soon runs PostgreSQL's generic plan, which guesses a range
        // selects 0.5 % of the rows, reads the date index and sorts, instead of walking the id index for
        // limit + 1 rows as the plan for the actual dates does.
        literal(sql, "invoice_date >= date ", f.invoiceDateGte());
        literal(sql, "invoice_date <= date ", f.invoiceDateLte());
        literal(sql, "created_at >= timestamptz ", f.createdAtGte());
        literal(sql, "created_at <= timestamptz ", f.createdAtLte());
        boolean ascending = f.endingBefore() != null;
        condition(sql, params, "id < :after", "after", f.startingAfter());
        condition(sql, params, "id > :before", "before", f.endingBefore());
        // endingBefore reads the page just newer than the cursor: ascending from it, reversed in memory.
        sql.append(ascending ? " order by id asc" : " order by id desc").append(" limit :fetch");
        params.put("fetch", f.limit() + 1);
        return new Query(sql.toString(), params, ascending);
    }

    /** A date or instant of {@link #parse} (ISO text, digits, '-', ':', '.', 'T' and 'Z' only) as a quoted SQL literal. */
    private static void literal(StringBuilder sql, String clause, Object value) {
        if (value != null) {
            String text = value.toString();
            if (!SAFE_LITERAL.matcher(text).matches()) {
                throw new IllegalArgumentException("Not a date or instant: " + text);
            }
            sql.append(" and ").append(clause).append('\'').append(text).append('\'');
        }
    }

    private static final Pattern SAFE_LITERAL = Pattern.compile("[0-9][0-9T:.Z-]*");

    private static void condition(StringBuilder sql, Map<String, Object> params, String clause, String name, Object value) {
        if (value != null) {
            sql.append(" and ").append(clause);
            params.put(name, value);
        }
    }

    static Filters parse(MultiValueMap<String, String> parameters) {
        List<ErrorDetail> errors = new ArrayList<>();
        for (String name : parameters.keySet()) {
            if (!PARAMETERS.contains(name)) {
                errors.add(ErrorDetail.of(name, "request.parameter_unknown", "Unknown query parameter " + name
                        + "; known: limit, startingAfter, endingBefore, status, sellerGstin, buyerGstin, documentType, "
                        + "invoiceNumber, invoiceDate[gte], invoiceDate[lte], createdAt[gte], createdAt[lte]."));
            } else if (parameters.get(name).size() > 1) {
                errors.add(ErrorDetail.of(name, "request.parameter_repeated", "Query parameter " + name + " is given more than once."));
            }
        }
        int limit = DEFAULT_LIMIT;
        String limitText = parameters.getFirst("limit");
        if (limitText != null) {
            try {
                limit = Integer.parseInt(limitText.trim());
                if (limit < 1 || limit > MAX_LIMIT) {
                    errors.add(invalid("limit", "limit must be between 1 and 100."));
                }
            } catch (NumberFormatException e) {
                errors.add(invalid("limit", "limit must be an integer between 1 and 100."));
            }
        }
        String startingAfter = id(parameters, "startingAfter", errors);
        String endingBefore = id(parameters, "endingBefore", errors);
        if (startingAfter != null && endingBefore != null) {
            errors.add(invalid("endingBefore", "Give startingAfter or endingBefore, not both."));
        }
        String status = parameters.getFirst("status");
        if (status != null) {
            status = status.trim().toLowerCase(Locale.ROOT);
            try {
                EInvoiceStatus.fromWireName(status);
            } catch (IllegalArgumentException e) {
                errors.add(invalid("status", "status must be one of pending, queued, generated, cancelled, "
                        + "failed_retriable, failed_terminal, not_applicable."));
            }
        }
        String seller = gstin(parameters, "sellerGstin", errors);
        String buyer = gstin(parameters, "buyerGstin", errors);
        String type = parameters.getFirst("documentType");
        if (type != null) {
            type = type.trim().toUpperCase(Locale.ROOT);
            if (!DOCUMENT_TYPES.contains(type)) {
                errors.add(invalid("documentType", "documentType must be INV, CRN or DBN."));
            }
        }
        String number = parameters.getFirst("invoiceNumber");
        if (number != null && (number.isBlank() || number.length() > 16)) {
            errors.add(invalid("invoiceNumber", "invoiceNumber must be 1 to 16 characters."));
        } else if (number != null && RequestJson.controlCharacter(number) >= 0) {
            errors.add(invalid("invoiceNumber", "invoiceNumber " + RequestJson.describeControlCharacter(
                    RequestJson.controlCharacter(number)) + "."));
        }
        LocalDate dateFrom = date(parameters, "invoiceDate[gte]", errors);
        LocalDate dateTo = date(parameters, "invoiceDate[lte]", errors);
        Instant createdFrom = instant(parameters, "createdAt[gte]", errors);
        Instant createdTo = instant(parameters, "createdAt[lte]", errors);
        if (!errors.isEmpty()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "request.parameter_invalid",
                    errors.size() == 1 ? errors.get(0).message() : "Some query parameters are invalid; see details.",
                    errors, null, null);
        }
        return new Filters(limit, startingAfter, endingBefore, status, seller, buyer, type, number == null ? null : number.trim(),
                dateFrom, dateTo, createdFrom, createdTo);
    }

    private static String id(MultiValueMap<String, String> parameters, String name, List<ErrorDetail> errors) {
        String value = parameters.getFirst(name);
        if (value != null && !ID.matcher(value).matches()) {
            errors.add(invalid(name, name + " must be an e-invoice id (einv_ followed by 26 characters)."));
        }
        return value;
    }

    private static String gstin(MultiValueMap<String, String> parameters, String name, List<ErrorDetail> errors) {
        String value = parameters.getFirst(name);
        if (value == null) {
            return null;
        }
        value = value.trim().toUpperCase(Locale.ROOT);
        if (!GSTIN.matcher(value).matches()) {
            errors.add(invalid(name, name + " must be a 15-character GSTIN."));
        }
        return value;
    }

    private static LocalDate date(MultiValueMap<String, String> parameters, String name, List<ErrorDetail> errors) {
        String value = parameters.getFirst(name);
        if (value == null) {
            return null;
        }
        try {
            LocalDate date = LocalDate.parse(value.trim());
            if (date.getYear() < MIN_YEAR || date.getYear() > MAX_YEAR) {
                errors.add(invalid(name, name + " must be a date between " + MIN_YEAR + " and " + MAX_YEAR + "."));
                return null;
            }
            return date;
        } catch (DateTimeParseException e) {
            errors.add(invalid(name, name + " must be a date YYYY-MM-DD."));
            return null;
        }
    }

    /** An ISO-8601 instant ({@code 2026-05-04T11:42:18Z}) or Unix seconds. */
    private static Instant instant(MultiValueMap<String, String> parameters, String name, List<ErrorDetail> errors) {
        String value = parameters.getFirst(name);
        if (value == null) {
            return null;
        }
        String text = value.trim();
        try {
            Instant instant = text.matches("\\d{1,12}") ? Instant.ofEpochSecond(Long.parseLong(text)) : Instant.parse(text);
            if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
                errors.add(invalid(name, name + " must be an instant between the years " + MIN_YEAR + " and " + MAX_YEAR + "."));
                return null;
            }
            return instant;
        } catch (DateTimeParseException | NumberFormatException e) {
            errors.add(invalid(name, name + " must be an ISO-8601 instant (2026-05-04T11:42:18Z) or Unix seconds."));
            return null;
        }
    }

    private static ErrorDetail invalid(String field, String message) {
        return ErrorDetail.of(field, "request.parameter_invalid", message);
    }
}
