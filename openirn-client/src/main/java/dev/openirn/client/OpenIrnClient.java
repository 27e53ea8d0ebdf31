package dev.openirn.client;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The OpenIRN API from Java. Thread-safe; build one per client id and share it.
 *
 * <pre>{@code
 * OpenIrnClient openirn = OpenIrnClient.builder()
 *         .baseUrl("http://localhost:8080")
 *         .credentials("ofin_test_…", "…")
 *         .build();
 * EInvoice created = openirn.createEInvoice(Files.readString(Path.of("invoice.json")));
 * EInvoice done = openirn.waitUntilTerminal(created.id(), Duration.ofMinutes(2));
 * }</pre>
 *
 * Every write carries an Idempotency-Key (the one given, else a random one per call) and is retried
 * with that same key on network errors, 5xx and 429, so a retry is answered from the first attempt and
 * never registers an invoice twice. Error answers throw {@link OpenIrnException} subclasses.
 */
public final class OpenIrnClient {

    private final ObjectMapper json;
    private final Transport transport;
    private final AccessTokens tokens;
    private final Clock clock;

    private OpenIrnClient(Builder builder) {
        this.json = mapper();
        this.clock = builder.clock;
        HttpClient http = HttpClient.newBuilder().connectTimeout(builder.connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER).build();
        URI base = URI.create(builder.baseUrl.endsWith("/") ? builder.baseUrl : builder.baseUrl + "/");
        URI tokenUri = builder.tokenUrl != null ? URI.create(builder.tokenUrl)
                : base.resolve("realms/" + builder.realm + "/protocol/openid-connect/token");
        this.tokens = new AccessTokens(http, json, tokenUri, builder.clientId, builder.clientSecret, builder.scope, builder.clock,
                builder.refreshAhead, builder.requestTimeout);
        this.transport = new Transport(http, json, base, tokens, builder.maxAttempts, builder.initialBackoff, builder.maxBackoff,
                builder.requestTimeout, builder.userAgent);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The Jackson 2 mapper the SDK reads answers with: unknown fields ignored. */
    static ObjectMapper mapper() {
        ObjectMapper mapper = new ObjectMapper();
        mapper.configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
        mapper.setVisibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY);
        return mapper;
    }

    // ---------------------------------------------------------------- e-invoices

    /**
     * {@code POST /v1/einvoices} under a random Idempotency-Key. {@code request} is sent as is when it is a
     * {@code String} or {@code byte[]} of JSON, else serialised with Jackson (a {@code JsonNode}, a Map, your own type).
     */
    public EInvoice createEInvoice(Object request) {
        return createEInvoice(request, newIdempotencyKey());
    }

    /** {@code POST /v1/einvoices} under the given key: the same key and body later answers the first result again. */
    public EInvoice createEInvoice(Object request, String idempotencyKey) {
        Transport.Answer answer = transport.send("POST", "v1/einvoices", body(request), "application/json",
                Objects.requireNonNull(idempotencyKey, "idempotencyKey"), "application/json");
        return einvoice(answer);
    }

    /** {@code POST /v1/einvoices/validate}: every check, nothing stored or sent; the server's report as JSON. */
    public JsonNode validateEInvoice(Object request) {
        return tree(transport.send("POST", "v1/einvoices/validate", body(request), "application/json", newIdempotencyKey(),
                "application/json"));
    }

    public EInvoice getEInvoice(String id) {
        return einvoice(transport.send("GET", "v1/einvoices/" + segment(id), null, null, null, "application/json"));
    }

    public EInvoice getEInvoiceByIrn(String irn) {
        return einvoice(transport.send("GET", "v1/einvoices/irn/" + segment(irn), null, null, null, "application/json"));
    }

    public EInvoiceStatus getStatus(String id) {
        return read(transport.send("GET", "v1/einvoices/" + segment(id) + "/status", null, null, null, "application/json"),
                EInvoiceStatus.class);
    }

    /** One page of {@code GET /v1/einvoices}, newest first. */
    public Page<EInvoice> listEInvoices(EInvoiceQuery query) {
        JsonNode page = tree(transport.send("GET", "v1/einvoices" + query.queryString(), null, null, null, "application/json"));
        List<EInvoice> data = new ArrayList<>();
        for (JsonNode item : page.path("data")) {
            data.add(convert(item, EInvoice.class).answered(item, 0, false));
        }
        return new Page<>(data, page.path("hasMore").asBoolean(false));
    }

    /** Every e-invoice matching the query, newest first, fetching the next page (by cursor) as the iteration reaches it. */
    public Iterable<EInvoice> iterateEInvoices(EInvoiceQuery query) {
        return () -> new Iterator<>() {
            private final EInvoiceQuery cursor = query.copy();
            private Iterator<EInvoice> current = List.<EInvoice>of().iterator();
            private boolean more = true;

            @Override
            public boolean hasNext() {
                while (!current.hasNext() && more) {
                    Page<EInvoice> page = listEInvoices(cursor);
                    current = page.data().iterator();
                    more = page.hasMore() && !page.data().isEmpty();
                    if (!page.data().isEmpty()) {
                        cursor.startingAfter(page.data().get(page.data().size() - 1).id());
                    }
                }
                return current.hasNext();
            }

            @Override
            public EInvoice next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return current.next();
            }
        };
    }

    public Stream<EInvoice> streamEInvoices(EInvoiceQuery query) {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(iterateEInvoices(query).iterator(), Spliterator.ORDERED), false);
    }

    /**
     * Polls the status until the e-invoice is terminal (generated, cancelled, failed_terminal, not_applicable, with no
     * cancel pending) and answers it in full; throws {@link OpenIrnException.WaitTimeoutException} after {@code timeout}.
     */
    public EInvoice waitUntilTerminal(String id, Duration timeout) {
        Instant deadline = clock.instant().plus(timeout);
        long pauseMillis = 200;
        while (true) {
            EInvoiceStatus status = getStatus(id);
            if (status.isTerminal()) {
                return getEInvoice(id);
            }
            if (!clock.instant().isBefore(deadline)) {
                throw new OpenIrnException.WaitTimeoutException(id + " is still " + status.status() + " after " + timeout, status);
            }
            pause(Math.min(pauseMillis, Math.max(1, Duration.between(clock.instant(), deadline).toMillis())), id);
            pauseMillis = Math.min(pauseMillis * 2, 2000);
        }
    }

    private static void pause(long millis, String waitingFor) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new OpenIrnException.ConnectionException("interrupted while waiting for " + waitingFor, interrupted);
        }
    }

    /** Cancels a generated e-invoice within 24 h. reasonCode: "1" duplicate, "2" data entry error, "3" order cancelled, "4" other. */
    public EInvoice cancel(String id, String reasonCode, String remarks) {
        return cancel(id, reasonCode, remarks, newIdempotencyKey());
    }

    public EInvoice cancel(String id, String reasonCode, String remarks, String idempotencyKey) {
        ObjectNode request = json.createObjectNode().put("reasonCode", reasonCode).put("remarks", remarks);
        return einvoice(transport.send("POST", "v1/einvoices/" + segment(id) + "/cancel", body(request), "application/json",
                idempotencyKey, "application/json"));
    }

    // ---------------------------------------------------------------- bulk batches

    /**
     * {@code POST /v1/einvoices/batches} with up to 1,000 invoices (each what {@link #createEInvoice} takes). Each
     * item's key is derived by the server from its document, so submitting the same invoices again registers nothing
     * twice; the request itself is retried under one random key.
     */
    public EInvoiceBatch submitBatch(List<?> invoices) {
        Map<String, Object> unkeyed = new LinkedHashMap<>();
        for (int i = 0; i < invoices.size(); i++) {
            unkeyed.put("#" + i, invoices.get(i));
        }
        return submit(unkeyed, false, newIdempotencyKey());
    }

    /** As {@link #submitBatch(List)}, with each invoice under its own item key (in the map's order) and the batch's key. */
    public EInvoiceBatch submitBatch(Map<String, ?> invoicesByItemKey, String idempotencyKey) {
        return submit(invoicesByItemKey, true, Objects.requireNonNull(idempotencyKey, "idempotencyKey"));
    }

    private EInvoiceBatch submit(Map<String, ?> invoices, boolean keyed, String idempotencyKey) {
        ObjectNode request = json.createObjectNode();
        ArrayNode items = request.putArray("items");
        for (Map.Entry<String, ?> entry : invoices.entrySet()) {
            ObjectNode item = items.addObject();
            if (keyed) {
                item.put("idempotencyKey", entry.getKey());
            }
            byte[] invoice = body(entry.getValue());
            try {
                json.readTree(invoice);
            } catch (IOException e) {
                throw new IllegalArgumentException("invoice " + entry.getKey() + " is not JSON: " + e.getMessage(), e);
            }
            // As written: amounts keep their exact digits, and the same invoices always make the same request body.
            item.putRawValue("invoice", new RawValue(new String(invoice, StandardCharsets.UTF_8)));
        }
        return batch(transport.send("POST", "v1/einvoices/batches", body(request), "application/json", idempotencyKey,
                "application/json"));
    }

    /** {@code GET /v1/einvoices/batches/{id}}: the batch and its counts. */
    public EInvoiceBatch getBatch(String id) {
        return batch(transport.send("GET", "v1/einvoices/batches/" + segment(id) + "?limit=1", null, null, null,
                "application/json"));
    }

    /** Every item of the batch in submission order, fetching pages of 1,000 by cursor as the iteration reaches them. */
    public Iterable<EInvoiceBatch.Item> iterateBatchItems(String id) {
        String path = "v1/einvoices/batches/" + segment(id) + "?limit=1000";
        return () -> new Iterator<>() {
            private Iterator<EInvoiceBatch.Item> current = List.<EInvoiceBatch.Item>of().iterator();
            private String cursor;
            private boolean more = true;

            @Override
            public boolean hasNext() {
                while (!current.hasNext() && more) {
                    JsonNode page = tree(transport.send("GET", cursor == null ? path : path + "&cursor=" + cursor, null, null,
                            null, "application/json")).path("items");
                    List<EInvoiceBatch.Item> data = new ArrayList<>();
                    page.path("data").forEach(item -> data.add(convert(item, EInvoiceBatch.Item.class)));
                    current = data.iterator();
                    cursor = page.path("nextCursor").isTextual() ? page.path("nextCursor").asText() : null;
                    more = page.path("hasMore").asBoolean(false) && cursor != null && !data.isEmpty();
                }
                return current.hasNext();
            }

            @Override
            public EInvoiceBatch.Item next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return current.next();
            }
        };
    }

    /** Polls the batch until it is {@code completed}; throws {@link OpenIrnException.WaitTimeoutException} after {@code timeout}. */
    public EInvoiceBatch waitForBatch(String id, Duration timeout) {
        Instant deadline = clock.instant().plus(timeout);
        long pauseMillis = 200;
        while (true) {
            EInvoiceBatch batch = getBatch(id);
            if (batch.isCompleted()) {
                return batch;
            }
            if (!clock.instant().isBefore(deadline)) {
                throw new OpenIrnException.WaitTimeoutException(id + " is still " + batch.status() + " after " + timeout, null);
            }
            pause(Math.min(pauseMillis, Math.max(1, Duration.between(clock.instant(), deadline).toMillis())), id);
            pauseMillis = Math.min(pauseMillis * 2, 2000);
        }
    }

    // ---------------------------------------------------------------- printing and tools

    /** The printable A4 tax invoice as PDF bytes. */
    public byte[] downloadPdf(String id) {
        return transport.send("GET", "v1/einvoices/" + segment(id) + "/pdf", null, null, null, "application/pdf").body();
    }

    /** Writes the PDF to {@code target} (through a temporary file, so a failed download leaves no partial PDF). */
    public Path downloadPdf(String id, Path target) {
        byte[] pdf = downloadPdf(id);
        try {
            Path absolute = target.toAbsolutePath();
            Path temporary = Files.createTempFile(absolute.getParent(), ".openirn-", ".pdf");
            Files.write(temporary, pdf);
            return Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The e-invoice's signed QR code as an image: format {@code png} or {@code svg}, size 100–2000 pixels. */
    public byte[] downloadQr(String id, String format, int size) {
        return transport.send("GET", "v1/einvoices/" + segment(id) + "/qr?format=" + format + "&size=" + size, null, null, null,
                "*/*").body();
    }

    /** Decodes and verifies a signed QR code's text (the JWS). */
    public DecodedQrCode decodeQr(String signedQrCode) {
        ObjectNode request = json.createObjectNode().put("signedQrCode", signedQrCode);
        return read(transport.send("POST", "v1/tools/qr/decode", body(request), "application/json", newIdempotencyKey(),
                "application/json"), DecodedQrCode.class);
    }

    /** Reads the QR code in a photo or scan (PNG or JPEG), then decodes and verifies it. */
    public DecodedQrCode decodeQrImage(byte[] image, String fileName) {
        String boundary = "openirn-" + UUID.randomUUID();
        String contentType = fileName.toLowerCase().endsWith(".png") ? "image/png" : "image/jpeg";
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"image\"; filename=\"" + fileName.replace("\"", "")
                + "\"\r\nContent-Type: " + contentType + "\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[head.length + image.length + tail.length];
        System.arraycopy(head, 0, body, 0, head.length);
        System.arraycopy(image, 0, body, head.length, image.length);
        System.arraycopy(tail, 0, body, head.length + image.length, tail.length);
        return read(transport.send("POST", "v1/tools/qr/decode", body, "multipart/form-data; boundary=" + boundary, newIdempotencyKey(),
                "application/json"), DecodedQrCode.class);
    }

    /** Decodes and verifies the IRP's signed invoice: {@code decodedJson}, {@code issuer}, {@code signature}. */
    public JsonNode decodeSignedInvoice(String signedInvoice) {
        ObjectNode request = json.createObjectNode().put("signedInvoice", signedInvoice);
        return tree(transport.send("POST", "v1/tools/signed-invoice/decode", body(request), "application/json", newIdempotencyKey(),
                "application/json"));
    }

    // ---------------------------------------------------------------- escape hatch

    /**
     * Any other call (webhook endpoints, events, GSTIN lookup, …) with the same token, retries and error mapping; writes
     * carry a random Idempotency-Key. Answers the JSON body (an empty object for an empty body).
     */
    public JsonNode call(String method, String path, Object body) {
        boolean write = !"GET".equalsIgnoreCase(method);
        String relative = path.startsWith("/") ? path.substring(1) : path;
        return tree(transport.send(method.toUpperCase(), relative, body == null ? null : body(body), body == null ? null : "application/json",
                write ? newIdempotencyKey() : null, "application/json"));
    }

    /** How many access tokens this client fetched so far (one per lifetime, plus refusals). */
    public int accessTokensFetched() {
        return tokens.fetchedCount();
    }

    /** A fresh random key, as the SDK uses when none is given. */
    public static String newIdempotencyKey() {
        return "sdk-" + UUID.randomUUID();
    }

    // ---------------------------------------------------------------- plumbing

    private byte[] body(Object request) {
        if (request instanceof byte[]) {
            return (byte[]) request;
        }
        if (request instanceof String) {
            return ((String) request).getBytes(StandardCharsets.UTF_8);
        }
        try {
            return json.writeValueAsBytes(request);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot serialise the request: " + e.getMessage(), e);
        }
    }

    private EInvoice einvoice(Transport.Answer answer) {
        JsonNode tree = tree(answer);
        return convert(tree, EInvoice.class).answered(tree, answer.status, answer.replayed());
    }

    private EInvoiceBatch batch(Transport.Answer answer) {
        JsonNode tree = tree(answer);
        return convert(tree, EInvoiceBatch.class).answered(tree, answer.status, answer.replayed());
    }

    private <T> T read(Transport.Answer answer, Class<T> type) {
        return convert(tree(answer), type);
    }

    private JsonNode tree(Transport.Answer answer) {
        if (answer.body().length == 0) {
            return json.createObjectNode();
        }
        try {
            return json.readTree(answer.body());
        } catch (IOException e) {
            throw new UncheckedIOException("the server answered HTTP " + answer.status + " with a body that is not JSON", e);
        }
    }

    private <T> T convert(JsonNode tree, Class<T> type) {
        try {
            return json.treeToValue(tree, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String segment(String id) {
        if (id == null || id.isEmpty() || !id.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '_' || c == '-')) {
            throw new IllegalArgumentException("not an id: " + id);
        }
        return id;
    }

    /** Settings of a client; {@link #baseUrl} and {@link #credentials} are required. */
    public static final class Builder {
        private String baseUrl;
        private String clientId;
        private String clientSecret;
        private String scope = "gstn-india";
        private String realm = "onefinops";
        private String tokenUrl;
        private Clock clock = Clock.systemUTC();
        private Duration refreshAhead = Duration.ofSeconds(60);
        private int maxAttempts = 5;
        private Duration initialBackoff = Duration.ofMillis(250);
        private Duration maxBackoff = Duration.ofSeconds(10);
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration requestTimeout = Duration.ofSeconds(60);
        private String userAgent = "openirn-java/0.1";

        private Builder() {
        }

        /** The server, e.g. {@code http://localhost:8080}. */
        public Builder baseUrl(String baseUrl) {
            this.baseUrl = baseUrl;
            return this;
        }

        public Builder credentials(String clientId, String clientSecret) {
            this.clientId = clientId;
            this.clientSecret = clientSecret;
            return this;
        }

        /** The OAuth2 scope (default {@code gstn-india}). */
        public Builder scope(String scope) {
            this.scope = scope;
            return this;
        }

        /** The token endpoint's realm (default {@code onefinops}) when the token URL is on the base URL. */
        public Builder realm(String realm) {
            this.realm = realm;
            return this;
        }

        /** A token endpoint elsewhere than {@code <baseUrl>/realms/<realm>/protocol/openid-connect/token}. */
        public Builder tokenUrl(String tokenUrl) {
            this.tokenUrl = tokenUrl;
            return this;
        }

        /** The clock token expiry and waits are measured on (tests move it). */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /** How long before its expiry a token is replaced (default 60 s, at most a third of its lifetime). */
        public Builder refreshAhead(Duration refreshAhead) {
            this.refreshAhead = refreshAhead;
            return this;
        }

        /** Attempts per call including the first (default 5); 1 turns retries off. */
        public Builder maxAttempts(int maxAttempts) {
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("maxAttempts must be at least 1");
            }
            this.maxAttempts = maxAttempts;
            return this;
        }

        /** First retry pause (default 250 ms), doubling up to {@code maxBackoff} (default 10 s), with jitter. */
        public Builder backoff(Duration initialBackoff, Duration maxBackoff) {
            this.initialBackoff = initialBackoff;
            this.maxBackoff = maxBackoff;
            return this;
        }

        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = connectTimeout;
            return this;
        }

        /** Per attempt, until the answer's headers (default 60 s). */
        public Builder requestTimeout(Duration requestTimeout) {
            this.requestTimeout = requestTimeout;
            return this;
        }

        public Builder userAgent(String userAgent) {
            this.userAgent = userAgent;
            return this;
        }

        public OpenIrnClient build() {
            if (baseUrl == null || clientId == null || clientSecret == null) {
                throw new IllegalStateException("baseUrl and credentials are required");
            }
            return new OpenIrnClient(this);
        }
    }
}
