package dev.openirn.server.web;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DatabindException;

/** Maps every failure to the error envelope; nothing else, and never a stack trace, reaches a client. */
@RestControllerAdvice
public class ApiExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    private final ErrorResponses errors;

    public ApiExceptionHandler(ErrorResponses errors) {
        this.errors = errors;
    }

    @ExceptionHandler(ApiException.class)
    ResponseEntity<ErrorEnvelope> api(HttpServletRequest request, ApiException e) {
        return errors.entity(request, e);
    }

    @ExceptionHandler(JacksonException.class)
    ResponseEntity<ErrorEnvelope> json(HttpServletRequest request, JacksonException e) {
        return errors.entity(request, JsonErrors.toApiException(e));
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ErrorEnvelope> unreadable(HttpServletRequest request, HttpMessageNotReadableException e) {
        if (e.getCause() instanceof JacksonException jackson) {
            return errors.entity(request, JsonErrors.toApiException(jackson));
        }
        return errors.entity(request, ApiException.badRequest("request.malformed_json", "The request body is missing or is not valid JSON.", null));
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<ErrorEnvelope> mediaType(HttpServletRequest request, HttpMediaTypeNotSupportedException e) {
        String supported = e.getSupportedMediaTypes().stream().map(Object::toString).collect(Collectors.joining(", "));
        return errors.entity(request, new ApiException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "request.unsupported_media_type",
                "Content-Type " + e.getContentType() + " is not supported; send one of: " + supported + "."));
    }

    @ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
    ResponseEntity<ErrorEnvelope> notAcceptable(HttpServletRequest request, HttpMediaTypeNotAcceptableException e) {
        return errors.entity(request, new ApiException(HttpStatus.NOT_ACCEPTABLE, "request.not_acceptable",
                "This endpoint answers application/json only."));
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<ErrorEnvelope> method(HttpServletRequest request, HttpRequestMethodNotSupportedException e) {
        return errors.entity(request, new ApiException(HttpStatus.METHOD_NOT_ALLOWED, "request.method_not_allowed",
                "Method " + e.getMethod() + " is not allowed here."));
    }

    @ExceptionHandler(NoResourceFoundException.class)
    ResponseEntity<ErrorEnvelope> noResource(HttpServletRequest request, NoResourceFoundException e) {
        return errors.entity(request, new ApiException(HttpStatus.NOT_FOUND, "not_found", "No such endpoint: " + e.getResourcePath()));
    }

    @ExceptionHandler(MissingRequestHeaderException.class)
    ResponseEntity<ErrorEnvelope> header(HttpServletRequest request, MissingRequestHeaderException e) {
        return errors.entity(request, ApiException.badRequest("request.header_missing",
                "Header " + e.getHeaderName() + " is required.", e.getHeaderName()));
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    ResponseEntity<ErrorEnvelope> parameter(HttpServletRequest request, MissingServletRequestParameterException e) {
        return errors.entity(request, ApiException.badRequest("request.parameter_missing",
                "Query parameter " + e.getParameterName() + " is required.", e.getParameterName()));
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ErrorEnvelope> typeMismatch(HttpServletRequest request, MethodArgumentTypeMismatchException e) {
        return errors.entity(request, ApiException.badRequest("request.parameter_invalid",
                "Parameter " + e.getName() + " has an invalid value.", e.getName()));
    }

    /** The specific case of {@link MultipartException}: the upload exceeded the part limits. */
    @ExceptionHandler(MaxUploadSizeExceededException.class)
    ResponseEntity<ErrorEnvelope> uploadTooLarge(HttpServletRequest request, MaxUploadSizeExceededException e) {
        return errors.entity(request, new ApiException(HttpStatus.CONTENT_TOO_LARGE, "request.body_too_large",
                "The upload is larger than the server accepts (openirn.http.max-body-size)."));
    }

    @ExceptionHandler(MultipartException.class)
    ResponseEntity<ErrorEnvelope> multipart(HttpServletRequest request, MultipartException e) {
        return errors.entity(request, ApiException.badRequest("request.malformed_multipart",
                "The request body is not a well-formed multipart/form-data body.", null));
    }

    /** Tomcat refuses a query string that is not percent-encoded UTF-8 when the parameters are first read. */
    @ExceptionHandler(InvalidParameterException.class)
    ResponseEntity<ErrorEnvelope> undecodableParameter(HttpServletRequest request, InvalidParameterException e) {
        return errors.entity(request, ApiException.badRequest("request.parameter_invalid",
                "The query string is not valid percent-encoded UTF-8.", null));
    }

    /**
     * Spring asserts that a request's Content-Type names no wildcard ({@code *}{@code /*}, {@code application/*}) when
     * it reads the body; that is the client's mistake, not ours. Any other IllegalArgumentException stays a 500.
     */
    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<ErrorEnvelope> illegalArgument(HttpServletRequest request, IllegalArgumentException e) {
        if (hasWildcardContentType(request)) {
            return errors.entity(request, new ApiException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "request.unsupported_media_type",
                    "Content-Type " + request.getContentType() + " names a wildcard; send a concrete media type such as application/json."));
        }
        return unexpected(request, e);
    }

    private static boolean hasWildcardContentType(HttpServletRequest request) {
        String contentType = request.getContentType();
        if (contentType == null) {
            return false;
        }
        try {
            MediaType type = MediaType.parseMediaType(contentType);
            return type.isWildcardType() || type.isWildcardSubtype();
        } catch (InvalidMediaTypeException e) {
            return false;
        }
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ErrorEnvelope> unexpected(HttpServletRequest request, Exception e) {
        log.error("Unhandled error on {} {}", request.getMethod(), request.getRequestURI(), e);
        return errors.entity(request, new ApiException(HttpStatus.INTERNAL_SERVER_ERROR, "internal_error",
                "Something went wrong on our side; quote the requestId to support.", List.of(), null, null));
    }
}
