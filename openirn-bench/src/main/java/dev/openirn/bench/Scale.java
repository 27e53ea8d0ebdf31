package dev.openirn.bench;

import static dev.openirn.bench.MarkdownReport.fmt;

import java.io.IOException;
import java.io.Reader;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.postgresql.PGConnection;

/**
 * Storage and search at scale, on the server's own PostgreSQL after the other scenarios: e-invoices
 * cloned from a real generated row (same payload, signatures and audit trail sizes) are loaded with
 * {@code COPY} across {@code tenants} organizations, spread over a year. At {@code storageAt} rows the bytes
 * per e-invoice are measured (table, TOAST, indexes, audit trail; idempotency keys apart, as they live 24 h);
 * at {@code total} rows list/search and get-by-IRN latencies are measured through the API for the
 * benchmark client's tenant, and the plans of the list queries are recorded.
 */
final class Scale {

    private static final ZoneId IST = ZoneId.of("Asia/Kolkata");
    private static final int SELLERS_PER_TENANT = 5;
    private static final int BUYERS_PER_TENANT = 200;
    private static final int SAMPLES = 200;

    private final Http http;
    private final MarkdownReport report;
    private final int total;
    private final int storageAt;
    private final int tenants;

    Scale(Http http, MarkdownReport report, int total, int storageAt, int tenants) {
        this.http = http;
        this.report = report;
        this.total = total;
        this.storageAt = storageAt;
        this.tenants = tenants;
    }

    /** A generated row of this run, whose payloads every clone carries. */
    private record Template(String nicPayload, String signedInvoice, String signedQrCode, String clientId,
            String organizationId, List<String[]> events) {
    }

    void run(String jdbcUrl, String password, String base, Http.Tokens tokens) throws Exception {
        try (Connection db = DriverManager.getConnection(jdbcUrl, "postgres", password)) {
            Template template = template(db);
            List<String> organizations = organizations(db, template.organizationId());
            long existing = count(db);
            long loadedAt = System.nanoTime();
            long firstLoad = Math.max(0, Math.min(storageAt, total) - existing);
            load(db, template, organizations, 0, firstLoad);
            storage(db);
            long rest = Math.max(0, total - count(db));
            load(db, template, organizations, firstLoad, rest);
            double seconds = (System.nanoTime() - loadedAt) / 1e9;
            try (Statement statement = db.createStatement()) {
                statement.execute("analyze einvoice");
                statement.execute("analyze einvoice_event");
            }
            long rows = count(db);
            report.other("Scale: e-invoices in the database / tenants / loaded with COPY in, s",
                    rows + " / " + tenants + " / " + fmt(seconds, "%.0f"));
            report.other("Scale: database size at " + rows + " e-invoices (pg_database_size), GiB",
                    fmt(databaseBytes(db) / 1024.0 / 1024 / 1024, "%.2f"));
            search(db, base, tokens, template.organizationId(), rows);
        }
    }

    private static long count(Connection db) throws SQLException {
        try (Statement statement = db.createStatement(); ResultSet rs = statement.executeQuery("select count(*) from einvoice")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static long databaseBytes(Connection db) throws SQLException {
        try (Statement statement = db.createStatement();
                ResultSet rs = statement.executeQuery("select pg_database_size(current_database())")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static Template template(Connection db) throws SQLException {
        try (Statement statement = db.createStatement(); ResultSet rs = statement.executeQuery("""
                select id, nic_payload, signed_invoice, signed_qr_code, client_id, organization_id from einvoice
                where status = 'generated' and environment = 'test' order by created_at limit 1""")) {
            if (!rs.next()) {
                throw new IllegalStateException("no generated e-invoice to clone");
            }
            String id = rs.getString(1);
            List<String[]> events = new ArrayList<>();
            try (PreparedStatement select = db.prepareStatement(
                    "select from_status, to_status, attempt, note from einvoice_event where einvoice_id = ? order by id")) {
                select.setString(1, id);
                try (ResultSet e = select.executeQuery()) {
                    while (e.next()) {
                        events.add(new String[] {e.getString(1), e.getString(2), Integer.toString(e.getInt(3)), e.getString(4)});
                    }
                }
            }
            return new Template(rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6), events);
        }
    }

    /** The benchmark client's organization and {@code tenants - 1} more. */
    private List<String> organizations(Connection db, String benchOrganization) throws SQLException {
        List<String> ids = new ArrayList<>(List.of(benchOrganization));
        try (PreparedStatement insert = db.prepareStatement(
                "insert into organization (id, name) values (?, ?) on conflict do nothing")) {
            for (int t = 1; t < tenants; t++) {
                String id = String.format(Locale.ROOT, "org_scale_%03d", t);
                insert.setString(1, id);
                insert.setString(2, "Scale tenant " + t);
                insert.addBatch();
                ids.add(id);
            }
            insert.executeBatch();
        }
        return ids;
    }

    /** COPYs {@code count} clones numbered from {@code from}, with their audit rows. */
    private void load(Connection db, Template template, List<String> organizations, long from, long count)
            throws SQLException, IOException {
        if (count <= 0) {
            return;
        }
        var copy = db.unwrap(PGConnection.class).getCopyAPI();
        boolean autoCommit = db.getAutoCommit();
        db.setAutoCommit(false);
        try {
            Instant now = Instant.now();
            long span = Duration.ofDays(365).toMillis();
            copy.copyIn("""
                    copy einvoice (id, organization_id, environment, client_id, status, supply_type, seller_gstin,
                        buyer_gstin, document_type, invoice_number, document_number_key, invoice_date, financial_year,
                        total_invoice_value, expected_irn, nic_payload, payload_hash, irn, ack_number, ack_date,
                        signed_invoice, signed_qr_code, generated_at, attempts, cancelled_at, cancel_reason_code,
                        cancellation_reason, error_code, error_message, created_at, updated_at, give_up_clock_from)
                    from stdin with (format csv)""", new Rows(count, n -> einvoiceRow(template, organizations, from + n,
                    now, span)));
            copy.copyIn("""
                    copy einvoice_event (einvoice_id, organization_id, at, from_status, to_status, attempt, note)
                    from stdin with (format csv)""", new Rows(count, n -> eventRows(template, organizations, from + n,
                    now, span)));
            db.commit();
        } finally {
            db.setAutoCommit(autoCommit);
        }
    }

    /** Clone {@code n}: its tenant, seller, buyer and time; ids ascend with time as the server's ULIDs do. */
    private String einvoiceRow(Template t, List<String> organizations, long n, Instant now, long span) {
        Instant created = created(n, now, span);
        String organization = organizations.get((int) (n % organizations.size()));
        String status = status(n);
        LocalDate date = created.atZone(IST).toLocalDate();
        int fyStart = date.getMonthValue() >= 4 ? date.getYear() : date.getYear() - 1;
        String number = "S" + n;
        boolean registered = !status.equals("failed_terminal");
        String irn = registered ? irn(n) : null;
        String at = created.toString();
        return csv(id(n, created), organization, "test", t.clientId(), status, "B2B", seller(organization, n),
                buyer(organization, n), "INV", number, number, date.toString(),
                fyStart + "-" + String.format(Locale.ROOT, "%02d", (fyStart + 1) % 100),
                new BigDecimal(1000 + n % 100000).toPlainString(), irn(n ^ 0x5a5a5a5aL), t.nicPayload(), irn(n + 7),
                irn, registered ? Long.toString(112010000000000L + n) : null, registered ? at : null,
                registered ? t.signedInvoice() : null, registered ? t.signedQrCode() : null, registered ? at : null,
                "1", status.equals("cancelled") ? at : null, status.equals("cancelled") ? "2" : null,
                status.equals("cancelled") ? "Order cancelled" : null,
                registered ? null : "irp.rejected", registered ? null : "Rejected by the IRP", at, at, at);
    }

    private String eventRows(Template t, List<String> organizations, long n, Instant now, long span) {
        Instant created = created(n, now, span);
        String id = id(n, created);
        String organization = organizations.get((int) (n % organizations.size()));
        StringBuilder rows = new StringBuilder();
        for (String[] event : t.events()) {
            rows.append(csv(id, organization, created.toString(), event[0], event[1], event[2], event[3]));
        }
        return rows.toString();
    }

    private Instant created(long n, Instant now, long span) {
        return now.minusMillis(span - span * n / Math.max(1, total));
    }

    private static String status(long n) {
        // Mixed, so that the statuses do not follow the tenant (also chosen by n modulo).
        long bucket = Math.floorMod(n * 0x9E3779B97F4A7C15L >>> 17, 100L);
        return bucket == 0 ? "failed_terminal" : bucket <= 2 ? "cancelled" : "generated";
    }

    static String seller(String organization, long n) {
        return gstin(organization, "S", (int) (n / 7 % SELLERS_PER_TENANT));
    }

    static String buyer(String organization, long n) {
        return gstin(organization, "B", (int) (n / 3 % BUYERS_PER_TENANT));
    }

    /** 15 characters [0-9A-Z], distinct per tenant and party. */
    private static String gstin(String organization, String kind, int index) {
        String tenant = Integer.toString(Math.abs(organization.hashCode()) % 46656, 36).toUpperCase(Locale.ROOT);
        return String.format(Locale.ROOT, "29%3s%s%05dZ%3s", tenant, kind, index, "XYZ").replace(' ', '0').substring(0, 15);
    }

    static String irn(long n) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(Long.toString(n).getBytes(StandardCharsets.US_ASCII)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final char[] CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();

    /** {@code einv_} + a ULID-shaped id: 10 characters of milliseconds, 16 of the clone number. */
    static String id(long n, Instant created) {
        char[] out = new char[26];
        long time = created.toEpochMilli();
        for (int i = 9; i >= 0; i--) {
            out[i] = CROCKFORD[(int) (time & 31)];
            time >>>= 5;
        }
        long tail = n ^ 0x4000000000000L;
        for (int i = 25; i >= 10; i--) {
            out[i] = CROCKFORD[(int) (tail & 31)];
            tail >>>= 5;
        }
        return "einv_" + new String(out);
    }

    private static String csv(String... fields) {
        StringBuilder line = new StringBuilder(256);
        for (int i = 0; i < fields.length; i++) {
            if (i > 0) {
                line.append(',');
            }
            if (fields[i] != null) {
                line.append('"').append(fields[i].replace("\"", "\"\"")).append('"');
            }
        }
        return line.append('\n').toString();
    }

    /** The CSV of {@code count} generated rows, streamed to COPY. */
    private static final class Rows extends Reader {
        private final long count;
        private final java.util.function.LongFunction<String> row;
        private long next;
        private String current = "";
        private int position;

        Rows(long count, java.util.function.LongFunction<String> row) {
            this.count = count;
            this.row = row;
        }

        @Override
        public int read(char[] buffer, int offset, int length) {
            if (position == current.length()) {
                if (next == count) {
                    return -1;
                }
                current = row.apply(next++);
                position = 0;
            }
            int n = Math.min(length, current.length() - position);
            current.getChars(position, position + n, buffer, offset);
            position += n;
            return n;
        }

        @Override
        public void close() {
        }
    }

    // --- storage

    private void storage(Connection db) throws SQLException {
        try (Statement statement = db.createStatement()) {
            statement.execute("vacuum analyze einvoice");
            statement.execute("vacuum analyze einvoice_event");
            statement.execute("vacuum analyze idempotency_key");
        }
        long invoices = count(db);
        Map<String, Long> parts = new LinkedHashMap<>();
        try (Statement statement = db.createStatement(); ResultSet rs = statement.executeQuery("""
                select pg_relation_size('einvoice'), pg_table_size('einvoice') - pg_relation_size('einvoice'),
                       pg_indexes_size('einvoice'), pg_total_relation_size('einvoice_event'),
                       pg_total_relation_size('idempotency_key'), (select count(*) from idempotency_key)""")) {
            rs.next();
            parts.put("einvoice table", rs.getLong(1));
            parts.put("einvoice TOAST (signed invoice, QR, NIC payload)", rs.getLong(2));
            parts.put("einvoice indexes (" + indexCount(db) + ")", rs.getLong(3));
            parts.put("audit trail (einvoice_event, with its indexes)", rs.getLong(4));
            long keyBytes = rs.getLong(5);
            long keys = rs.getLong(6);
            double perInvoice = parts.values().stream().mapToLong(Long::longValue).sum() / (double) invoices;
            double perKey = keys == 0 ? 0 : keyBytes / (double) keys;
            parts.forEach((what, bytes) -> report.other("Storage at " + invoices + " e-invoices: " + what + ", bytes per e-invoice",
                    fmt(bytes / (double) invoices, "%.0f")));
            report.other("Storage: idempotency key with its stored answer (kept 24 h), bytes per key (" + keys + " keys)",
                    fmt(perKey, "%.0f"));
            report.other("Storage: kept per e-invoice (table, TOAST, indexes, audit), bytes", fmt(perInvoice, "%.0f"));
            report.target("Bytes per generated e-invoice ≤ 8 KiB (table, TOAST, indexes, audit, idempotency) at "
                    + invoices + " e-invoices", fmt(perInvoice, "%.0f") + " + " + fmt(perKey, "%.0f") + " idempotency = "
                    + fmt((perInvoice + perKey) / 1024, "%.2f") + " KiB", perInvoice + perKey <= 8192);
            double tenYears = perInvoice * 10_000_000 * 8 / 1024 / 1024 / 1024;
            report.other("Projection: 10 M e-invoices a year kept 8 years (80 M rows), GiB", fmt(tenYears, "%.0f"));
        }
    }

    private static int indexCount(Connection db) throws SQLException {
        try (Statement statement = db.createStatement();
                ResultSet rs = statement.executeQuery("select count(*) from pg_indexes where tablename = 'einvoice'")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    // --- search

    private void search(Connection db, String base, Http.Tokens tokens, String organization, long rows) throws Exception {
        long tenantRows;
        try (PreparedStatement count = db.prepareStatement("select count(*) from einvoice where organization_id = ?")) {
            count.setString(1, organization);
            try (ResultSet rs = count.executeQuery()) {
                rs.next();
                tenantRows = rs.getLong(1);
            }
        }
        // Pick real values of this tenant's clones to search for.
        long n = findClone(db, organization);
        LocalDate to = LocalDate.now(IST);
        Map<String, String> queries = new LinkedHashMap<>();
        queries.put("list, newest first", "limit=10");
        queries.put("list, second page (startingAfter)", "limit=10&startingAfter=" + secondPageCursor(db, organization));
        queries.put("search by seller", "sellerGstin=" + seller(organization, n));
        queries.put("search by buyer", "buyerGstin=" + buyer(organization, n));
        queries.put("search by status (failed_terminal, 1 %)", "status=failed_terminal");
        queries.put("search by invoice number", "invoiceNumber=S" + n);
        queries.put("search by invoice date, one month", "invoiceDate%5Bgte%5D=" + to.minusMonths(1)
                + "&invoiceDate%5Blte%5D=" + to);
        queries.put("search by seller and invoice date, one month", "sellerGstin=" + seller(organization, n)
                + "&invoiceDate%5Bgte%5D=" + to.minusMonths(1) + "&invoiceDate%5Blte%5D=" + to);
        List<Double> listP95s = new ArrayList<>();
        for (Map.Entry<String, String> query : queries.entrySet()) {
            double[] latency = latencies(base + "/v1/einvoices?" + query.getValue(), tokens);
            listP95s.add(latency[1]);
            report.other("Scale, " + query.getKey() + ": p50 / p95, ms (" + SAMPLES + " sequential requests)",
                    fmt(latency[0], "%.2f") + " / " + fmt(latency[1], "%.2f"));
        }
        double[] byIrn = latencies(base + "/v1/einvoices/irn/" + irn(n), tokens);
        report.other("Scale, get by IRN: p50 / p95, ms (" + SAMPLES + " sequential requests)",
                fmt(byIrn[0], "%.2f") + " / " + fmt(byIrn[1], "%.2f"));
        double worst = listP95s.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
        report.target("List/search p95 ≤ 20 ms at " + rows + " e-invoices (" + tenantRows + " in the tenant searched)",
                "worst p95 " + fmt(worst, "%.2f") + " ms over " + queries.size() + " queries", worst <= 20);
        report.target("Get by IRN p95 ≤ 5 ms at " + rows + " e-invoices", fmt(byIrn[1], "%.2f") + " ms", byIrn[1] <= 5);
        plans(db, organization, n, to);
    }

    /**
     * A clone well inside the tenant's list: clones are numbered S1, S2, …; invoices sent through the API earlier
     * in the run (S + run tag + sequence, e.g. SW4H-000042) share the letter but not the shape.
     */
    private static long findClone(Connection db, String organization) throws SQLException {
        try (PreparedStatement select = db.prepareStatement("""
                select invoice_number from einvoice where organization_id = ? and invoice_number ~ '^S[0-9]+$'
                  and status = 'generated' order by id desc limit 1 offset 100""")) {
            select.setString(1, organization);
            try (ResultSet rs = select.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("no clone in the benchmark tenant");
                }
                return Long.parseLong(rs.getString(1).substring(1));
            }
        }
    }

    private static String secondPageCursor(Connection db, String organization) throws SQLException {
        try (PreparedStatement select = db.prepareStatement(
                "select id from einvoice where organization_id = ? and environment = 'test' order by id desc limit 1 offset 9")) {
            select.setString(1, organization);
            try (ResultSet rs = select.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    /** p50 and p95 of sequential requests (one client: latency, not throughput), after 20 unmeasured. */
    private double[] latencies(String url, Http.Tokens tokens) throws Exception {
        double[] millis = new double[SAMPLES];
        for (int i = -20; i < SAMPLES; i++) {
            long start = System.nanoTime();
            HttpResponse<String> response = http.expect(Http.request(url).header("Authorization", tokens.bearer()).GET().build(), 200);
            if (i >= 0) {
                millis[i] = (System.nanoTime() - start) / 1e6;
            }
            if (response.body().isEmpty()) {
                throw new IOException("empty answer from " + url);
            }
        }
        Arrays.sort(millis);
        return new double[] {millis[SAMPLES / 2], millis[(int) Math.ceil(SAMPLES * 0.95) - 1]};
    }

    /** EXPLAIN (ANALYZE, BUFFERS) of the list queries as the server builds them; appended to the report. */
    private void plans(Connection db, String organization, long n, LocalDate to) throws SQLException {
        String select = "select * from einvoice where organization_id = '" + organization + "' and environment = 'test'";
        Map<String, String> queries = new LinkedHashMap<>();
        queries.put("list, newest first", select + " order by id desc limit 11");
        queries.put("search by seller", select + " and seller_gstin = '" + seller(organization, n) + "' order by id desc limit 11");
        queries.put("search by status (failed_terminal)", select + " and status = 'failed_terminal' order by id desc limit 11");
        queries.put("search by invoice number", select + " and document_number_key = 'S" + n + "' order by id desc limit 11");
        queries.put("search by invoice date, one month", select + " and invoice_date >= '" + to.minusMonths(1)
                + "' and invoice_date <= '" + to + "' order by id desc limit 11");
        queries.put("search by seller and invoice date, one month", select + " and seller_gstin = '" + seller(organization, n)
                + "' and invoice_date >= '" + to.minusMonths(1) + "' and invoice_date <= '" + to + "' order by id desc limit 11");
        queries.put("get by IRN", "select * from einvoice where irn = '" + irn(n) + "' and organization_id = '"
                + organization + "' and environment = 'test'");
        StringBuilder md = new StringBuilder("\n### Query plans at scale (EXPLAIN ANALYZE, BUFFERS; the server's queries with "
                + "its column list written as *)\n");
        try (Statement statement = db.createStatement()) {
            for (Map.Entry<String, String> query : queries.entrySet()) {
                md.append("\n").append(query.getKey()).append(":\n\n```\n");
                try (ResultSet rs = statement.executeQuery("explain (analyze, buffers) " + query.getValue())) {
                    while (rs.next()) {
                        md.append(rs.getString(1)).append('\n');
                    }
                }
                md.append("```\n");
            }
        }
        report.appendix(md.toString());
    }
}
