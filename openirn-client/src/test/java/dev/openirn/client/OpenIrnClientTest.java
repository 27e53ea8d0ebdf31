package dev.openirn.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The SDK against the real server (its boot jar as a process, with the bundled sandbox), seen through a recording proxy. */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class OpenIrnClientTest {

    private static ServerProcess server;
    private static FaultProxy proxy;
    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static final String RUN = Long.toString(System.currentTimeMillis() / 1000 % 46656, 36).toUpperCase();

    @BeforeAll
    static void startServer() throws Exception {
        server = ServerProcess.start(Path.of("target", "openirn-server.jar"), Path.of("target", "sdk-test"));
        proxy = new FaultProxy(server.baseUrl());
    }

    @AfterAll
    static void stopServer() {
        if (proxy != null) {
            proxy.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void theTokenIsReplacedBeforeItExpiresOnAMovedClock() {
        MovableClock clock = new MovableClock(Instant.now());
        OpenIrnClient client = client(proxy.url()).clock(clock).build();

        EInvoice created = client.createEInvoice(invoice(nextNumber()));
        client.getStatus(created.id());
        assertThat(client.accessTokensFetched()).isEqualTo(1);
        String firstToken = lastAuthorization();

        clock.move(Duration.ofMinutes(14).plusSeconds(30)); // inside the last minute of the 900 s lifetime
        EInvoice read = client.getEInvoice(created.id());
        assertThat(read.id()).isEqualTo(created.id());
        assertThat(client.accessTokensFetched()).isEqualTo(2);
        assertThat(lastAuthorization()).isNotEqualTo(firstToken);

        clock.move(Duration.ofMinutes(1)); // past the first token's expiry, well within the second's
        client.getStatus(created.id());
        assertThat(client.accessTokensFetched()).isEqualTo(2);
        assertThat(proxy.seen("POST", "/realms/onefinops/protocol/openid-connect/token")).hasSizeGreaterThanOrEqualTo(2);
    }

    @Test
    void aWriteWhoseAnswerWasLostTo5xxIsRetriedWithTheSameKeyAndRegisteredOnce() throws Exception {
        OpenIrnClient client = client(proxy.url()).backoff(Duration.ofMillis(50), Duration.ofMillis(500)).build();
        String number = nextNumber();
        long registrationsBefore = server.sandboxRegistrations();
        int postsBefore = proxy.seen("POST", "/v1/einvoices").size();
        proxy.inject(new FaultProxy.Fault("POST", "/v1/einvoices", true, 502, null));

        EInvoice created = client.createEInvoice(invoice(number), "erp-" + number);

        List<FaultProxy.Seen> posts = proxy.seen("POST", "/v1/einvoices");
        List<FaultProxy.Seen> ours = posts.subList(postsBefore, posts.size());
        assertThat(ours).hasSize(2);
        assertThat(ours).extracting(FaultProxy.Seen::idempotencyKey).containsOnly("erp-" + number);
        assertThat(ours.get(0).body()).isEqualTo(ours.get(1).body());
        assertThat(created.replayed()).as("the second attempt is answered from the key").isTrue();
        assertThat(created.status()).isEqualTo("generated");
        assertThat(server.sandboxRegistrations() - registrationsBefore).isEqualTo(1);
        assertThat(client.listEInvoices(EInvoiceQuery.all().invoiceNumber(number)).data())
                .extracting(EInvoice::id).containsExactly(created.id());
    }

    @Test
    void a429IsRetriedAfterItsRetryAfterAndAGeneratedKeyIsKeptAcrossAttempts() {
        OpenIrnClient client = client(proxy.url()).build();
        int postsBefore = proxy.seen("POST", "/v1/einvoices").size();
        proxy.inject(new FaultProxy.Fault("POST", "/v1/einvoices", false, 429, "1"));
        proxy.inject(new FaultProxy.Fault("POST", "/v1/einvoices", false, 503, "0"));

        long started = System.nanoTime();
        EInvoice created = client.createEInvoice(invoice(nextNumber()));
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        List<FaultProxy.Seen> posts = proxy.seen("POST", "/v1/einvoices");
        List<FaultProxy.Seen> ours = posts.subList(postsBefore, posts.size());
        assertThat(ours).hasSize(3);
        assertThat(ours.get(0).idempotencyKey()).startsWith("sdk-");
        assertThat(ours).extracting(FaultProxy.Seen::idempotencyKey).containsOnly(ours.get(0).idempotencyKey());
        assertThat(took).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        assertThat(created.httpStatus()).isEqualTo(201);
    }

    @Test
    void errorAnswersThrowTypedExceptionsCarryingTheEnvelope() {
        OpenIrnClient client = client(server.baseUrl()).build();

        String broken = invoice(nextNumber()).replace("\"pinCode\":\"560001\"", "\"pinCode\":\"56\"")
                .replace("\"gstRate\":18", "\"gstRate\":17");
        assertThatThrownBy(() -> client.createEInvoice(broken)).isInstanceOfSatisfying(OpenIrnException.ValidationException.class, e -> {
            assertThat(e.httpStatus()).isEqualTo(422);
            assertThat(e.code()).isEqualTo("validation_error");
            assertThat(e.requestId()).isNotBlank();
            assertThat(e.details()).extracting(ErrorDetail::field).contains("seller.pinCode", "lines[0].gstRate");
        });

        assertThatThrownBy(() -> client.getEInvoice("einv_01AAAAAAAAAAAAAAAAAAAAAAAA"))
                .isInstanceOfSatisfying(OpenIrnException.NotFoundException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(404);
                    assertThat(e.code()).isEqualTo("not_found");
                });

        String number = nextNumber();
        EInvoice generated = client.createEInvoice(invoice(number));
        assertThatThrownBy(() -> client.createEInvoice(invoice(number).replace("Consulting services", "Other services")))
                .isInstanceOfSatisfying(OpenIrnException.ConflictException.class, e -> {
                    assertThat(e.code()).isEqualTo("einvoice.duplicate");
                    assertThat(e.details().toString()).contains(generated.id());
                });

        // The IRP itself refuses an HSN code missing from its master: the envelope carries its code in upstream.
        String unknownHsn = invoice(nextNumber()).replace("998314", "999999");
        EInvoice rejected;
        try {
            rejected = client.createEInvoice(unknownHsn);
        } catch (OpenIrnException e) {
            assertThat(e.upstream()).as(e.toString()).isNotNull();
            assertThat(e.upstream().code()).isEqualTo("2176");
            rejected = null;
        }
        if (rejected != null) {
            assertThat(rejected.status()).isEqualTo("failed_terminal");
            assertThat(rejected.errorMessage()).contains("2176");
        }

        OpenIrnClient wrongSecret = OpenIrnClient.builder().baseUrl(server.baseUrl()).credentials(ServerProcess.CLIENT_ID, "wrong").build();
        assertThatThrownBy(() -> wrongSecret.getStatus(generated.id())).isInstanceOf(OpenIrnException.AuthenticationException.class);
    }

    @Test
    void listsAreIteratedAcrossPagesByCursorEachItemOnce() {
        OpenIrnClient client = client(server.baseUrl()).build();
        Instant before = Instant.now().minusSeconds(1);
        Set<String> created = new HashSet<>();
        for (int i = 0; i < 5; i++) {
            created.add(client.createEInvoice(invoice(nextNumber())).id());
        }

        List<String> listed = new ArrayList<>();
        client.iterateEInvoices(EInvoiceQuery.all().limit(2).createdFrom(before)).forEach(e -> listed.add(e.id()));

        assertThat(listed).doesNotHaveDuplicates().containsAll(created);
        assertThat(client.streamEInvoices(EInvoiceQuery.all().limit(2).createdFrom(before).status("generated")).count())
                .isGreaterThanOrEqualTo(5);
    }

    @Test
    void waitPrintDecodeAndCancel() throws Exception {
        OpenIrnClient client = client(server.baseUrl()).build();
        EInvoice created = client.createEInvoice(invoice(nextNumber()));

        EInvoice done = client.waitUntilTerminal(created.id(), Duration.ofMinutes(1));
        assertThat(done.status()).isEqualTo("generated");
        assertThat(done.irn()).hasSize(64);
        assertThat(done.ackNumber()).isNotBlank();

        byte[] pdf = client.downloadPdf(done.id());
        assertThat(new String(pdf, 0, 5, StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
        Path saved = client.downloadPdf(done.id(), Files.createTempDirectory("sdk-pdf").resolve("invoice.pdf"));
        String savedText = new String(Files.readAllBytes(saved), StandardCharsets.ISO_8859_1);
        assertThat(savedText).startsWith("%PDF-").endsWith("%%EOF\n"); // each render has its own /ID, so not byte-equal

        DecodedQrCode fromText = client.decodeQr(done.signedQrCode());
        assertThat(fromText.irn()).isEqualTo(done.irn());
        assertThat(fromText.signatureValid()).isTrue();
        DecodedQrCode fromImage = client.decodeQrImage(client.downloadQr(done.id(), "png", 512), "qr.png");
        assertThat(fromImage.irn()).isEqualTo(done.irn());
        assertThat(fromImage.documentNumber()).isEqualTo(done.invoiceNumber());

        EInvoice cancelled = client.cancel(done.id(), "2", "Data entry error");
        assertThat(cancelled.status()).isEqualTo("cancelled");
        assertThatThrownBy(() -> client.cancel(done.id(), "2", "Data entry error"))
                .isInstanceOfSatisfying(OpenIrnException.ConflictException.class,
                        e -> assertThat(e.code()).isEqualTo("einvoice.not_cancellable"));
    }

    @Test
    void aRealDeliveryVerifiesAndATamperedOrStaleOneDoesNot() throws Exception {
        BlockingQueue<Map.Entry<String, byte[]>> received = new ArrayBlockingQueue<>(10);
        HttpServer receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/hook", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            received.add(Map.entry(exchange.getRequestHeaders().getFirst(Webhooks.SIGNATURE_HEADER), body));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        try {
            OpenIrnClient client = client(server.baseUrl()).build();
            JsonNode endpoint = client.call("POST", "/v1/webhook-endpoints",
                    Map.of("url", "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook"));
            String secret = endpoint.get("signingSecret").asText();
            client.call("POST", "/v1/webhook-endpoints/" + endpoint.get("id").asText() + "/test", null);

            Map.Entry<String, byte[]> delivery = received.poll(60, TimeUnit.SECONDS);
            assertThat(delivery).as("the ping delivery").isNotNull();

            assertThat(Webhooks.verify(secret, delivery.getKey(), delivery.getValue())).isTrue();
            byte[] tampered = new String(delivery.getValue(), StandardCharsets.UTF_8).replace("ping", "pong").getBytes(StandardCharsets.UTF_8);
            assertThat(Webhooks.verify(secret, delivery.getKey(), tampered)).isFalse();
            assertThat(Webhooks.verify(secret + "x", delivery.getKey(), delivery.getValue())).isFalse();
            Clock tenMinutesLater = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(10));
            assertThat(Webhooks.verify(secret, delivery.getKey(), delivery.getValue(), Webhooks.DEFAULT_TOLERANCE, tenMinutesLater)).isFalse();
        } finally {
            receiver.stop(0);
        }
    }

    @Test
    void aBatchIsFollowedToCompletionItsItemsIteratedAndASecondSubmissionRegistersNothing() throws Exception {
        OpenIrnClient client = client(server.baseUrl()).build();
        List<String> invoices = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            invoices.add(invoice(nextNumber()));
        }
        invoices.add(invoice(nextNumber()).replace("\"gstRate\":18", "\"gstRate\":17"));
        long registrationsBefore = server.sandboxRegistrations();

        EInvoiceBatch submitted = client.submitBatch(invoices);
        assertThat(submitted.httpStatus()).isEqualTo(202);
        assertThat(submitted.id()).startsWith("batch_");
        assertThat(submitted.count("total")).isEqualTo(4);
        assertThat(submitted.count("invalid")).isEqualTo(1);

        EInvoiceBatch done = client.waitForBatch(submitted.id(), Duration.ofMinutes(2));
        assertThat(done.isCompleted()).isTrue();
        assertThat(done.count("generated")).isEqualTo(3);
        List<EInvoiceBatch.Item> items = new ArrayList<>();
        client.iterateBatchItems(submitted.id()).forEach(items::add);
        assertThat(items).extracting(EInvoiceBatch.Item::index).containsExactly(0, 1, 2, 3);
        assertThat(items).extracting(EInvoiceBatch.Item::status).containsExactly("generated", "generated", "generated", "invalid");
        assertThat(items.get(3).eInvoiceId()).isNull();
        assertThat(items.get(3).errors()).extracting(ErrorDetail::field).contains("lines[0].gstRate");
        EInvoice first = client.getEInvoice(items.get(0).eInvoiceId());
        assertThat(first.status()).isEqualTo("generated");
        assertThat(items.get(0).irn()).isEqualTo(first.irn()).hasSize(64);
        assertThat(items.get(0).ackNumber()).isEqualTo(first.ackNumber());
        assertThat(items.get(0).ackDate()).isNotBlank();
        assertThat(items.get(3).irn()).isNull();
        assertThat(server.sandboxRegistrations() - registrationsBefore).isEqualTo(3);

        EInvoiceBatch again = client.submitBatch(invoices);
        assertThat(again.id()).isNotEqualTo(submitted.id());
        assertThat(client.waitForBatch(again.id(), Duration.ofMinutes(1)).count("generated")).isEqualTo(3);
        assertThat(server.sandboxRegistrations() - registrationsBefore).as("the same documents are not sent again").isEqualTo(3);
    }

    private static OpenIrnClient.Builder client(String baseUrl) {
        return OpenIrnClient.builder().baseUrl(baseUrl).credentials(ServerProcess.CLIENT_ID, ServerProcess.CLIENT_SECRET);
    }

    private static String lastAuthorization() {
        List<FaultProxy.Seen> all = proxy.seen;
        for (int i = all.size() - 1; i >= 0; i--) {
            if (all.get(i).authorization() != null) {
                return all.get(i).authorization();
            }
        }
        throw new AssertionError("no authorised request seen");
    }

    static String nextNumber() {
        return "S" + RUN + "-" + String.format("%05d", SEQUENCE.incrementAndGet());
    }

    /** The quickstart invoice, dated today in India so every date rule holds. */
    static String invoice(String number) {
        LocalDate today = LocalDate.now(ZoneId.of("Asia/Kolkata"));
        int start = today.getMonthValue() >= 4 ? today.getYear() : today.getYear() - 1;
        String financialYear = start + "-" + String.format("%02d", (start + 1) % 100);
        return ("{\"supplyType\":\"B2B\",\"documentType\":\"INV\",\"invoiceNumber\":\"%s\",\"invoiceDate\":\"%s\",\"financialYear\":\"%s\","
                + "\"reverseCharge\":false,\"placeOfSupplyStateCode\":\"29\","
                + "\"seller\":{\"gstin\":\"29ABCDE1234F1Z5\",\"legalName\":\"Acme Pvt Ltd\",\"address1\":\"12 Industrial Area\",\"location\":\"Bengaluru\",\"pinCode\":\"560001\",\"stateCode\":\"29\"},"
                + "\"buyer\":{\"gstin\":\"27FGHIJ5678K1Z2\",\"legalName\":\"Globex Pvt Ltd\",\"address1\":\"8 MG Road\",\"location\":\"Mumbai\",\"pinCode\":\"400001\",\"stateCode\":\"27\"},"
                + "\"lines\":[{\"lineNumber\":1,\"productDescription\":\"Consulting services\",\"isService\":true,\"hsnCode\":\"998314\",\"unitPrice\":10000,"
                + "\"assessableValue\":10000,\"gstRate\":18,\"igstAmount\":1800,\"totalItemValue\":11800}],"
                + "\"totals\":{\"assessableValue\":10000,\"totalIgstValue\":1800,\"totalInvoiceValue\":11800}}")
                .formatted(number, today, financialYear);
    }

    /** A clock the test moves forward, standing in for time passing. */
    static final class MovableClock extends Clock {
        private volatile Instant now;

        MovableClock(Instant start) {
            this.now = start;
        }

        void move(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
