package dev.openirn.server.einvoice.registration;

import dev.openirn.gst.FinancialYear;
import dev.openirn.gst.Irn;
import dev.openirn.gst.Sha256;
import dev.openirn.gst.api.EInvoiceRequest;
import dev.openirn.gst.api.NicInvoiceMapper;
import dev.openirn.gst.api.RequestRules;
import dev.openirn.gst.master.HsnMaster;
import dev.openirn.gst.nic.NicDate;
import dev.openirn.gst.nic.NicInvoice;
import dev.openirn.gst.nic.NicJson;
import dev.openirn.gst.validation.InvoiceValidator;
import dev.openirn.gst.validation.ValidationProfile;
import dev.openirn.gst.validation.ValidationResult;
import dev.openirn.gst.validation.Violation;
import dev.openirn.server.web.ApiException;
import dev.openirn.server.web.ErrorDetail;
import dev.openirn.server.web.RequestJson;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;

/**
 * Turns a request body (OneFinOps camelCase, or NIC's own INV-01 JSON) into a validated NIC
 * document, reporting every broken rule at once on the caller's field names.
 */
@Component
public class InvoiceIntake {

    public static final MediaType NIC_JSON = MediaType.parseMediaType("application/vnd.nic.einvoice+json");

    private final RequestJson requestJson;
    private final InvoiceValidator validator;

    public InvoiceIntake(RequestJson requestJson, Clock clock,
                         @Value("${openirn.validation.hsn-master:warn}") String hsnMasterPolicy,
                         @Value("${openirn.masters.hsn-file:}") String hsnFile) {
        this.requestJson = requestJson;
        boolean reject = switch (hsnMasterPolicy.trim().toLowerCase(Locale.ROOT)) {
            case "warn" -> false;
            case "reject" -> true;
            default -> throw new IllegalStateException("openirn.validation.hsn-master must be warn or reject, not " + hsnMasterPolicy);
        };
        HsnMaster master = hsnFile.isBlank() ? HsnMaster.bundled() : HsnMaster.fromFile(Path.of(hsnFile));
        this.validator = new InvoiceValidator(clock).withHsnMaster(master, reject);
    }

    /** Every rule the document breaks or bends, without storing or sending anything (400 only for unreadable JSON). */
    public Assessment assess(byte[] body, MediaType contentType, ValidationProfile profile) {
        if (body == null || body.length == 0) {
            throw ApiException.badRequest("request.malformed_json", "The request body is empty.", null);
        }
        boolean nicSchema = contentType != null && "vnd.nic.einvoice+json".equals(contentType.getSubtype());
        NicInvoice invoice;
        String financialYear;
        List<ErrorDetail> errors = new ArrayList<>();
        List<ErrorDetail> warnings = new ArrayList<>();
        if (nicSchema) {
            RequestJson.Parsed<NicInvoice> parsed = requestJson.readNic(body, NicInvoice.class);
            invoice = parsed.value();
            warnings.addAll(parsed.warnings());
            financialYear = documentDate(invoice) == null ? null : FinancialYear.of(documentDate(invoice));
        } else {
            RequestJson.Parsed<EInvoiceRequest> parsed = requestJson.read(body, EInvoiceRequest.class);
            EInvoiceRequest request = parsed.value();
            warnings.addAll(parsed.warnings());
            invoice = NicInvoiceMapper.toNic(request);
            financialYear = request.financialYear();
            RequestRules.check(request).forEach(v -> errors.add(new ErrorDetail(v.path(), v.code(), v.message(), v.nicCode())));
        }
        ValidationResult result = validator.validate(invoice, profile);
        result.errors().forEach(violation -> errors.add(detail(violation, nicSchema)));
        result.warnings().forEach(violation -> warnings.add(detail(violation, nicSchema)));
        return new Assessment(invoice, financialYear, errors, List.copyOf(warnings));
    }

    /** A checked document, or a 400/422 {@link ApiException} listing every broken rule. */
    public CheckedInvoice read(byte[] body, MediaType contentType, ValidationProfile profile) {
        Assessment assessment = assess(body, contentType, profile);
        List<ErrorDetail> errors = assessment.errors();
        if (!errors.isEmpty()) {
            // A misspelt field often explains a missing one: name the ignored fields after the broken rules.
            List<ErrorDetail> details = new ArrayList<>(errors);
            assessment.warnings().stream().filter(w -> RequestJson.UNKNOWN_FIELD.equals(w.code())).forEach(details::add);
            throw ApiException.validation(errors.size() == 1 ? "The invoice breaks 1 rule; see details."
                    : "The invoice breaks " + errors.size() + " rules; see details.", details);
        }
        NicInvoice invoice = assessment.invoice();
        String payload = NicJson.mapper().writeValueAsString(invoice);
        String financialYear = assessment.financialYear();
        return new CheckedInvoice(invoice, payload, sha256(payload), financialYear,
                Irn.compute(invoice.seller().gstin(), financialYear, invoice.document().type(), invoice.document().number()),
                assessment.warnings());
    }

    /** The outcome of validating one body: the mapped NIC document and its errors and warnings. */
    public record Assessment(NicInvoice invoice, String financialYear, List<ErrorDetail> errors, List<ErrorDetail> warnings) {
    }

    private static LocalDate documentDate(NicInvoice invoice) {
        return invoice.document() == null ? null : NicDate.tryParse(invoice.document().date()).orElse(null);
    }

    private static ErrorDetail detail(Violation violation, boolean nicSchema) {
        if (nicSchema) {
            return new ErrorDetail(violation.path(), violation.code(), violation.message(), violation.nicCode());
        }
        String field = NicInvoiceMapper.toRequestPath(violation.path());
        return new ErrorDetail(field, violation.code(), inApiTerms(violation.message(), violation.path(), field),
                violation.nicCode());
    }

    /**
     * The rules word their messages as NIC does, naming NIC's field ("The Typ field is required."); a
     * client of the OneFinOps schema is told the field it sent instead.
     */
    static String inApiTerms(String message, String nicPath, String field) {
        String nicName = nicPath.substring(nicPath.lastIndexOf('.') + 1).replaceAll("\\[\\d+]$", "");
        if (nicName.isEmpty() || nicName.equals(field)
                || !(message.startsWith("The " + nicName) || message.startsWith("The field " + nicName))) {
            return message; // nothing to rename: spares compiling two patterns per finding
        }
        String quoted = Pattern.quote(nicName);
        String replacement = Matcher.quoteReplacement(field);
        return message.replaceFirst("^The " + quoted + " field\\b", "The " + replacement + " field")
                .replaceFirst("^The field " + quoted + "\\b", "The field " + replacement);
    }

    static String sha256(String text) {
        return Sha256.hex(text);
    }

    public static ValidationProfile profile(String name) {
        return name == null ? ValidationProfile.STRICT : ValidationProfile.valueOf(name.toUpperCase(Locale.ROOT));
    }
}
