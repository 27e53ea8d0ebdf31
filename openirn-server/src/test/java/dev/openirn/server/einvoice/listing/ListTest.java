package dev.openirn.server.einvoice.listing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openirn.server.ApiClient;
import dev.openirn.server.ServerTest;
import dev.openirn.server.tenancy.ApiClients;
import dev.openirn.server.tenancy.ApiEnvironment;
import dev.openirn.server.tenancy.IssuedClient;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** {@code GET /v1/einvoices}: keyset pagination, filters, parameter errors, tenant scope, index use. */
class ListTest extends ServerTest {

    private static final String QUICKSTART_SELLER = "29ABCDE1234F1Z5";
    private static final String QUICKSTART_BUYER = "27FGHIJ5678K1Z2";

    @Autowired
    EInvoiceListing listing;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    ApiClients clients;

    @Autowired
    javax.sql.DataSource dataSource;

    /** A seller GSTIN no other test uses, so this test's invoices can be told apart in the shared database. */
    static String uniqueSeller() {
        StringBuilder letters = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            letters.append((char) ('A' + ThreadLocalRandom.current().nextInt(26)));
        }
        return "29" + letters + "1234F1Z5";
    }

    static String body(String seller, String number) {
        return ApiClient.quickstartWithNumber(number).replace(QUICKSTART_SELLER, seller);
    }

    private JsonNode create(String body, String key) {
        ApiClient.Reply created = api.post("/v1/einvoices", body, key);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json();
    }

    @Test
    void pagingThrough250InvoicesWhileOthersAreInsertedReturnsEachExactlyOnceNewestFirst() throws Exception {
        String seller = uniqueSeller();
        api.token();
        ExecutorService pool = Executors.newFixedThreadPool(6);
        List<Future<String>> creations = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            String number = "P" + seller.substring(2, 7) + "-" + i;
            creations.add(pool.submit(() -> create(body(seller, number), "page-" + number).get("id").asString()));
        }
        Set<String> existing = new HashSet<>();
        for (Future<String> creation : creations) {
            existing.add(creation.get(120, TimeUnit.SECONDS));
        }
        assertThat(existing).hasSize(250);

        AtomicBoolean paging = new AtomicBoolean(true);
        AtomicInteger inserted = new AtomicInteger();
        Future<?> inserter = pool.submit(() -> {
            for (int i = 0; paging.get() && i < 200; i++) {
                String number = "N" + seller.substring(2, 7) + "-" + i;
                create(body(seller, number), "late-" + number);
                inserted.incrementAndGet();
            }
            return null;
        });
        List<String> seen = new ArrayList<>();
        List<String> firstPage = null;
        String cursor = null;
        boolean hasMore = true;
        for (int pages = 0; hasMore && pages < 50; pages++) {
            ApiClient.Reply page = api.get("/v1/einvoices?limit=25&sellerGstin=" + seller
                    + (cursor == null ? "" : "&startingAfter=" + cursor));
            assertThat(page.status()).as(page.body()).isEqualTo(200);
            JsonNode json = page.json();
            assertThat(json.get("object").asString()).isEqualTo("list");
            assertThat(json.get("url").asString()).isEqualTo("/v1/einvoices");
            List<String> ids = json.get("data").findValuesAsString("id");
            if (firstPage == null) {
                firstPage = ids;
            }
            seen.addAll(ids);
            hasMore = json.get("hasMore").asBoolean();
            cursor = ids.isEmpty() ? cursor : ids.get(ids.size() - 1);
            Thread.sleep(20); // let the inserter get rows in between pages
        }
        paging.set(false);
        inserter.get(120, TimeUnit.SECONDS);
        pool.shutdown();

        assertThat(hasMore).isFalse();
        assertThat(inserted.get()).isPositive();
        assertThat(seen).doesNotHaveDuplicates();
        assertThat(seen).containsAll(existing);
        assertThat(seen).isSortedAccordingTo((a, b) -> b.compareTo(a));

        // endingBefore the second page's first id gives back exactly the first page.
        String secondPageFirst = seen.get(25);
        JsonNode previous = api.get("/v1/einvoices?limit=25&sellerGstin=" + seller + "&endingBefore=" + secondPageFirst).json();
        assertThat(previous.get("data").findValuesAsString("id")).isEqualTo(firstPage);
        assertThat(previous.get("hasMore").asBoolean()).isEqualTo(inserted.get() > 0);

        // Default limit is 10.
        assertThat(api.get("/v1/einvoices?sellerGstin=" + seller).json().get("data").size()).isEqualTo(10);
    }

    @Test
    void filtersNarrowTheListAndCombine() {
        String seller = uniqueSeller();
        String otherBuyer = "27ZYXWV5678K1Z2";
        String tag = seller.substring(2, 7);
        JsonNode first = create(body(seller, "F" + tag + "-1"), "f1-" + tag);
        JsonNode second = create(body(seller, "F" + tag + "-2").replace(QUICKSTART_BUYER, otherBuyer), "f2-" + tag);
        JsonNode third = create(body(seller, "F" + tag + "-3").replace("\"invoiceDate\": \"2026-05-04\"",
                "\"invoiceDate\": \"2026-06-10\""), "f3-" + tag);
        assertThat(third.get("invoiceDate").asString()).isEqualTo("2026-06-10");

        assertThat(ids("sellerGstin=" + seller)).containsExactly(id(third), id(second), id(first));
        assertThat(ids("sellerGstin=" + seller + "&buyerGstin=" + otherBuyer)).containsExactly(id(second));
        assertThat(ids("sellerGstin=" + seller + "&status=generated")).hasSize(3);
        assertThat(ids("sellerGstin=" + seller + "&status=cancelled")).isEmpty();
        assertThat(ids("sellerGstin=" + seller + "&documentType=INV")).hasSize(3);
        assertThat(ids("sellerGstin=" + seller + "&documentType=CRN")).isEmpty();
        assertThat(ids("invoiceNumber=f" + tag.toLowerCase() + "-2")).containsExactly(id(second));
        assertThat(ids("sellerGstin=" + seller + "&invoiceDate%5Bgte%5D=2026-06-01")).containsExactly(id(third));
        assertThat(ids("sellerGstin=" + seller + "&invoiceDate%5Blte%5D=2026-05-31")).containsExactly(id(second), id(first));
        String secondCreated = second.get("createdAt").asString();
        assertThat(ids("sellerGstin=" + seller + "&createdAt%5Bgte%5D=" + secondCreated)).containsExactly(id(third), id(second));
        assertThat(ids("sellerGstin=" + seller + "&createdAt%5Blte%5D=" + secondCreated)).containsExactly(id(second), id(first));
        assertThat(ids("sellerGstin=" + seller + "&createdAt%5Bgte%5D=" + Instant.parse(secondCreated).plusSeconds(3600)
                .getEpochSecond())).isEmpty();

        api.post("/v1/einvoices/" + id(first) + "/cancel", "{\"reasonCode\": \"1\", \"remarks\": \"dup\"}", "fc-" + tag);
        assertThat(ids("sellerGstin=" + seller + "&status=cancelled")).containsExactly(id(first));
    }

    @Test
    void badParametersAre400NamingTheParameter() {
        assertBad("limit=0", "limit");
        assertBad("limit=101", "limit");
        assertBad("limit=ten", "limit");
        assertBad("status=done", "status");
        assertBad("documentType=XYZ", "documentType");
        assertBad("sellerGstin=123", "sellerGstin");
        assertBad("invoiceDate%5Bgte%5D=04-05-2026", "invoiceDate[gte]");
        assertBad("createdAt%5Blte%5D=yesterday", "createdAt[lte]");
        assertBad("startingAfter=inv_1", "startingAfter");
        assertBad("startingAfter=einv_01HRXY8N0E5PC6V0Z6P8Q1ABCD&endingBefore=einv_01HRXY8N0E5PC6V0Z6P8Q1ABCE", "endingBefore");
        assertBad("stauts=generated", "stauts");
        assertThat(api.get("/v1/einvoices?limit=100").status()).isEqualTo(200);
    }

    @Test
    void listAndIrnLookupAreScopedToTheCallersTenantAndEnvironment() {
        String seller = uniqueSeller();
        JsonNode mine = create(body(seller, "S" + seller.substring(2, 7)), "scope-" + seller);
        String organization = clients.ensureOrganization("other-" + seller);
        IssuedClient other = clients.create(organization, ApiEnvironment.TEST, "lenient", null, null);
        ApiClient otherApi = api.withToken(api.token(other.clientId(), other.clientSecret()));

        JsonNode theirs = otherApi.get("/v1/einvoices?sellerGstin=" + seller).json();
        assertThat(theirs.get("data").size()).isZero();
        assertThat(otherApi.get("/v1/einvoices").json().get("data").size()).isZero();
        assertThat(otherApi.get("/v1/einvoices/irn/" + mine.get("irn").asString()).status()).isEqualTo(404);
        assertThat(otherApi.get("/v1/einvoices/" + id(mine)).status()).isEqualTo(404);
        assertThat(otherApi.post("/v1/einvoices/" + id(mine) + "/cancel", "{\"reasonCode\": \"1\", \"remarks\": \"x\"}",
                "other-cancel").status()).isEqualTo(404);
        assertThat(ids("sellerGstin=" + seller)).containsExactly(id(mine));
    }

    /**
     * The list queries are index scans (V1 einvoice_list, V4 einvoice_list_*, V22), never a
     * sequential scan. The plan is taken on a tenant with 20,000 rows (inserted directly, in an
     * organization no other test reads), since on a near-empty table any planner rightly prefers
     * a sequential scan.
     */
    @Test
    void listQueriesUseAnIndex() {
        String organization = clients.ensureOrganization("explain-bulk");
        jdbc.sql("""
                insert into einvoice (id, organization_id, environment, client_id, status, supply_type, seller_gstin,
                    buyer_gstin, document_type, invoice_number, document_number_key, invoice_date, financial_year,
                    total_invoice_value, expected_irn, nic_payload, payload_hash, created_at, updated_at)
                select 'einv_01J' || lpad(i::text, 23, '0'), :org, 'test', 'ofin_test_bulk',
                    (array['generated', 'generated', 'generated', 'queued', 'cancelled', 'failed_terminal'])[1 + i % 6],
                    'B2B', '29AAAAA' || lpad((i % 50)::text, 4, '0') || 'A1Z5', '27BBBBB' || lpad((i % 500)::text, 4, '0') || 'B1Z5',
                    (array['INV', 'INV', 'INV', 'CRN', 'DBN'])[1 + i % 5], 'B' || i, 'B' || i,
                    date '2026-04-01' + (i % 200), '2026-27', 100, md5(i::text), '{}', md5(i::text),
                    timestamptz '2026-04-01' + i * interval '1 minute', timestamptz '2026-04-01' + i * interval '1 minute'
                from generate_series(1, 20000) as i
                on conflict do nothing""").param("org", organization).update();
        jdbc.sql("analyze einvoice").update();
        List<EInvoiceListing.Filters> cases = List.of(EInvoiceListing.Filters.none(10),
                filters(10, "einv_01J00000000000000000010000", null, null, null, null, null, null),
                filters(10, null, "einv_01J00000000000000000010000", null, null, null, null, null),
                filters(10, null, null, "generated", null, null, null, null),
                filters(10, null, null, null, "29AAAAA0007A1Z5", null, null, null),
                filters(10, null, null, null, null, "27BBBBB0042B1Z5", null, null),
                filters(10, null, null, null, null, null, "CRN", null),
                filters(10, null, null, null, null, null, null, "B777"),
                filters(100, "einv_01J00000000000000000010000", null, "generated", "29AAAAA0007A1Z5", null, null, null),
                new EInvoiceListing.Filters(10, null, null, null, null, null, null, null, java.time.LocalDate.parse("2026-05-01"),
                        java.time.LocalDate.parse("2026-05-02"), null, null),
                new EInvoiceListing.Filters(10, null, null, null, null, null, null, null, null, null,
                        Instant.parse("2026-04-05T00:00:00Z"), Instant.parse("2026-04-05T06:00:00Z")));
        for (EInvoiceListing.Filters filters : cases) {
            String plan = plan(organization, filters);
            assertThat(plan).as(filters + "\n" + plan).containsPattern("Index (Only )?Scan").doesNotContain("Seq Scan");
        }
        // Equality filters go straight to their own (tenant, environment, column, id desc) index.
        assertThat(plan(organization, filters(10, null, null, null, "29AAAAA0007A1Z5", null, null, null)))
                .contains("using einvoice_list_seller");
        assertThat(plan(organization, filters(10, null, null, null, null, "27BBBBB0042B1Z5", null, null)))
                .contains("using einvoice_list_buyer");
        // The invoice number is a prefix of the document's unique key (V22).
        assertThat(plan(organization, filters(10, null, null, null, null, null, null, "B777")))
                .contains("using einvoice_document");
    }

    /**
     * The server runs each list query as a prepared statement, and PostgreSQL gives a statement run often its
     * generic plan, made without the parameters' values. For a range of invoice or creation dates, that plan
     * guessed a range selects 0.5 % of the rows and read the date index and sorted (all of a month's rows of the
     * tenant, 88 ms at a million rows) where the plan for the actual dates walks the id index for limit + 1 rows.
     * The generic plan must be the one the actual values get.
     */
    @Test
    void aPreparedRangeSearchRunsThePlanOfItsActualDates() throws Exception {
        listQueriesUseAnIndex(); // the 20,000-row tenant, analysed
        String organization = clients.ensureOrganization("explain-bulk");
        List<EInvoiceListing.Filters> ranges = List.of(
                new EInvoiceListing.Filters(10, null, null, null, null, null, null, null, java.time.LocalDate.parse("2026-05-01"),
                        java.time.LocalDate.parse("2026-06-30"), null, null),
                new EInvoiceListing.Filters(10, null, null, null, null, null, null, null, null, null,
                        Instant.parse("2026-04-03T00:00:00Z"), Instant.parse("2026-04-13T00:00:00Z")));
        for (EInvoiceListing.Filters filters : ranges) {
            EInvoiceListing.Query query = listing.query(organization, "test", filters);
            String generic = preparedPlan(query, "force_generic_plan");
            String custom = preparedPlan(query, "force_custom_plan");
            // Both walk the rows newest first by id and stop after limit + 1 (by the tenant's index, or the
            // primary key when the tenant is nearly the whole table): no range index read, no sort.
            for (String plan : List.of(custom, generic)) {
                assertThat(shape(plan)).as(filters + "\ngeneric:\n" + generic + "\ncustom:\n" + custom)
                        .hasSize(2).startsWith("Limit").doesNotContain("Sort")
                        .noneMatch(node -> node.contains("einvoice_list_invoice_date") || node.contains("einvoice_list_created_at"));
            }
        }
    }

    /** The plan of {@code query} prepared as the server's driver prepares it, under {@code plan_cache_mode = mode}. */
    private String preparedPlan(EInvoiceListing.Query query, String mode) throws java.sql.SQLException {
        List<Object> values = new ArrayList<>();
        java.util.regex.Matcher named = java.util.regex.Pattern.compile("(?<!:):([A-Za-z]\\w*)").matcher(query.sql());
        StringBuilder positional = new StringBuilder();
        while (named.find()) {
            values.add(query.params().get(named.group(1)));
            named.appendReplacement(positional, "\\$" + values.size());
        }
        named.appendTail(positional);
        try (java.sql.Connection connection = dataSource.getConnection(); java.sql.Statement statement = connection.createStatement()) {
            statement.execute("set plan_cache_mode = " + mode);
            statement.execute("prepare list_plan as " + positional);
            StringBuilder arguments = new StringBuilder();
            for (Object value : values) {
                arguments.append(arguments.isEmpty() ? "" : ", ").append(value instanceof Number ? value.toString()
                        : "'" + value.toString().replace("'", "''") + "'");
            }
            StringBuilder plan = new StringBuilder();
            try (java.sql.ResultSet rows = statement.executeQuery("explain execute list_plan(" + arguments + ")")) {
                while (rows.next()) {
                    plan.append(rows.getString(1)).append('\n');
                }
            } finally {
                statement.execute("deallocate list_plan");
                statement.execute("reset plan_cache_mode");
            }
            return plan.toString();
        }
    }

    /** The plan's nodes and the indexes they read, without costs and conditions. */
    private static List<String> shape(String plan) {
        List<String> nodes = new ArrayList<>();
        java.util.regex.Matcher node = java.util.regex.Pattern.compile("(Limit|Sort|Incremental Sort|Seq Scan|Bitmap Heap Scan"
                + "|Bitmap Index Scan on \\w+|Index (?:Only )?Scan(?: Backward)? using \\w+)").matcher(plan);
        while (node.find()) {
            nodes.add(node.group(1));
        }
        return nodes;
    }

    private String plan(String organization, EInvoiceListing.Filters filters) {
        EInvoiceListing.Query query = listing.query(organization, "test", filters);
        return String.join("\n", jdbc.sql("explain " + query.sql()).params(query.params()).query(String.class).list());
    }

    private static EInvoiceListing.Filters filters(int limit, String after, String before, String status, String seller,
            String buyer, String type, String number) {
        return new EInvoiceListing.Filters(limit, after, before, status, seller, buyer, type, number, null, null, null, null);
    }

    private void assertBad(String query, String parameter) {
        ApiClient.Reply reply = api.get("/v1/einvoices?" + query);
        assertThat(reply.status()).as(query + " → " + reply.body()).isEqualTo(400);
        JsonNode body = reply.json();
        assertThat(body.get("object").asString()).isEqualTo("error");
        assertThat(body.get("details").findValuesAsString("field")).as(query).contains(parameter);
    }

    private List<String> ids(String query) {
        ApiClient.Reply reply = api.get("/v1/einvoices?limit=100&" + query);
        assertThat(reply.status()).as(query + " → " + reply.body()).isEqualTo(200);
        return reply.json().get("data").findValuesAsString("id");
    }

    private static String id(JsonNode einvoice) {
        return einvoice.get("id").asString();
    }
}
