package dev.openirn.server.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import tools.jackson.databind.json.JsonMapper;

/**
 * Answers the requests Tomcat refuses before any filter runs (an encoded NUL or slash in the path, a
 * character the HTTP grammar forbids) with the error envelope instead of Tomcat's HTML page, so a client
 * parses every failure the same way. Errors the application itself raised keep their own body.
 */
public class ContainerErrorValve extends ErrorReportValve {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        String requestId = UUID.randomUUID().toString();
        ErrorEnvelope envelope = new ErrorEnvelope("error", status == 400 ? "request.malformed" : "request.refused",
                status == 400 ? "The request line or its path is malformed and was refused before it was read."
                        : "The server refused the request before it was read.",
                status, requestId, RequestIds.newTraceId(), java.util.List.of(), null);
        try {
            byte[] body = JSON.writeValueAsBytes(envelope);
            response.setContentType("application/json");
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            response.setHeader(RequestIds.HEADER, requestId);
            response.setContentLength(body.length);
            response.getOutputStream().write(body);
            response.finishResponse();
        } catch (IOException | RuntimeException e) {
            // The connection is gone or unusable; nothing more can be told to the client.
        }
    }
}
