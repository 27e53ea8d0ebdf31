package dev.openirn.sandbox;

import dev.openirn.gst.nic.NicJson;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.openirn.nic.NicError;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Routes NIC paths to {@link SandboxAuth}, {@link SandboxRegistrations}, {@link SandboxCancellations} and
 * {@link SandboxReads}, applies armed faults, and serves the loopback-only admin API.
 */
final class IrpHttpHandler implements HttpHandler {

    private static final Logger LOG = LoggerFactory.getLogger(IrpHttpHandler.class);
    private static final int MAX_BODY_BYTES = 2 * 1024 * 1024;

    private final SandboxAuth auth;
    private final SandboxRegistrations registrations;
    private final SandboxCancellations cancellations;
    private final SandboxReads reads;
    private final RunningIrpSandbox sandbox;
    private final SandboxKeys keys;
    private final SandboxTaxpayers taxpayers;
    /** Released on close so connections held by timeout_after_commit are dropped promptly. */
    private final CountDownLatch closing = new CountDownLatch(1);

    IrpHttpHandler(SandboxAuth auth, SandboxRegistrations registrations, SandboxCancellations cancellations,
                   SandboxReads reads, RunningIrpSandbox sandbox, SandboxKeys keys,
                   SandboxTaxpayers taxpayers) {
        this.taxpayers = taxpayers;
        this.auth = auth;
        this.registrations = registrations;
        this.cancellations = cancellations;
        this.reads = reads;
        this.sandbox = sandbox;
        this.keys = keys;
    }

    void releaseHeldConnections() {
        closing.countDown();
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try {
            route(exchange);
        } catch (RuntimeException e) {
            LOG.error("Sandbox failed on {} {}", exchange.getRequestMethod(), exchange.getRequestURI(), e);
            send(exchange, Reply.nicFailure(500, List.of(NicError.INTERNAL_ERROR), null));
        } finally {
            exchange.close();
        }
    }

    private void route(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
        String path = exchange.getRequestURI().getPath();
        String lower = path.toLowerCase(Locale.ROOT);
        if (lower.startsWith("/sandbox/")) {
            routeSandbox(exchange, method, lower);
            return;
        }
        // /irp/{name}/… is that IRP's base path; the root path is the first IRP's.
        String irp = sandbox.irpNames().get(0);
        if (lower.startsWith("/irp/")) {
            int end = lower.indexOf('/', "/irp/".length());
            irp = end < 0 ? lower.substring("/irp/".length()) : lower.substring("/irp/".length(), end);
            if (!sandbox.irpNames().contains(irp)) {
                send(exchange, Reply.nicFailure(404, List.of(new NicError(NicError.APPLICATION_ERROR.code(),
                        "No IRP named " + irp + " in this sandbox")), null));
                return;
            }
            path = end < 0 ? "/" : path.substring(end);
            lower = path.toLowerCase(Locale.ROOT);
        }
        route(exchange, method, path, lower, irp);
    }

    private void route(HttpExchange exchange, String method, String path, String lower, String irp) throws IOException {
        if (method.equals("POST") && lower.equals("/eivital/v1.04/auth")) {
            nic(exchange, Call.AUTH, irp, auth::authenticate);
        } else if (method.equals("POST") && lower.equals("/eicore/v1.03/invoice")) {
            nic(exchange, Call.GENERATE, irp, registrations::generate);
        } else if (method.equals("POST") && (lower.equals("/eicore/v1.03/invoice/cancel") || lower.equals("/eicore/v1.03/cancel"))) {
            nic(exchange, Call.CANCEL, irp, cancellations::cancel);
        } else if (method.equals("GET") && lower.startsWith("/eicore/v1.03/invoice/irn/")) {
            String irn = path.substring("/eicore/v1.03/invoice/irn/".length());
            nic(exchange, Call.READ, irp, request -> reads.invoiceByIrn(request, irn));
        } else if (method.equals("GET") && lower.equals("/eicore/v1.03/invoice/irnbydocdetails")) {
            nic(exchange, Call.READ, irp, reads::invoiceByDocument);
        } else if (method.equals("GET") && (lower.startsWith("/eivital/v1.04/master/gstin/") || lower.startsWith("/eivital/v1.03/master/gstin/"))) {
            String gstin = path.substring(path.lastIndexOf('/') + 1).toUpperCase(Locale.ROOT);
            nic(exchange, Call.READ, irp, request -> reads.gstinDetails(request, gstin));
        } else if (method.equals("POST") && lower.equals("/eiewb/v1.03/ewaybill")) {
            nic(exchange, Call.OTHER, irp, sandbox.irpEwayBills()::generate);
        } else if (method.equals("GET") && lower.startsWith("/eiewb/v1.03/ewaybill/irn/")) {
            String irn = path.substring("/eiewb/v1.03/ewaybill/irn/".length());
            nic(exchange, Call.READ, irp, request -> sandbox.irpEwayBills().byIrn(request, irn));
        } else if (method.equals("GET") && lower.startsWith("/eivital/v1.04/master/syncgstin/")) {
            // The sandbox's master is its own copy of the portal's, so a sync answers what it holds.
            String gstin = path.substring(path.lastIndexOf('/') + 1).toUpperCase(Locale.ROOT);
            nic(exchange, Call.READ, irp, request -> reads.gstinDetails(request, gstin));
        } else {
            send(exchange, Reply.nicFailure(404, List.of(new NicError(NicError.APPLICATION_ERROR.code(),
                    "No such IRP endpoint: " + method + " " + path)), null));
        }
    }

    private interface Operation {
        Reply apply(SandboxRequest request);
    }

    /** What a NIC call is, for the per-IRP counters. */
    private enum Call { AUTH, GENERATE, CANCEL, READ, OTHER }

    private void nic(HttpExchange exchange, Call call, String irp, Operation operation) throws IOException {
        SandboxRequest request = new SandboxRequest(exchange.getRequestHeaders(),
                SandboxHttp.query(exchange.getRequestURI().getRawQuery()), readBody(exchange));
        IrpCounters counters = sandbox.countersOf(irp);
        Operation counted = counting(call, counters, operation);
        Optional<Fault> fault = sandbox.faultsOf(irp).strike(call == Call.AUTH);
        if (fault.isEmpty()) {
            send(exchange, counted.apply(request));
            return;
        }
        if (fault.get().mode() != FaultMode.LATENCY) {
            counters.faulted.incrementAndGet();
        }
        switch (fault.get().mode()) {
            case LATENCY -> {
                SandboxHttp.pause(fault.get().latency());
                send(exchange, counted.apply(request));
            }
            case HTTP_500 -> send(exchange, Reply.text(500, "text/html; charset=utf-8",
                    "<html><body><h1>500 Internal Server Error</h1></body></html>"));
            case GSP_DOWN -> send(exchange, Reply.nicFailure(fault.get().httpStatus(),
                    List.of(NicError.APPLICATION_ERROR), null));
            case DROP_CONNECTION -> {
                // Closing before any response header is sent makes the JDK server drop the connection.
            }
            case TIMEOUT_AFTER_COMMIT -> {
                counted.apply(request);
                try {
                    closing.await(fault.get().latency().toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    /** {@code operation}, counted on its IRP by what it answered (a generate's 2150 is a duplicate). */
    private static Operation counting(Call call, IrpCounters counters, Operation operation) {
        return request -> {
            switch (call) {
                case AUTH -> counters.authCalls.incrementAndGet();
                case GENERATE -> counters.generateCalls.incrementAndGet();
                case READ -> counters.reads.incrementAndGet();
                default -> {
                }
            }
            Reply reply = operation.apply(request);
            if (call == Call.GENERATE || call == Call.CANCEL) {
                JsonNode envelope = reply.contentType().startsWith("application/json") ? parseQuietly(reply.body()) : null;
                if (envelope != null && envelope.path("Status").asInt(0) == 1) {
                    (call == Call.GENERATE ? counters.registrations : counters.cancellations).incrementAndGet();
                } else if (envelope != null && call == Call.GENERATE
                        && "2150".equals(envelope.path("ErrorDetails").path(0).path("ErrorCode").asString(""))) {
                    counters.duplicates.incrementAndGet();
                }
            }
            return reply;
        };
    }

    private static JsonNode parseQuietly(byte[] body) {
        try {
            return NicJson.parse(new String(body, StandardCharsets.UTF_8));
        } catch (JacksonException notJson) {
            return null;
        }
    }

    private void routeSandbox(HttpExchange exchange, String method, String path) throws IOException {
        if (method.equals("GET") && path.equals("/sandbox/keys/encryption.pem")) {
            send(exchange, Reply.text(200, "application/x-pem-file", keys.encryptionPublicKeyPem()));
            return;
        }
        if (method.equals("GET") && path.equals("/sandbox/keys/ewb-encryption.pem")) {
            send(exchange, Reply.text(200, "application/x-pem-file", sandbox.ewbEncryptionPublicKeyPem()));
            return;
        }
        if (method.equals("GET") && path.equals("/sandbox/keys/signing-cert.pem")) {
            send(exchange, Reply.text(200, "application/x-pem-file", keys.signingCertificatePem()));
            return;
        }
        if (!exchange.getRemoteAddress().getAddress().isLoopbackAddress()) {
            send(exchange, adminError(403, "Sandbox admin endpoints answer loopback callers only"));
            return;
        }
        try {
            if (method.equals("POST") && path.equals("/sandbox/users")) {
                JsonNode body = NicJson.parse(readBody(exchange));
                String gstin = body.path("gstin").asString("");
                String userName = body.path("userName").asString("");
                String password = body.path("password").asString("");
                sandbox.registerUser(gstin, userName, password);
                ObjectNode created = NicJson.object().put("gstin", gstin).put("userName", userName);
                send(exchange, Reply.json(201, created));
            } else if (method.equals("POST") && path.equals("/sandbox/faults")) {
                JsonNode body = NicJson.parse(readBody(exchange));
                if (body.isArray()) {
                    List<Fault> armed = new ArrayList<>();
                    List<String> targets = new ArrayList<>();
                    for (JsonNode element : body) {
                        armed.add(faultFrom(element));
                        targets.add(targetIrp(element));
                    }
                    armFaults(armed, targets);
                    ArrayNode described = NicJson.tree().createArrayNode();
                    for (int i = 0; i < armed.size(); i++) {
                        described.add(describe(armed.get(i), targets.get(i)));
                    }
                    send(exchange, Reply.json(200, described));
                } else {
                    Fault fault = faultFrom(body);
                    String target = targetIrp(body);
                    if (target == null) {
                        sandbox.injectFault(fault);
                    } else {
                        sandbox.injectFault(target, fault);
                    }
                    send(exchange, Reply.json(200, describe(fault, target)));
                }
            } else if (method.equals("DELETE") && path.equals("/sandbox/faults")) {
                String target = SandboxHttp.query(exchange.getRequestURI().getRawQuery()).get("irp");
                if (target == null) {
                    sandbox.clearFaults();
                } else {
                    sandbox.clearFaults(target);
                }
                send(exchange, new Reply(204, "application/json", new byte[0]));
            } else if (method.equals("GET") && path.equals("/sandbox/faults")) {
                String target = SandboxHttp.query(exchange.getRequestURI().getRawQuery()).get("irp");
                send(exchange, Reply.json(200, describeArmed(
                        sandbox.faultsOf(target == null ? sandbox.irpNames().get(0) : target).active())));
            } else if (path.equals("/sandbox/clock") && (method.equals("GET") || method.equals("POST"))) {
                send(exchange, Reply.json(200, clock(method.equals("POST") ? NicJson.parse(readBody(exchange)) : null)));
            } else if (method.equals("POST") && path.matches("/sandbox/ewaybills/\\d{12}/verify")) {
                boolean found = sandbox.markEwayBillVerified(Long.parseLong(path.split("/")[3]));
                send(exchange, found ? new Reply(204, "application/json", new byte[0]) : adminError(404, "No such e-way bill"));
            } else if (method.equals("POST") && path.equals("/sandbox/taxpayers")) {
                SandboxTaxpayers.Taxpayer taxpayer = SandboxTaxpayers.fromJson(NicJson.parse(readBody(exchange)));
                boolean known = taxpayers.registered(taxpayer.gstin()).isPresent();
                taxpayers.put(taxpayer);
                send(exchange, Reply.json(known ? 200 : 201, SandboxTaxpayers.toJson(taxpayer)));
            } else if (method.equals("GET") && path.startsWith("/sandbox/taxpayers/")) {
                String gstin = path.substring("/sandbox/taxpayers/".length());
                send(exchange, taxpayers.registered(gstin).map(t -> Reply.json(200, SandboxTaxpayers.toJson(t)))
                        .orElseGet(() -> adminError(404, "No taxpayer " + gstin.toUpperCase(Locale.ROOT) + " in the sandbox's master")));
            } else if (method.equals("GET") && path.equals("/sandbox/stats")) {
                send(exchange, Reply.json(200, NicJson.tree().valueToTree(sandbox.stats())));
            } else {
                send(exchange, adminError(404, "No such sandbox endpoint"));
            }
        } catch (IllegalArgumentException | JacksonException e) {
            send(exchange, adminError(400, e.getMessage()));
        }
    }

    /**
     * Arms an array of faults: each IRP named by an element gets the elements naming it plus those
     * naming none; when some element names none (or there is none), every IRP is re-armed: no
     * {@code irp} means all.
     */
    private void armFaults(List<Fault> armed, List<String> targets) {
        List<String> rearmed = targets.isEmpty() || targets.contains(null) ? sandbox.irpNames() : targets.stream().distinct().toList();
        java.util.Map<String, List<Fault>> perIrp = new java.util.LinkedHashMap<>();
        for (String irp : rearmed) {
            List<Fault> own = new ArrayList<>();
            for (int i = 0; i < armed.size(); i++) {
                if (targets.get(i) == null || targets.get(i).equals(irp)) {
                    own.add(armed.get(i));
                }
            }
            sandbox.faultsOf(irp);
            perIrp.put(irp, own);
        }
        // Checked for every IRP before any is re-armed, so a refused array changes nothing.
        for (List<Fault> own : perIrp.values()) {
            if (own.stream().filter(f -> f.probability() != null).mapToDouble(Fault::probability).sum() > 1.0 + 1e-9) {
                throw new IllegalArgumentException("the probabilities of the faults armed on one IRP add up to more than 1");
            }
        }
        perIrp.forEach(sandbox::injectFaults);
    }

    /** The {@code irp} a fault targets, or null for every IRP. */
    private static String targetIrp(JsonNode body) {
        JsonNode irp = body.get("irp");
        if (irp == null || irp.isNull()) {
            return null;
        }
        if (!irp.isString() || irp.asString().isBlank()) {
            throw new IllegalArgumentException("irp is the name of one of the sandbox's IRPs, e.g. sandbox-1");
        }
        return irp.asString().toLowerCase(Locale.ROOT);
    }

    /** {@code {"advanceSeconds": N}} moves the sandbox's clock forward; the answer is the sandbox's now and offset. */
    private ObjectNode clock(JsonNode body) {
        if (body != null) {
            JsonNode seconds = body.get("advanceSeconds");
            if (seconds == null || !seconds.isIntegralNumber()) {
                throw new IllegalArgumentException("advanceSeconds (a whole number of seconds) is required");
            }
            sandbox.advanceClock(Duration.ofSeconds(seconds.asLong()));
        }
        return NicJson.object().put("now", sandbox.now().toString())
                .put("offsetSeconds", sandbox.clockOffset().toSeconds());
    }

    private static Fault faultFrom(JsonNode body) {
        if (!body.isObject()) {
            throw new IllegalArgumentException("a fault is a JSON object with a mode");
        }
        JsonNode mode = body.get("mode");
        if (mode == null || !mode.isString()) {
            throw new IllegalArgumentException("mode is required: latency, timeout_after_commit, http_500, gsp_down or drop_connection");
        }
        Fault fault = Fault.of(FaultMode.fromWireName(mode.asString()));
        if (body.hasNonNull("count")) {
            fault = fault.times(body.get("count").asInt());
        }
        if (body.hasNonNull("probability")) {
            fault = fault.withProbability(body.get("probability").asDouble());
        }
        if (body.hasNonNull("latencyMs")) {
            fault = fault.withLatency(Duration.ofMillis(body.get("latencyMs").asLong()));
        }
        if (body.path("includeAuth").asBoolean(false)) {
            fault = fault.includingAuth();
        }
        if (body.hasNonNull("httpStatus")) {
            fault = fault.withHttpStatus(body.get("httpStatus").asInt());
        }
        return fault;
    }

    /** One armed fault as its object (as before several could be armed), none as {@code {"mode": null}}, several as an array. */
    private static JsonNode describeArmed(List<Fault> armed) {
        if (armed.isEmpty()) {
            return NicJson.object().putNull("mode");
        }
        if (armed.size() == 1) {
            return describe(armed.get(0), null);
        }
        ArrayNode described = NicJson.tree().createArrayNode();
        armed.forEach(fault -> described.add(describe(fault, null)));
        return described;
    }

    private static ObjectNode describe(Fault fault, String irp) {
        ObjectNode node = NicJson.object();
        node.put("mode", fault.mode().wireName());
        if (irp != null) {
            node.put("irp", irp);
        }
        if (fault.count() != null) {
            node.put("count", fault.count());
        }
        if (fault.probability() != null) {
            node.put("probability", fault.probability());
        }
        node.put("latencyMs", fault.latency().toMillis());
        node.put("includeAuth", fault.includeAuth());
        node.put("httpStatus", fault.httpStatus());
        return node;
    }

    private static Reply adminError(int status, String message) {
        return Reply.json(status, NicJson.object().put("error", message == null ? "bad request" : message));
    }

    private static String readBody(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
            if (body.length > MAX_BODY_BYTES) {
                throw new IllegalArgumentException("Request body larger than 2 MB");
            }
            return new String(body, StandardCharsets.UTF_8);
        }
    }


    private static void send(HttpExchange exchange, Reply reply) throws IOException {
        SandboxHttp.send(exchange, reply.status(), reply.contentType(), reply.body());
    }
}
