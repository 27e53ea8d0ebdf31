package dev.openirn.server.metrics;

import io.micrometer.common.KeyValue;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.server.observation.DefaultServerRequestObservationConvention;
import org.springframework.http.server.observation.ServerRequestObservationContext;
import org.springframework.stereotype.Component;

/**
 * {@code http.server.requests} by route: the token endpoint is served by a filter, not a handler, so Spring would
 * tag it {@code UNKNOWN}; it gets its path template like every other route.
 */
@Component
class RequestRouteConvention extends DefaultServerRequestObservationConvention {

    static final String TOKEN_ROUTE = "/realms/{realm}/protocol/openid-connect/token";

    @Override
    protected KeyValue uri(ServerRequestObservationContext context) {
        KeyValue uri = super.uri(context);
        HttpServletRequest request = context.getCarrier();
        if ("UNKNOWN".equals(uri.getValue()) && request != null && request.getRequestURI() != null
                && request.getRequestURI().startsWith("/realms/") && request.getRequestURI().endsWith("/protocol/openid-connect/token")) {
            return KeyValue.of(uri.getKey(), TOKEN_ROUTE);
        }
        return uri;
    }
}
