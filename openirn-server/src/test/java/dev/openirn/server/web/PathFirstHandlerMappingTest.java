package dev.openirn.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.support.StaticWebApplicationContext;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerExecutionChain;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.ServletRequestPathUtils;

/** The path-first lookup finds the same handler, or fails the same way, as Spring MVC's own for every request. */
class PathFirstHandlerMappingTest {

    @RestController
    @RequestMapping(path = "/v1/things", produces = MediaType.APPLICATION_JSON_VALUE)
    static class Things {
        @GetMapping("/{id}")
        String get(@PathVariable String id) {
            return id;
        }

        @GetMapping("/{id}/status")
        String status(@PathVariable String id) {
            return id;
        }

        @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
        String create() {
            return "";
        }

        @GetMapping("/by-name/{name}")
        String byName(@PathVariable String name) {
            return name;
        }
    }

    @RestController
    static class Other {
        @GetMapping("/v1/other/{id}")
        String get(@PathVariable String id) {
            return id;
        }

        @GetMapping(path = "/v1/other/{id}", produces = MediaType.TEXT_PLAIN_VALUE)
        String text(@PathVariable String id) {
            return id;
        }
    }

    @Test
    void findsWhatSpringFindsAndFailsAsItFails() {
        RequestMappingHandlerMapping spring = mapping(new RequestMappingHandlerMapping());
        RequestMappingHandlerMapping pathFirst = mapping(new PathFirstHandlerMapping());
        List<MockHttpServletRequest> requests = List.of(
                request("GET", "/v1/things/42", null, null),
                request("GET", "/v1/things/42/status", null, null),
                request("GET", "/v1/things/by-name/x", null, null),
                request("GET", "/v1/things/42", "text/html", null),
                request("DELETE", "/v1/things/42", null, null),
                request("POST", "/v1/things", null, "application/json"),
                request("POST", "/v1/things", null, "text/plain"),
                request("GET", "/v1/other/7", "text/plain", null),
                request("GET", "/v1/other/7", "application/json", null),
                request("GET", "/v1/th%69ngs/42", null, null),
                request("GET", "/v1/nothing/42", null, null),
                request("OPTIONS", "/v1/things/42", null, null));
        for (MockHttpServletRequest request : requests) {
            assertThat(outcome(pathFirst, request)).as(request.getMethod() + " " + request.getRequestURI())
                    .isEqualTo(outcome(spring, copy(request)));
        }
        assertThat(outcome(pathFirst, request("GET", "/v1/other/7", "text/plain", null))).isEqualTo("Other.text");
        assertThat(outcome(pathFirst, request("DELETE", "/v1/things/42", null, null)))
                .isEqualTo("HttpRequestMethodNotSupportedException");
    }

    private static RequestMappingHandlerMapping mapping(RequestMappingHandlerMapping mapping) {
        StaticWebApplicationContext context = new StaticWebApplicationContext();
        context.registerSingleton("things", Things.class);
        context.registerSingleton("other", Other.class);
        context.refresh();
        mapping.setApplicationContext(context);
        mapping.afterPropertiesSet();
        return mapping;
    }

    private static MockHttpServletRequest request(String method, String uri, String accept, String contentType) {
        MockHttpServletRequest request = new MockHttpServletRequest(method, uri);
        if (accept != null) {
            request.addHeader("Accept", accept);
        }
        if (contentType != null) {
            request.setContentType(contentType);
        }
        return request;
    }

    private static MockHttpServletRequest copy(MockHttpServletRequest request) {
        return request(request.getMethod(), request.getRequestURI(), request.getHeader("Accept"), request.getContentType());
    }

    /** The handler's class and method, or the simple name of what the lookup threw, or "none". */
    private static String outcome(RequestMappingHandlerMapping mapping, MockHttpServletRequest request) {
        ServletRequestPathUtils.parseAndCache(request);
        try {
            HandlerExecutionChain chain = mapping.getHandler(request);
            if (chain == null) {
                return "none";
            }
            HandlerMethod handler = (HandlerMethod) chain.getHandler();
            return handler.getBeanType().getSimpleName() + "." + handler.getMethod().getName();
        } catch (Exception e) {
            return e.getClass().getSimpleName();
        }
    }
}
