package dev.openirn.server.einvoice.registration;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.openirn.gst.nic.NicJson;
import dev.openirn.gst.validation.ValidationProfile;
import dev.openirn.server.auth.Caller;
import dev.openirn.server.web.ApiException;
import dev.openirn.server.web.ErrorDetail;
import java.util.List;
import java.util.Locale;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** {@code POST /v1/einvoices/validate}: the generate endpoint's checks as a dry run; nothing stored or sent. */
@RestController
class ValidationController {

    private final InvoiceIntake intake;

    ValidationController(InvoiceIntake intake) {
        this.intake = intake;
    }

    @JsonPropertyOrder({"object", "valid", "profile", "errors", "warnings", "nicPayload"})
    record ValidationReport(String object, boolean valid, String profile, List<ErrorDetail> errors,
            List<ErrorDetail> warnings, JsonNode nicPayload) {
    }

    @PostMapping(path = "/v1/einvoices/validate", produces = MediaType.APPLICATION_JSON_VALUE,
            consumes = {MediaType.APPLICATION_JSON_VALUE, "application/vnd.nic.einvoice+json"})
    ValidationReport validate(Caller caller, @RequestBody(required = false) byte[] body,
            @RequestHeader(HttpHeaders.CONTENT_TYPE) MediaType contentType,
            @RequestParam(name = "profile", required = false) String profile) {
        ValidationProfile chosen = choose(profile, caller);
        InvoiceIntake.Assessment assessment = intake.assess(body, contentType, chosen);
        JsonNode payload = NicJson.mapper().valueToTree(assessment.invoice());
        return new ValidationReport("einvoice.validation", assessment.errors().isEmpty(),
                chosen.name().toLowerCase(Locale.ROOT), assessment.errors(), assessment.warnings(), payload);
    }

    private static ValidationProfile choose(String requested, Caller caller) {
        if (requested == null || requested.isBlank()) {
            return InvoiceIntake.profile(caller.profile());
        }
        return switch (requested.toLowerCase(Locale.ROOT)) {
            case "strict" -> ValidationProfile.STRICT;
            case "lenient" -> ValidationProfile.LENIENT;
            default -> throw ApiException.badRequest("request.parameter_invalid",
                    "profile must be strict or lenient.", "profile");
        };
    }
}
