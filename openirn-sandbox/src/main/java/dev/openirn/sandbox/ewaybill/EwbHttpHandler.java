package dev.openirn.sandbox.ewaybill;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.openirn.sandbox.SandboxHttp;
import dev.openirn.sandbox.Fault;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The e-way bill system's HTTP paths, under NIC's sandbox root {@code /ewaybillapi/v1.03} and its production shape
 * {@code /v1.03}; paths and query names are case-insensitive as NIC's are. Armed sandbox faults apply here too.
 */
public final class EwbHttpHandler implements HttpHandler {

    /** The sandbox's armed fault for the next call, if it strikes. */
    @FunctionalInterface
    public interface Faults {
        Optional<Fault> strike(boolean authCall);
    }

    private static final Logger LOG = LoggerFactory.getLogger(EwbHttpHandler.class);
    private static final int MAX_BODY_BYTES = 2 * 1024 * 1024;

    private final EwbSystem system;
    private final Faults faults;
    /** Released on close so connections held by timeout_after_commit are dropped promptly. */
    private final CountDownLatch closing = new CountDownLatch(1);

    public EwbHttpHandler(EwbSystem system, Faults faults) {
        this.system = system;
        this.faults = faults;
    }

    public void releaseHeldConnections() {
        closing.countDown();
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try {
            route(exchange);
        } catch (RuntimeException e) {
            LOG.error("E-way bill sandbox failed on {} {}", exchange.getRequestMethod(), exchange.getRequestURI(), e);
            send(exchange, EwbAnswer.failure("240"));
        } finally {
            exchange.close();
        }
    }

    private void route(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
        String path = exchange.getRequestURI().getPath().toLowerCase(Locale.ROOT);
        String local = path.startsWith("/ewaybillapi/v1.03") ? path.substring("/ewaybillapi/v1.03".length())
                : path.startsWith("/v1.03") ? path.substring("/v1.03".length()) : null;
        if (local != null && local.endsWith("/")) {
            local = local.substring(0, local.length() - 1);
        }
        if ("POST".equals(method) && "/auth".equals(local)) {
            call(exchange, true, system::authenticate);
        } else if ("POST".equals(method) && "/ewayapi".equals(local)) {
            call(exchange, false, system::action);
        } else if ("GET".equals(method) && "/ewayapi/getewaybill".equals(local)) {
            call(exchange, false, system::getEwayBill);
        } else if ("GET".equals(method) && "/ewayapi/getewaybillgeneratedbyconsigner".equals(local)) {
            call(exchange, false, system::getByDocument);
        } else {
            send(exchange, EwbAnswer.text(404, "No such e-way bill endpoint: " + method + " " + exchange.getRequestURI().getPath()));
        }
    }

    private void call(HttpExchange exchange, boolean authCall, Function<EwbSystem.Call, EwbAnswer> operation) throws IOException {
        EwbSystem.Call call = new EwbSystem.Call(exchange.getRequestHeaders(), SandboxHttp.query(exchange.getRequestURI().getRawQuery()),
                readBody(exchange));
        Optional<Fault> fault = faults.strike(authCall);
        if (fault.isEmpty()) {
            send(exchange, operation.apply(call));
            return;
        }
        switch (fault.get().mode()) {
            case LATENCY -> {
                SandboxHttp.pause(fault.get().latency());
                send(exchange, operation.apply(call));
            }
            case HTTP_500 -> send(exchange, new EwbAnswer(500, "text/html; charset=utf-8",
                    "<html><body><h1>500 Internal Server Error</h1></body></html>".getBytes(StandardCharsets.UTF_8)));
            case GSP_DOWN -> send(exchange, EwbAnswer.gspDown(fault.get().httpStatus()));
            case DROP_CONNECTION -> {
                // Closing before any response header is sent makes the JDK server drop the connection.
            }
            case TIMEOUT_AFTER_COMMIT -> {
                operation.apply(call);
                try {
                    closing.await(fault.get().latency().toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    private static String readBody(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
            return body.length > MAX_BODY_BYTES ? "" : new String(body, StandardCharsets.UTF_8);
        }
    }


    private static void send(HttpExchange exchange, EwbAnswer answer) throws IOException {
        SandboxHttp.send(exchange, answer.status(), answer.contentType(), answer.body());
    }
}
