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
    private final FaultInjector faults;
    private final SandboxKeys keys;
    private final SandboxTaxpayers taxpayers;
    /** Released on close so connections held by timeout_after_commit are dropped promptly. */
    private final CountDownLatch closing = new CountDownLatch(1);

    IrpHttpHandler(SandboxAuth auth, SandboxRegistrations registrations, SandboxCancellations cancellations,
                   SandboxReads reads, RunningIrpSandbox sandbox, FaultInjector faults, SandboxKeys keys,
                   SandboxTaxpayers taxpayers) {
        this.taxpayers = taxpayers;
        this.auth = auth;
        this.registrations = registrations;
        this.cancellations = cancellations;
        this.reads = reads;
        this.sandbox = sandbox;
        this.faults = faults;
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
        if (method.equals("POST") && lower.equals("/eivital/v1.04/auth")) {
            nic(exchange, true, auth::authenticate);
        } else if (method.equals("POST") && lower.equals("/eicore/v1.03/invoice")) {
            nic(exchange, false, registrations::generate);
        } else if (method.equals("POST") && (lower.equals("/eicore/v1.03/invoice/cancel") || lower.equals("/eicore/v1.03/cancel"))) {
            nic(exchange, false, cancellations::cancel);
        } else if (method.equals("GET") && lower.startsWith("/eicore/v1.03/invoice/irn/")) {
            String irn = path.substring("/eicore/v1.03/invoice/irn/".length());
            nic(exchange, false, request -> reads.invoiceByIrn(request, irn));
        } else if (method.equals("GET") && lower.equals("/eicore/v1.03/invoice/irnbydocdetails")) {
            nic(exchange, false, reads::invoiceByDocument);
        } else if (method.equals("GET") && (lower.startsWith("/eivital/v1.04/master/gstin/") || lower.startsWith("/eivital/v1.03/master/gstin/"))) {
            String gstin = path.substring(path.lastIndexOf('/') + 1).toUpperCase(Locale.ROOT);
            nic(exchange, false, request -> reads.gstinDetails(request, gstin));
        } else if (method.equals("POST") && lower.equals("/eiewb/v1.03/ewaybill")) {
            nic(exchange, false, sandbox.irpEwayBills()::generate);
        } else if (method.equals("GET") && lower.startsWith("/eiewb/v1.03/ewaybill/irn/")) {
            String irn = path.substring("/eiewb/v1.03/ewaybill/irn/".length());
            nic(exchange, false, request -> sandbox.irpEwayBills().byIrn(request, irn));
        } else if (method.equals("GET") && lower.startsWith("/eivital/v1.04/master/syncgstin/")) {
            // The sandbox's master is its own copy of the portal's, so a sync answers what it holds.
            String gstin = path.substring(path.lastIndexOf('/') + 1).toUpperCase(Locale.ROOT);
            nic(exchange, false, request -> reads.gstinDetails(request, gstin));
        } else {
            send(exchange, Reply.nicFailure(404, List.of(new NicError(NicError.APPLICATION_ERROR.code(),
                    "No such IRP endpoint: " + method + " " + path)), null));
        }
    }

    private interface Operation {
        Reply apply(SandboxRequest request);
    }

    private void nic(HttpExchange exchange, boolean authCall, Operation operation) throws IOException {
        SandboxRequest request = new SandboxRequest(exchange.getRequestHeaders(),
                SandboxHttp.query(exchange.getRequestURI().getRawQuery()), readBody(exchange));
        Optional<Fault> fault = faults.strike(authCall);
        if (fault.isEmpty()) {
            send(exchange, operation.apply(request));
            return;
        }
        switch (fault.get().mode()) {
            case LATENCY -> {
                SandboxHttp.pause(fault.get().latency());
                send(exchange, operation.apply(request));
            }
            case HTTP_500 -> send(exchange, Reply.text(500, "text/html; charset=utf-8",
                    "<html><body><h1>500 Internal Server Error</h1></body></html>"));
            case GSP_DOWN -> send(exchange, Reply.nicFailure(fault.get().httpStatus(),
                    List.of(NicError.APPLICATION_ERROR), null));
            case DROP_CONNECTION -> {
                // Closing before any response header is sent makes the JDK server drop the connection.
            }
            case TIMEOUT_AFTER_COMMIT -> {
                operation.apply(request);
                try {
                    closing.await(fault.get().latency().toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
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
                    for (JsonNode element : body) {
                        armed.add(faultFrom(element));
                    }
                    sandbox.injectFaults(armed);
                    ArrayNode described = NicJson.tree().createArrayNode();
                    armed.forEach(fault -> described.add(describe(fault)));
                    send(exchange, Reply.json(200, described));
                } else {
                    Fault fault = faultFrom(body);
                    sandbox.injectFault(fault);
                    send(exchange, Reply.json(200, describe(fault)));
                }
            } else if (method.equals("DELETE") && path.equals("/sandbox/faults")) {
                sandbox.clearFaults();
                send(exchange, new Reply(204, "application/json", new byte[0]));
            } else if (method.equals("GET") && path.equals("/sandbox/faults")) {
                send(exchange, Reply.json(200, describeArmed(faults.active())));
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
            return describe(armed.get(0));
        }
        ArrayNode described = NicJson.tree().createArrayNode();
        armed.forEach(fault -> described.add(describe(fault)));
        return described;
    }

    private static ObjectNode describe(Fault fault) {
        ObjectNode node = NicJson.object();
        node.put("mode", fault.mode().wireName());
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
