package dev.openirn.server.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Replaces the container's error page so that failures outside MVC still answer the envelope. */
@RestController
public class ErrorPageController implements ErrorController {

    private final ErrorResponses errors;

    public ErrorPageController(ErrorResponses errors) {
        this.errors = errors;
    }

    @RequestMapping("/error")
    ResponseEntity<ErrorEnvelope> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        HttpStatus status = code instanceof Integer value && HttpStatus.resolve(value) != null
                ? HttpStatus.valueOf(value) : HttpStatus.INTERNAL_SERVER_ERROR;
        String errorCode = switch (status) {
            case NOT_FOUND -> "not_found";
            case UNAUTHORIZED -> "unauthorized";
            case FORBIDDEN -> "forbidden";
            case METHOD_NOT_ALLOWED -> "request.method_not_allowed";
            case BAD_REQUEST -> "request.rejected";
            default -> status.is5xxServerError() ? "internal_error" : "request.rejected";
        };
        String message = status.is5xxServerError() ? "Something went wrong on our side; quote the requestId to support."
                : status.getReasonPhrase() + ".";
        return errors.entity(request, new ApiException(status, errorCode, message));
    }
}
