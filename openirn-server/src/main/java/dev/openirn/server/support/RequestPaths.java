package dev.openirn.server.support;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.util.UrlPathHelper;

/**
 * The path a request addresses as the router and Spring Security match it: within the application,
 * percent-decoded, without {@code ;} parameters. Filters that decide by path use this and never the raw
 * request URI, in which {@code /%761/einvoices} would not look like the {@code /v1/einvoices} it reaches.
 */
public final class RequestPaths {

    private RequestPaths() {
    }

    public static String routed(HttpServletRequest request) {
        return UrlPathHelper.defaultInstance.getPathWithinApplication(request);
    }
}
