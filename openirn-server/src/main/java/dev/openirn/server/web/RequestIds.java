package dev.openirn.server.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.MDC;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Gives every request an id (the client's {@code X-Request-Id} if it sent a sane one) and a trace
 * id (from a W3C {@code traceparent} if present), echoes the request id and puts both in the log
 * context. Runs before security so that 401s carry them too.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class RequestIds extends OncePerRequestFilter {

    public static final String HEADER = "X-Request-Id";
    private static final String REQUEST_ID = "requestId";
    private static final String TRACE_ID = "traceId";
    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    private static final Pattern TRACEPARENT = Pattern.compile("[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}");
    private static final SecureRandom RANDOM = new SecureRandom();

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        // An error dispatch of a request this filter already saw keeps its ids (see shouldNotFilterErrorDispatch).
        String requestId = request.getAttribute(REQUEST_ID) instanceof String seen ? seen : request.getHeader(HEADER);
        if (requestId == null || !SAFE_ID.matcher(requestId).matches()) {
            requestId = UUID.randomUUID().toString();
        }
        String traceparent = request.getHeader("traceparent");
        var traceMatch = traceparent == null ? null : TRACEPARENT.matcher(traceparent);
        String traceId = request.getAttribute(TRACE_ID) instanceof String seen ? seen
                : traceMatch != null && traceMatch.matches() ? traceMatch.group(1) : newTraceId();
        request.setAttribute(REQUEST_ID, requestId);
        request.setAttribute(TRACE_ID, traceId);
        response.setHeader(HEADER, requestId);
        MDC.put(REQUEST_ID, requestId);
        MDC.put(TRACE_ID, traceId);
        try {
            chain.doFilter(request, response);
        } finally {
            MDC.remove(REQUEST_ID);
            MDC.remove(TRACE_ID);
        }
    }

    /**
     * Also on error dispatches: Tomcat answers some requests (TRACE) straight from the error page, without a
     * request dispatch through the filters, and their envelope needs ids too.
     */
    @Override
    protected boolean shouldNotFilterErrorDispatch() {
        return false;
    }

    public static String requestId(HttpServletRequest request) {
        Object id = request.getAttribute(REQUEST_ID);
        return id == null ? MDC.get(REQUEST_ID) : id.toString();
    }

    public static String traceId(HttpServletRequest request) {
        Object id = request.getAttribute(TRACE_ID);
        return id == null ? MDC.get(TRACE_ID) : id.toString();
    }

    static String newTraceId() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
