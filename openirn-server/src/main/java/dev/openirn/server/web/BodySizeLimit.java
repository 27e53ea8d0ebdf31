package dev.openirn.server.web;

import dev.openirn.server.support.RequestPaths;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses a request body larger than {@code openirn.http.max-body-size} with 413 in the error envelope,
 * for every endpoint (the API and the token endpoint alike), before anything reads or parses it: a
 * declared {@code Content-Length} is judged up front; a chunked body is counted as it arrives and
 * buffered only up to the limit. Runs right after {@link RequestIds}, before security.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
public class BodySizeLimit extends OncePerRequestFilter {

    private final ErrorResponses errors;
    private final long maxBytes;
    private final long maxBatchBytes;

    public BodySizeLimit(ErrorResponses errors, HttpLimitProperties limits) {
        this.errors = errors;
        this.maxBytes = limits.maxBodySize().toBytes();
        this.maxBatchBytes = limits.maxBatchBodySize().toBytes();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long maxBytes = limitFor(request);
        long declared = request.getContentLengthLong();
        if (declared > maxBytes) {
            refuse(request, response, maxBytes);
            return;
        }
        if (declared < 0 && request.getHeader("Transfer-Encoding") != null) {
            byte[] body = readAtMost(request.getInputStream(), maxBytes + 1);
            if (body.length > maxBytes) {
                refuse(request, response, maxBytes);
                return;
            }
            request = new BufferedBodyRequest(request, body);
        }
        chain.doFilter(request, response);
    }

    /** A bulk batch carries many invoices in one body: it has a limit of its own. */
    private long limitFor(HttpServletRequest request) {
        return "POST".equals(request.getMethod()) && HttpLimitProperties.BATCH_PATH.equals(RequestPaths.routed(request))
                ? maxBatchBytes : maxBytes;
    }

    private void refuse(HttpServletRequest request, HttpServletResponse response, long maxBytes) throws IOException {
        // The unread rest of the body makes the connection unusable for another request.
        response.setHeader("Connection", "close");
        errors.write(request, response, HttpStatus.CONTENT_TOO_LARGE, "request.body_too_large",
                "The request body is larger than " + maxBytes + " bytes.");
    }

    private static byte[] readAtMost(InputStream in, long limit) throws IOException {
        byte[] buffer = new byte[8192];
        int length = 0;
        while (length < limit) {
            if (length == buffer.length) {
                buffer = Arrays.copyOf(buffer, (int) Math.min(limit, (long) buffer.length * 2));
            }
            int read = in.read(buffer, length, (int) Math.min(buffer.length - length, limit - length));
            if (read < 0) {
                break;
            }
            length += read;
        }
        return Arrays.copyOf(buffer, length);
    }
}
