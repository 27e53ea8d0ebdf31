package dev.openirn.server.web;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.IOException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Hands the dispatcher a request whose method is read once. To find the handler of a path with variables
 * ({@code /v1/einvoices/{id}}) Spring MVC tests the conditions of every mapping, and each condition asks
 * for the method again (also to see whether it is a CORS preflight), through every wrapper the filters
 * before it put around the request: a fifth of a GET's CPU (docs/performance.md). A request's method
 * never changes, so the last filter reads it once for all of them.
 */
@Component
@Order(Ordered.LOWEST_PRECEDENCE)
class MethodReadOnce implements Filter {

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        chain.doFilter(request instanceof HttpServletRequest http ? new Request(http) : request, response);
    }

    private static final class Request extends HttpServletRequestWrapper {
        private final String method;

        Request(HttpServletRequest request) {
            super(request);
            this.method = request.getMethod();
        }

        @Override
        public String getMethod() {
            return method;
        }
    }
}
