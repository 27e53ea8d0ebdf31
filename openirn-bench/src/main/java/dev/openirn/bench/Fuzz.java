package dev.openirn.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The API fuzzer: starts one server node (embedded PostgreSQL, in-process IRP sandbox), reads its
 * routes from its own OpenAPI document, and sends seeded, reproducible malformed requests to every
 * route and content type over raw loopback HTTP. Each case gets its own random stream from
 * (seed, case number), so one case replays alone with {@code --seed S --only-case C}.
 * Checks: no 5xx, every 4xx in the error envelope (with a field on validation errors), the server
 * healthy between cases, memory reported before and after, and nothing invalid stored or sent to
 * the IRP.
 */
final class Fuzz {

    record Settings(int cases, long seed, Integer onlyCase, Path out, Path serverJar) {
    }

    record Result(int cases, long fiveXx, long nonEnvelope, long storedInvalid, long unhealthy, long transportErrors,
            Map<Integer, Long> statuses, long rssBeforeMiB, long rssAfterMiB, long heapBeforeMiB, long heapAfterMiB,
            long seed, List<String> failures, List<String> routesNeverAnswered2xx, int routes) {

        String summary() {
            return "fuzz: cases=%d 5xx=%d non_envelope=%d stored_invalid=%d unhealthy=%d seed=%d"
                    .formatted(cases, fiveXx, nonEnvelope, storedInvalid, unhealthy, seed);
        }
    }

    private record Route(String method, String path, List<String> contentTypes, List<String> queryParams) {
    }

    /** One generated request, kept to print when it fails. */
    private record Case(int number, Route route, String method, String target, Map<String, byte[]> headers, byte[] body,
            String mutation) {
        String describe() {
            String shownBody = body == null ? "" : new String(body, 0, Math.min(body.length, 400), StandardCharsets.UTF_8);
            StringBuilder shownHeaders = new StringBuilder();
            headers.forEach((name, value) -> {
                if (!name.equals("Authorization") || value.length < 20) {
                    shownHeaders.append(name).append(": ").append(printable(value)).append("; ");
                }
            });
            return method + " " + printable(target.getBytes(StandardCharsets.ISO_8859_1)) + " [" + mutation + "] "
                    + shownHeaders + "body: " + printable(shownBody.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** NIC's invoice number rule: what may reach the IRP. */
    private static final String BY_ROAD = "{\"transportMode\":1,\"distance\":0,\"vehicleNumber\":\"KA01AB1234\",\"vehicleType\":\"R\"}";
    private static final Pattern NIC_DOCUMENT_NUMBER = Pattern.compile("^[a-zA-Z1-9][a-zA-Z0-9/-]{0,15}$");
    private static final Set<String> ERROR_ENVELOPE_EXEMPT = Set.of("/realms/{realm}/protocol/openid-connect/token");

    private final Settings settings;
    private final PrintStream log;
    private final Http http = new Http();
    private final Invoices invoices = new Invoices();
    private int port;
    private String bearer;
    private String einvoiceId;
    private String irn;
    private String endpointId;
    private String ewayBillId;
    private long ewbNumber;
    private String goodsIrn;
    private String cancelBillId;
    private long cancelEwbNumber;
    private String batchId;
    private String eventId;
    private String deliveryId;

    Fuzz(Settings settings, PrintStream log) {
        this.settings = settings;
        this.log = log;
    }

    Result run() throws Exception {
        if (!Files.isRegularFile(settings.serverJar())) {
            throw new IllegalStateException("No server jar at " + settings.serverJar() + "; build first: ./mvnw -q -B verify -DskipTests");
        }
        Path out = settings.out().toAbsolutePath();
        Nodes.deleteRecursively(out);
        Files.createDirectories(out);
        port = Nodes.freePort();
        int sandboxPort = Nodes.freePort();
        Path data = out.resolve("server-data");
        log.println("fuzz: seed=" + settings.seed() + " cases=" + settings.cases());
        Child server = Child.start("fuzz-server", data.resolve("postgres").resolve("postmaster.pid"), Child.java(
                List.of("-Xmx256m", "-jar", settings.serverJar().toString()), List.of(
                        "--server.port=" + port,
                        "--openirn.data-dir=" + data,
                        "--openirn.sandbox.port=" + sandboxPort,
                        "--openirn.bootstrap.client-id=" + Benchmark.CLIENT_ID,
                        "--openirn.bootstrap.client-secret=" + Benchmark.CLIENT_SECRET,
                        "--management.endpoints.web.exposure.include=health,metrics",
                        "--openirn.rate-limit.api=100000000",
                        "--openirn.rate-limit.credentials=100000",
                        "--openirn.rate-limit.token=100000")), out.resolve("fuzz-server.log"));
        try {
            String base = "http://127.0.0.1:" + port;
            if (!http.awaitOk(base + "/actuator/health", Duration.ofMinutes(3), server, 200)) {
                throw new IllegalStateException("the server did not become healthy; see " + server.log);
            }
            bearer = http.new Tokens(base, Benchmark.CLIENT_ID, Benchmark.CLIENT_SECRET).bearer();
            List<Route> routes = routes(http.expect(Http.request(base + "/v3/api-docs").GET().build(), 200).body());
            log.println("fuzz: " + routes.size() + " routes from /v3/api-docs");
            createFixtures(base);
            String jdbc = "jdbc:postgresql://127.0.0.1:" + portOf(data) + "/postgres";
            String password = Nodes.databasePassword(data.resolve("postgres"));
            long rowsBefore = count(jdbc, password, "select count(*) from einvoice");
            long registrationsBefore = count(jdbc, password, "select count(*) from irp_sandbox.einvoice");
            long rssBefore = server.rssBytes() >> 20;
            long heapBefore = heapMiB(base);

            List<String> failures = new ArrayList<>();
            Map<Integer, Long> statuses = new java.util.TreeMap<>();
            // Routes some case got past validation on: a route never answered 2xx was only fuzzed at its front door.
            java.util.Set<String> answered2xx = new java.util.HashSet<>();
            long fiveXx = 0;
            long nonEnvelope = 0;
            long unhealthy = 0;
            long transport = 0;
            long invalidAccepted = 0;
            long accepted = 0;
            int first = settings.onlyCase() == null ? 0 : settings.onlyCase();
            int last = settings.onlyCase() == null ? settings.cases() : settings.onlyCase() + 1;
            for (int number = first; number < last; number++) {
                Case fuzzCase = generate(number, routes);
                RawHttp.Response response;
                try {
                    response = RawHttp.exchange(port, RawHttp.request(fuzzCase.method(), fuzzCase.target(), fuzzCase.headers(),
                            fuzzCase.body()), 30_000);
                } catch (IOException e) {
                    transport++;
                    failures.add("case " + number + ": no answer (" + e + "): " + fuzzCase.describe());
                    response = null;
                }
                if (response != null) {
                    statuses.merge(response.status(), 1L, Long::sum);
                    if (response.status() < 300) {
                        answered2xx.add(fuzzCase.route().method() + " " + fuzzCase.route().path());
                    }
                    if (response.status() >= 500) {
                        fiveXx++;
                        failures.add("case " + number + ": " + response.status() + " " + abbreviate(response.text()) + " for "
                                + fuzzCase.describe());
                    } else if (response.status() >= 400 && !ERROR_ENVELOPE_EXEMPT.contains(fuzzCase.route().path())
                            && !fuzzCase.method().equals("HEAD")) { // a HEAD answer has no body by definition
                        String problem = envelopeProblem(response);
                        if (problem != null) {
                            nonEnvelope++;
                            failures.add("case " + number + ": " + response.status() + " " + problem + ": "
                                    + abbreviate(response.text()) + " for " + fuzzCase.describe());
                        }
                    } else if (response.status() < 300 && fuzzCase.route().path().equals("/v1/einvoices")
                            && fuzzCase.method().equals("POST")) {
                        accepted++;
                        String number2 = acceptedInvoiceNumber(response);
                        if (number2 != null && !NIC_DOCUMENT_NUMBER.matcher(number2).matches()) {
                            invalidAccepted++;
                            failures.add("case " + number + ": accepted invoice number " + printable(number2.getBytes(StandardCharsets.UTF_8))
                                    + " for " + fuzzCase.describe());
                        }
                    } else if (response.status() < 300 && fuzzCase.route().path().equals("/v1/einvoices/batches")
                            && fuzzCase.method().equals("POST")) {
                        accepted += storedItems(response);
                    }
                }
                if (!healthy(base)) {
                    unhealthy++;
                    failures.add("case " + number + ": server unhealthy after " + fuzzCase.describe());
                    if (!http.awaitOk(base + "/actuator/health", Duration.ofSeconds(60), server, 200)) {
                        failures.add("server did not recover; stopping");
                        break;
                    }
                }
                if ((number + 1) % 1000 == 0) {
                    log.printf("fuzz: %d cases, 5xx=%d non_envelope=%d%n", number + 1, fiveXx, nonEnvelope);
                }
            }
            // Stored and sent only what was answered 2xx: every new row and registration is an accepted invoice.
            long rowsAfter = count(jdbc, password, "select count(*) from einvoice");
            long registrationsAfter = count(jdbc, password, "select count(*) from irp_sandbox.einvoice");
            long storedInvalid = invalidAccepted + Math.max(0, (rowsAfter - rowsBefore) - accepted)
                    + Math.max(0, (registrationsAfter - registrationsBefore) - accepted);
            // Whatever way it came in (one by one or in a batch), no stored document has a number NIC would refuse.
            List<String> badNumbers = invoiceNumbersNicRefuses(jdbc, password);
            storedInvalid += badNumbers.size();
            badNumbers.forEach(stored -> failures.add("stored invoice number " + stored));
            if (rowsAfter - rowsBefore > accepted) {
                failures.add((rowsAfter - rowsBefore) + " e-invoice rows stored for " + accepted + " accepted requests");
            }
            if (registrationsAfter - registrationsBefore > accepted) {
                failures.add((registrationsAfter - registrationsBefore) + " IRP registrations for " + accepted + " accepted requests");
            }
            System.gc();
            long rssAfter = server.rssBytes() >> 20;
            long heapAfter = heapMiB(base);
            int ran = last - first;
            List<String> never2xx = routes.stream().map(route -> route.method() + " " + route.path())
                    .filter(route -> !answered2xx.contains(route)).sorted().toList();
            return new Result(ran, fiveXx, nonEnvelope, storedInvalid, unhealthy, transport, statuses, rssBefore, rssAfter,
                    heapBefore, heapAfter, settings.seed(), failures, never2xx, routes.size());
        } finally {
            server.close();
        }
    }

    static void print(Result result, PrintStream out) {
        out.println("fuzz: statuses " + result.statuses());
        out.printf("fuzz: routes answered 2xx by some case: %d of %d; never: %s%n",
                result.routes() - result.routesNeverAnswered2xx().size(), result.routes(), result.routesNeverAnswered2xx());
        out.printf("fuzz: server RSS %d → %d MiB, heap used %d → %d MiB; transport errors %d%n", result.rssBeforeMiB(),
                result.rssAfterMiB(), result.heapBeforeMiB(), result.heapAfterMiB(), result.transportErrors());
        result.failures().stream().limit(50).forEach(failure -> out.println("fuzz: FAILED " + failure));
        if (result.failures().size() > 50) {
            out.println("fuzz: … and " + (result.failures().size() - 50) + " more failures");
        }
        if (!result.failures().isEmpty()) {
            out.println("fuzz: replay one case with --seed " + result.seed() + " --only-case <case>");
        }
        out.println(result.summary());
    }

    // --- routes and fixtures

    private static List<Route> routes(String apiDocs) {
        JsonNode doc = JSON.readTree(apiDocs);
        List<Route> routes = new ArrayList<>();
        for (Map.Entry<String, JsonNode> path : doc.get("paths").properties()) {
            for (Map.Entry<String, JsonNode> operation : path.getValue().properties()) {
                String method = operation.getKey().toUpperCase(java.util.Locale.ROOT);
                if (!Set.of("GET", "POST", "PUT", "PATCH", "DELETE").contains(method)) {
                    continue;
                }
                List<String> types = new ArrayList<>();
                for (Map.Entry<String, JsonNode> type : operation.getValue().path("requestBody").path("content").properties()) {
                    types.add(type.getKey());
                }
                List<String> query = new ArrayList<>();
                for (JsonNode parameter : operation.getValue().path("parameters")) {
                    if ("query".equals(parameter.path("in").asString(""))) {
                        query.add(parameter.path("name").asString());
                    }
                }
                routes.add(new Route(method, path.getKey(), types, query));
            }
        }
        return routes;
    }

    /** Real ids for path parameters, so cases reach past the 404 of an unknown id. */
    private void createFixtures(String base) throws IOException, InterruptedException {
        HttpResponse<String> invoice = http.expect(Http.request(base + "/v1/einvoices").header("Authorization", bearer)
                .header("Content-Type", "application/json").header("Idempotency-Key", "fuzz-fixture")
                .POST(HttpRequest.BodyPublishers.ofString(invoices.body(invoices.nextNumber('Z')))).build(), 201);
        JsonNode created = JSON.readTree(invoice.body());
        einvoiceId = created.path("id").asString();
        irn = created.path("irn").asString("0".repeat(64));
        // A goods invoice with its e-way bill, so the bill routes reach past the 404 of an unknown bill.
        JsonNode goods = JSON.readTree(http.expect(post(base + "/v1/einvoices", "fuzz-fixture-goods",
                invoices.goodsBody(invoices.nextNumber('Z'), null)), 201).body());
        JsonNode bill = JSON.readTree(http.expect(post(base + "/v1/ewaybills", "fuzz-fixture-ewb",
                "{\"eInvoiceId\":\"" + goods.path("id").asString() + "\",\"transport\":" + BY_ROAD + "}"), 201).body());
        ewayBillId = bill.path("id").asString();
        ewbNumber = bill.path("ewbNumber").asLong();
        goodsIrn = goods.path("irn").asString();
        // Cancel and reject get a bill of their own: once cancelled, every other change of a bill is refused.
        JsonNode toCancel = JSON.readTree(http.expect(post(base + "/v1/ewaybills", "fuzz-fixture-ewb-cancel",
                standaloneEwayBill(invoices.nextNumber('Z'))), 201).body());
        cancelBillId = toCancel.path("id").asString();
        cancelEwbNumber = toCancel.path("ewbNumber").asLong();
        batchId = JSON.readTree(http.expect(post(base + "/v1/einvoices/batches", "fuzz-fixture-batch",
                "{\"items\":[{\"invoice\":" + invoices.body(invoices.nextNumber('Z')) + "}]}"), 202).body()).path("id").asString();
        // Registered before the run counts the sandbox's registrations, which only accepted cases may add to.
        long completedBy = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (JSON.readTree(http.expect(Http.request(base + "/v1/einvoices/batches/" + batchId).header("Authorization", bearer)
                .GET().build(), 200).body()).path("completedAt").isNull() && System.nanoTime() < completedBy) {
            Thread.sleep(100);
        }
        HttpResponse<String> endpoint = http.expect(Http.request(base + "/v1/webhook-endpoints").header("Authorization", bearer)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"url\":\"http://127.0.0.1:9/hook\",\"events\":[\"einvoice.generated\"]}"))
                .build(), 201);
        endpointId = Http.id(endpoint.body());
        HttpResponse<String> test = http.expect(Http.request(base + "/v1/webhook-endpoints/" + endpointId + "/test")
                .header("Authorization", bearer).POST(HttpRequest.BodyPublishers.noBody()).build(), 202);
        JsonNode queued = JSON.readTree(test.body());
        eventId = queued.path("eventId").asString("evt_unknown");
        deliveryId = queued.path("deliveryId").asString("whd_unknown");
    }

    private HttpRequest post(String url, String key, String body) {
        return Http.request(url).header("Authorization", bearer).header("Content-Type", "application/json")
                .header("Idempotency-Key", key).POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    // --- generation

    private Case generate(int number, List<Route> routes) {
        SplittableRandom random = new SplittableRandom(settings.seed() ^ (0x9E3779B97F4A7C15L * (number + 1)));
        Route route = routes.get(random.nextInt(routes.size()));
        List<String> mutations = new ArrayList<>();
        String method = route.method();
        if (random.nextInt(40) == 0) {
            method = pick(random, "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD", "TRACE", "FOO");
            mutations.add("method " + method);
        }
        String target = path(route.path(), random, mutations) + query(route, random, mutations);
        Map<String, byte[]> headers = new LinkedHashMap<>();
        authorization(random, headers, mutations);
        byte[] body = null;
        boolean hasBody = !route.contentTypes().isEmpty() || random.nextInt(10) == 0;
        if (hasBody) {
            String type = route.contentTypes().isEmpty() ? "application/json" : pick(random, route.contentTypes().toArray(String[]::new));
            body = body(route, type, number, random, mutations);
            contentType(type, random, headers, mutations);
        }
        if (!method.equals("GET")) {
            idempotencyKey(number, random, headers, mutations);
        }
        if (random.nextInt(15) == 0) {
            byte[] value = pick(random, "application/xml", "*/*", "text/html", "application/json;q=0", "image/png", "", "\u0001")
                    .getBytes(StandardCharsets.UTF_8);
            headers.put("Accept", value);
            mutations.add("Accept");
        }
        if (random.nextInt(20) == 0) {
            headers.put(pick(random, "X-Request-Id", "Gstin", "X-Forwarded-For", "Content-Encoding"), wildString(random, 300));
            mutations.add("odd header");
        }
        return new Case(number, route, method, target, headers, body, String.join(", ", mutations));
    }

    private String path(String template, SplittableRandom random, List<String> mutations) {
        StringBuilder path = new StringBuilder();
        for (String segment : template.split("/", -1)) {
            if (path.length() > 0 || !segment.isEmpty()) {
                path.append('/');
            }
            if (!segment.startsWith("{")) {
                path.append(segment);
                continue;
            }
            String name = segment.substring(1, segment.length() - 1);
            if (random.nextInt(3) > 0) {
                path.append(validParameter(template, name, random));
            } else {
                path.append(oddSegment(random));
                mutations.add("odd {" + name + "}");
            }
        }
        String result = path.length() == 0 ? "/" : path.toString();
        if (random.nextInt(25) == 0) {
            mutations.add("odd path");
            return pick(random, result + "/", result + "//x", result.replace("/v1/", "/v1//"), "/v1/%2e%2e/%2e%2e/etc/passwd",
                    result.replace("/v1/", "/V1/"), result + "%00", result + ";jsessionid=x", "/v1/" + "a".repeat(5000),
                    result + "/..", "/v1/einvoices/%", "/v1/einvoices/%zz", "*", result + "?%", "/v1/einvoices/\u00e9t\u00e9",
                    "/actuator/../v1/einvoices", "/v1/einvoices/%E0%A4%A");
        }
        return result;
    }

    private String validParameter(String template, String name, SplittableRandom random) {
        return switch (name) {
            case "realm" -> "onefinops";
            case "irn" -> irn;
            case "portal" -> pick(random, "einvoice", "ewaybill");
            case "gstin" -> Invoices.SELLER_GSTIN;
            case "ewbNumber" -> Long.toString(ewbNumber);
            default -> template.startsWith("/v1/einvoices/batches") ? batchId
                    : template.matches("/v1/ewaybills/\\{id}/(cancel|reject)") ? cancelBillId
                    : template.startsWith("/v1/ewaybills") ? ewayBillId
                    : template.startsWith("/v1/einvoices") ? einvoiceId
                    : template.startsWith("/v1/webhook-endpoints") ? endpointId
                    : template.startsWith("/v1/events") ? eventId
                    : template.startsWith("/v1/webhook-deliveries") ? deliveryId : "x";
        };
    }

    private static String oddSegment(SplittableRandom random) {
        return pick(random, "", "%20", "%00", "%2F", "%252F", "..", "%2e%2e", "a".repeat(1 + random.nextInt(3000)), "-1",
                "0", "99999999999999999999999", "einv_" + "0".repeat(26), "%F0%9F%98%80", "%C3%28", "%FF%FE", "null",
                "undefined", "%0D%0AX-Injected:%201", "%3Cscript%3E", "'%20OR%201=1--", "%E2%80%AE", "\u0430bc",
                "29ABCDE1234F1Z5%00", "1e400", "NaN", "%");
    }

    private String query(Route route, SplittableRandom random, List<String> mutations) {
        List<String> pairs = new ArrayList<>();
        for (String name : route.queryParams()) {
            String valid = switch (name) {
                case "ewbNumber" -> Long.toString(ewbNumber);
                case "limit" -> "10";
                default -> null;
            };
            if (valid != null && random.nextInt(2) == 0) {
                pairs.add(name + "=" + valid);
            } else if (random.nextInt(3) == 0) {
                pairs.add(encodeName(name) + "=" + pick(random, "-1", "0", "1", "101", "1000000", "99999999999999999999",
                        "1e3", "NaN", "abc", "", "%00", "%FF", "2026-13-45", "0000-00-00", "9999-12-31T99:99:99Z",
                        "einv_" + "z".repeat(40), "'", "%22", "a".repeat(2000), "generated", "GENERATED", "INV",
                        "2026-01-01", "true", "%E2%80%8B", "[]", "%5B%5D"));
            }
        }
        if (random.nextInt(10) == 0) {
            pairs.add(pick(random, "limit=5&limit=7", "unknown=1", "x[y][z]=1", "&&&", "=", "%=%", "limit", "a=" + "%41".repeat(500)));
        }
        if (!pairs.isEmpty()) {
            mutations.add("query");
        }
        return pairs.isEmpty() ? "" : "?" + String.join("&", pairs);
    }

    private static String encodeName(String name) {
        return name.replace("[", "%5B").replace("]", "%5D");
    }

    private void authorization(SplittableRandom random, Map<String, byte[]> headers, List<String> mutations) {
        int choice = random.nextInt(20);
        if (choice < 16) {
            headers.put("Authorization", bearer.getBytes(StandardCharsets.US_ASCII));
            return;
        }
        mutations.add("Authorization");
        String token = bearer.substring("Bearer ".length());
        String value = pick(random, null, "", "Bearer", "Bearer ", "bearer " + token, "Basic " + "b2ZpbjpzZWNyZXQ=",
                "Bearer " + token.substring(0, token.length() - 5), "Bearer " + token + "x", "Bearer a.b.c",
                "Bearer " + "A".repeat(9000), "Bearer \u00e9\u00e9", "Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.",
                "Token " + token, "Bearer  " + token, "Bearer " + token + " extra");
        if (value != null) {
            headers.put("Authorization", value.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static void contentType(String type, SplittableRandom random, Map<String, byte[]> headers, List<String> mutations) {
        if (random.nextInt(8) > 0) {
            headers.put("Content-Type", type.getBytes(StandardCharsets.US_ASCII));
            return;
        }
        mutations.add("Content-Type");
        String value = pick(random, null, "", "text/plain", "application/xml", type + "; charset=ISO-8859-1",
                type + "; charset=utf-16", type + "; charset=bogus", "application/json;;;", "multipart/form-data",
                "multipart/form-data; boundary=xyz", "application/x-www-form-urlencoded", "*/*", "application/*",
                "application/vnd.nic.einvoice+json", "application/json", "\u0007");
        if (value != null) {
            headers.put("Content-Type", value.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static void idempotencyKey(int number, SplittableRandom random, Map<String, byte[]> headers, List<String> mutations) {
        int choice = random.nextInt(10);
        if (choice < 6) {
            headers.put("Idempotency-Key", ("fuzz-" + number).getBytes(StandardCharsets.US_ASCII));
            return;
        }
        if (choice < 8) {
            return; // no key
        }
        mutations.add("Idempotency-Key");
        byte[] value = pick(random, "", " ", "a", "k".repeat(255), "k".repeat(256), "k".repeat(300), "k".repeat(5000),
                "key with spaces", "\u00e9\u00e8", "key\u0001ctl", "key\u0000nul", "\t", "'; drop table einvoice;--", "fuzz-0")
                .getBytes(StandardCharsets.UTF_8);
        headers.put("Idempotency-Key", value);
    }

    private byte[] body(Route route, String type, int number, SplittableRandom random, List<String> mutations) {
        String seed = seedBody(route, type, number);
        if (type.startsWith("multipart/")) {
            mutations.add("multipart");
            return ("--xyz\r\nContent-Disposition: form-data; name=\"image\"; filename=\"a.png\"\r\nContent-Type: image/png\r\n\r\n"
                    + pick(random, "\u0089PNG\r\n\u001a\n", "not an image", "", "GIF89a") + "\r\n--xyz--\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1);
        }
        if (type.equals("application/x-www-form-urlencoded")) {
            mutations.add("form");
            return pick(random, seed, "", "grant_type=client_credentials", "grant_type=password&username=a&password=b",
                    "client_id=%FF&client_secret=%00", "a".repeat(100_000), "grant_type=client_credentials&client_id="
                            + Benchmark.CLIENT_ID + "&client_secret=" + "x".repeat(10_000), "=&=&=", "%%%")
                    .getBytes(StandardCharsets.UTF_8);
        }
        int kind = random.nextInt(100);
        if (kind < 8) {
            mutations.add("valid seed");
            return seed.getBytes(StandardCharsets.UTF_8);
        }
        if (kind < 16) {
            mutations.add("truncated");
            return seed.substring(0, random.nextInt(Math.max(1, seed.length()))).getBytes(StandardCharsets.UTF_8);
        }
        if (kind < 22) {
            mutations.add("raw text");
            return pick(random, "", "null", "[]", "\"x\"", "42", "{", "}", "{\"a\":}", "{'a':1}", "{\"a\":1,}", "NaN",
                    "{\"a\":NaN}", "{\"a\":Infinity}", "{\"a\":-Infinity}", "{\"a\":0x10}", "{\"a\":01}", "{\"a\":1e99999}",
                    "\uFEFF" + seed, seed + "garbage", seed + seed, "<xml/>", "{\"a\":\"\\ud800\"}", "{\"a\":\"\\u0000\"}",
                    "/* c */" + seed, "{\"a\":1}\u0000", "[".repeat(5000) + "]".repeat(5000), "{\"a\":".repeat(3000) + "1"
                            + "}".repeat(3000)).getBytes(StandardCharsets.UTF_8);
        }
        if (kind < 27) {
            mutations.add("invalid UTF-8");
            byte[] bytes = seed.getBytes(StandardCharsets.UTF_8);
            byte[] bad = pick(random, new byte[] {(byte) 0xC3, 0x28}, new byte[] {(byte) 0xFF}, new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                    new byte[] {(byte) 0xF0, (byte) 0x28, (byte) 0x8C, (byte) 0xBC}, new byte[] {(byte) 0xC0, (byte) 0xAF});
            int at = insideAString(seed, random);
            byte[] result = new byte[bytes.length + bad.length];
            System.arraycopy(bytes, 0, result, 0, at);
            System.arraycopy(bad, 0, result, at, bad.length);
            System.arraycopy(bytes, at, result, at + bad.length, bytes.length - at);
            return result;
        }
        if (kind < 32) {
            mutations.add("duplicate key");
            int brace = seed.indexOf('{');
            if (brace < 0) {
                return seed.getBytes(StandardCharsets.UTF_8);
            }
            JsonNode tree = JSON.readTree(seed);
            String key = tree.isObject() && tree.size() > 0 ? tree.propertyNames().iterator().next() : "a";
            return (seed.substring(0, brace + 1) + "\"" + key + "\":" + pick(random, "null", "1", "\"dup\"", "{}", "[]") + ","
                    + seed.substring(brace + 1)).getBytes(StandardCharsets.UTF_8);
        }
        JsonNode tree = JSON.readTree(seed);
        int edits = 1 + random.nextInt(3);
        for (int e = 0; e < edits; e++) {
            tree = mutate(tree, random, mutations);
        }
        return JSON.writeValueAsBytes(tree);
    }

    private String seedBody(Route route, String type, int number) {
        String invoiceNumber = "Z" + Long.toString(settings.seed() & 0xFFFF, 36).toUpperCase() + "-" + number;
        return switch (route.path()) {
            case "/v1/einvoices", "/v1/einvoices/validate" -> type.contains("nic")
                    ? invoices.nicBody(invoiceNumber) : invoices.body(invoiceNumber);
            case "/v1/einvoices/{id}/cancel" -> "{\"reasonCode\":\"2\",\"remarks\":\"Wrong buyer\"}";
            case "/v1/gsp-credentials/{portal}" -> "{\"gstin\":\"29ABCDE1234F1Z5\",\"userName\":\"sandbox\",\"password\":\"Sandbox@123\"}";
            case "/v1/gsp-credentials/{portal}/test-connection" -> "{\"gstin\":\"29ABCDE1234F1Z5\"}";
            case "/v1/tools/qr/decode" -> "{\"signedQrCode\":\"eyJhbGciOiJSUzI1NiJ9.eyJkYXRhIjoie30ifQ.c2ln\"}";
            case "/v1/tools/qr/render" -> "{\"signedQrCode\":\"eyJhbGciOiJSUzI1NiJ9.eyJkYXRhIjoie30ifQ.c2ln\",\"width\":256,\"height\":256,\"imageType\":\"png\"}";
            case "/v1/tools/signed-invoice/decode" -> "{\"signedInvoice\":\"eyJhbGciOiJSUzI1NiJ9.eyJkYXRhIjoie30ifQ.c2ln\"}";
            case "/v1/webhook-endpoints", "/v1/webhook-endpoints/{id}" ->
                    "{\"url\":\"http://127.0.0.1:9/hook\",\"events\":[\"einvoice.generated\"],\"description\":\"fuzz\",\"enabled\":true}";
            case "/realms/{realm}/protocol/openid-connect/token" -> "grant_type=client_credentials&scope=gstn-india&client_id="
                    + Benchmark.CLIENT_ID + "&client_secret=" + Benchmark.CLIENT_SECRET;
            case "/v1/einvoices/batches" -> "{\"items\":[{\"idempotencyKey\":\"fuzz-item-" + number + "\",\"invoice\":"
                    + invoices.body(invoiceNumber) + "},{\"invoice\":" + invoices.body(invoiceNumber + "B") + "}]}";
            case "/v1/ewaybills", "/v1/ewaybills/generate" -> standaloneEwayBill(invoiceNumber);
            case "/v1/einvoices/ewaybill" -> "{\"irn\":\"" + goodsIrn + "\",\"distance\":0,\"transportMode\":\"1\","
                    + "\"vehicleNumber\":\"KA01AB1234\",\"vehicleType\":\"R\"}";
            case "/v1/ewaybills/{id}/update-part-b" -> "{\"vehicleNumber\":\"KA05MN4321\",\"transportMode\":1,"
                    + "\"fromPlace\":\"Bengaluru\",\"fromStateCode\":29,\"reasonCode\":4}";
            case "/v1/ewaybills/partb" -> "{\"ewbNumber\":" + ewbNumber + ",\"vehicleNumber\":\"KA07AL4321\",\"vehicleType\":\"R\","
                    + "\"transportMode\":\"1\",\"fromPlace\":\"Bengaluru\",\"fromStateCode\":\"29\",\"reasonCode\":\"4\"}";
            case "/v1/ewaybills/{id}/extend-validity" -> "{\"vehicleNumber\":\"KA01AB1234\",\"fromPlace\":\"Tumakuru\","
                    + "\"fromStateCode\":29,\"fromPincode\":572101,\"reasonCode\":99,\"remark\":\"Road closed\","
                    + "\"consignmentStatus\":\"M\",\"remainingDistanceKm\":40,\"transportMode\":1}";
            case "/v1/ewaybills/extend" -> "{\"ewbNumber\":\"" + ewbNumber + "\",\"vehicleNumber\":\"KA07AL4321\","
                    + "\"fromPlace\":\"Tumakuru\",\"fromStateCode\":\"29\",\"fromPincode\":572101,\"reasonCode\":\"99\","
                    + "\"remark\":\"Road closed\",\"consignmentStatus\":\"M\",\"remainingDistance\":40,\"transportMode\":\"1\"}";
            case "/v1/ewaybills/{id}/update-transporter" -> "{\"transporterId\":\"29AABCT1332L1ZU\"}";
            case "/v1/ewaybills/transporter" -> "{\"ewbNumber\":" + ewbNumber + ",\"transporterId\":\"29AABCT1332L1ZU\"}";
            case "/v1/ewaybills/{id}/cancel" -> "{\"reasonCode\":2,\"remark\":\"Order cancelled\"}";
            case "/v1/ewaybills/cancel" -> "{\"ewbNumber\":" + cancelEwbNumber + ",\"cancelReasonCode\":\"2\",\"cancelRemark\":\"Order cancelled\"}";
            case "/v1/ewaybills/{id}/reject" -> "{}";
            case "/v1/ewaybills/reject" -> "{\"ewbNumber\":" + cancelEwbNumber + "}";
            default -> "{\"a\":1}";
        };
    }

    /** A bill for a document without an e-invoice (the seller's outward supply), numbered like the case's invoice. */
    private static String standaloneEwayBill(String documentNumber) {
        return """
                {"supplyType":"O","subSupplyType":"1","documentType":"INV","documentNumber":"%s","documentDate":"%s",\
                "transactionType":1,\
                "from":{"gstin":"%s","tradeName":"Acme Pvt Ltd","address1":"12 Industrial Area","place":"Bengaluru","pincode":560001,"stateCode":29},\
                "to":{"gstin":"27FGHIJ5678K1Z2","tradeName":"Globex Pvt Ltd","address1":"8 MG Road","place":"Mumbai","pincode":400001,"stateCode":27},\
                "totals":{"totalValue":60000,"cgstValue":0,"sgstValue":0,"igstValue":10800,"totalInvoiceValue":70800},\
                "transport":%s,\
                "items":[{"productName":"Steel racks","hsnCode":"94032010","quantity":20,"unit":"NOS","cgstRate":0,"sgstRate":0,\
                "igstRate":18,"taxableAmount":60000}]}"""
                .formatted(documentNumber, java.time.LocalDate.now(java.time.ZoneId.of("Asia/Kolkata")), Invoices.SELLER_GSTIN, BY_ROAD);
    }

    private static int insideAString(String json, SplittableRandom random) {
        List<Integer> quotes = new ArrayList<>();
        for (int i = 0; i < json.length(); i++) {
            if (json.charAt(i) == '"') {
                quotes.add(i);
            }
        }
        if (quotes.isEmpty()) {
            return json.length() / 2;
        }
        int quote = quotes.get(random.nextInt(quotes.size()));
        return json.substring(0, quote + 1).getBytes(StandardCharsets.UTF_8).length;
    }

    /** Replaces, removes or adds one value somewhere in the tree. */
    private static JsonNode mutate(JsonNode root, SplittableRandom random, List<String> mutations) {
        List<JsonNode> containers = new ArrayList<>();
        collectContainers(root, containers);
        if (containers.isEmpty()) {
            mutations.add("replaced root");
            return wildValue(random);
        }
        JsonNode container = containers.get(random.nextInt(containers.size()));
        if (container instanceof ObjectNode object) {
            List<String> names = new ArrayList<>(object.propertyNames());
            int action = random.nextInt(10);
            if (names.isEmpty() || action == 0) {
                String name = pick(random, "extra", "__proto__", "constructor", "irn", "id", "status", "\u0000", "",
                        "a".repeat(1000), "invoiceNumber ", "INVOICENUMBER");
                object.set(name, wildValue(random));
                mutations.add("extra field " + printable(name.getBytes(StandardCharsets.UTF_8)));
            } else if (action == 1) {
                String name = names.get(random.nextInt(names.size()));
                object.remove(name);
                mutations.add("missing " + name);
            } else {
                String name = names.get(random.nextInt(names.size()));
                JsonNode replacement = name.equals("invoiceNumber") && random.nextBoolean() ? lookAlike(random) : wildValue(random);
                object.set(name, replacement);
                mutations.add(name + "=" + abbreviate(replacement.toString()));
            }
        } else if (container instanceof ArrayNode array) {
            int action = random.nextInt(4);
            if (array.isEmpty() || action == 0) {
                array.add(wildValue(random));
                mutations.add("array element added");
            } else if (action == 1) {
                array.remove(random.nextInt(array.size()));
                mutations.add("array element removed");
            } else if (action == 2) {
                JsonNode element = array.get(random.nextInt(array.size()));
                // Up to about 2 MB: past the server's 1 MB body limit, without sending it tens of megabytes.
                int most = Math.max(1, 2_000_000 / Math.max(1, JSON.writeValueAsString(element).length()));
                for (int copies = Math.min(random.nextInt(2000), most); copies > 0; copies--) {
                    array.add(element.deepCopy());
                }
                mutations.add("array grown to " + array.size());
            } else {
                array.set(random.nextInt(array.size()), wildValue(random));
                mutations.add("array element replaced");
            }
        }
        return root;
    }

    private static void collectContainers(JsonNode node, List<JsonNode> into) {
        if (node.isContainer()) {
            into.add(node);
            Iterator<JsonNode> children = node.values().iterator();
            while (children.hasNext()) {
                collectContainers(children.next(), into);
            }
        }
    }

    private static JsonNode lookAlike(SplittableRandom random) {
        // Cyrillic А/В/Е/С, Greek Ο, fullwidth digits, zero-width space, right-to-left override, combining accent
        return NODES.stringNode(pick(random, "\u0410\u0412\u0421-001", "INV\u200B001", "\uFF29\uFF2E\uFF36001", "\u039F0001",
                "INV-0\u0301", "\u202EINV001", "INV\u00A0001", "INV\u2010001", "\u0130NV001", "inv\u0131001", "ＩＮＶ-1",
                "0INV", "INV 001", "-INV", "/INV", "INV_001", "INV-0000000000000001"));
    }

    private static JsonNode wildValue(SplittableRandom random) {
        return switch (random.nextInt(24)) {
            case 0 -> NODES.nullNode();
            case 1 -> NODES.booleanNode(random.nextBoolean());
            case 2 -> NODES.numberNode(Long.MAX_VALUE);
            case 3 -> NODES.numberNode(Long.MIN_VALUE);
            case 4 -> NODES.numberNode(new java.math.BigDecimal("1e400"));
            case 5 -> NODES.numberNode(new java.math.BigDecimal("1e-400"));
            case 6 -> NODES.numberNode(new java.math.BigInteger("9".repeat(60)));
            case 7 -> NODES.numberNode(-0.0);
            case 8 -> NODES.numberNode(Double.MIN_VALUE);
            case 9 -> NODES.numberNode(new java.math.BigDecimal("123.456789012345678901234567890"));
            case 10 -> NODES.numberNode(-1);
            case 11 -> NODES.numberNode(0);
            case 12 -> NODES.stringNode("");
            case 13 -> NODES.stringNode("x".repeat(1 + random.nextInt(100_000)));
            case 14 -> NODES.stringNode(new String(wildString(random, 200), StandardCharsets.UTF_8));
            case 15 -> NODES.stringNode("1e5");
            case 16 -> NODES.stringNode(pick(random, "NaN", "Infinity", "-Infinity", "0x1F", "1_000", "١٢٣"));
            case 17 -> NODES.objectNode();
            case 18 -> NODES.arrayNode();
            case 19 -> {
                ArrayNode deep = NODES.arrayNode();
                ArrayNode at = deep;
                for (int depth = random.nextInt(450); depth > 0; depth--) { // deeper only as raw text: Jackson writes at most 500 levels
                    at = at.addArray();
                }
                yield deep;
            }
            case 20 -> NODES.stringNode("2026-02-30");
            case 21 -> NODES.stringNode("\u0000\u0001\u001f\u007f");
            case 22 -> NODES.numberNode(random.nextInt());
            default -> NODES.stringNode("\uD83D\uDE00\u0301\uFEFF");
        };
    }

    private static byte[] wildString(SplittableRandom random, int maxLength) {
        int length = random.nextInt(maxLength + 1);
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            text.append(switch (random.nextInt(6)) {
                case 0 -> (char) random.nextInt(32);
                case 1 -> (char) (0x80 + random.nextInt(0x780));
                case 2 -> "\uD83D\uDE00";
                default -> (char) (32 + random.nextInt(95));
            });
        }
        return text.toString().replace("\r", "").replace("\n", "").getBytes(StandardCharsets.UTF_8);
    }

    @SafeVarargs
    private static <T> T pick(SplittableRandom random, T... choices) {
        return choices[random.nextInt(choices.length)];
    }

    // --- checks

    /** Null when the body is the error envelope of this status, with a field on every validation detail. */
    private static String envelopeProblem(RawHttp.Response response) {
        if (response.status() == 401 && response.body().length == 0) {
            return "401 without a body";
        }
        JsonNode body;
        try {
            body = JSON.readTree(response.body());
        } catch (RuntimeException e) {
            return "not JSON";
        }
        if (body == null || !body.isObject()) {
            return "not a JSON object";
        }
        if (!"error".equals(body.path("object").asString(""))) {
            return "object is not \"error\"";
        }
        if (!body.path("code").isString() || !body.path("message").isString() || !body.path("requestId").isString()) {
            return "code, message or requestId missing";
        }
        if (body.path("httpStatus").asInt(-1) != response.status()) {
            return "httpStatus " + body.path("httpStatus") + " differs from the status";
        }
        if (!body.path("details").isArray()) {
            return "details is not an array";
        }
        if (response.status() == 422) {
            if (body.path("details").isEmpty()) {
                return "422 without details";
            }
            for (JsonNode detail : body.path("details")) {
                if (detail.path("field").asString("").isBlank()) {
                    return "422 detail without a field";
                }
            }
        }
        return null;
    }

    private static String acceptedInvoiceNumber(RawHttp.Response response) {
        try {
            return JSON.readTree(response.body()).path("invoiceNumber").asString(null);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private boolean healthy(String base) {
        try {
            return http.send(Http.request(base + "/actuator/health").timeout(Duration.ofSeconds(10)).GET().build())
                    .statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private long heapMiB(String base) {
        try {
            HttpResponse<String> metric = http.send(Http.request(base + "/actuator/metrics/jvm.memory.used?tag=area:heap")
                    .header("Authorization", bearer).GET().build());
            JsonNode tree = JSON.readTree(metric.body());
            return (long) tree.path("measurements").path(0).path("value").asDouble(-1) >> 20;
        } catch (Exception e) {
            return -1;
        }
    }

    /** Items of an accepted batch that became e-invoice rows: all but the invalid ones. */
    private static long storedItems(RawHttp.Response response) {
        try {
            JsonNode counts = JSON.readTree(response.body()).path("counts");
            return Math.max(0, counts.path("total").asLong(0) - counts.path("invalid").asLong(0));
        } catch (RuntimeException e) {
            return 0;
        }
    }

    private static List<String> invoiceNumbersNicRefuses(String jdbc, String password) throws Exception {
        List<String> refused = new ArrayList<>();
        try (Connection db = DriverManager.getConnection(jdbc, "postgres", password);
                PreparedStatement select = db.prepareStatement("select invoice_number from einvoice");
                ResultSet result = select.executeQuery()) {
            while (result.next()) {
                String stored = result.getString(1);
                if (!NIC_DOCUMENT_NUMBER.matcher(stored).matches()) {
                    refused.add(printable(stored.getBytes(StandardCharsets.UTF_8)));
                }
            }
        }
        return refused;
    }

    private static long count(String jdbc, String password, String sql) throws Exception {
        try (Connection db = DriverManager.getConnection(jdbc, "postgres", password);
                PreparedStatement select = db.prepareStatement(sql); ResultSet result = select.executeQuery()) {
            result.next();
            return result.getLong(1);
        }
    }

    private static int portOf(Path data) throws IOException {
        return Integer.parseInt(Files.readAllLines(data.resolve("postgres").resolve("postmaster.pid")).get(3).trim());
    }

    private static String abbreviate(String text) {
        return text.length() > 300 ? text.substring(0, 300) + "…" : text;
    }

    private static String printable(byte[] bytes) {
        StringBuilder shown = new StringBuilder();
        String text = new String(bytes, StandardCharsets.UTF_8);
        for (int i = 0; i < Math.min(text.length(), 300); i++) {
            char c = text.charAt(i);
            shown.append(c < 32 || c == 127 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return text.length() > 300 ? shown + "…(" + text.length() + " chars)" : shown.toString();
    }
}
