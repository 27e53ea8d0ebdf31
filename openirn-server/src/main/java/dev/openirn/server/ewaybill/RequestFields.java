package dev.openirn.server.ewaybill;

import dev.openirn.server.web.ApiException;
import dev.openirn.server.web.ErrorDetail;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/** Reads one e-way bill request body field by field, collecting every problem with its JSON path before NIC sees any. */
final class RequestFields {

    static final Pattern GSTIN = Pattern.compile("[0-9]{2}[0-9A-Z]{13}");
    static final Pattern DOCUMENT_NUMBER = Pattern.compile("[A-Za-z0-9/-]{1,16}");
    /** NIC's vehicle number formats (state registrations, defence, temporary, Bhutan and Nepal), spaces removed. */
    static final Pattern VEHICLE_NUMBER = Pattern.compile(
            "[A-Z]{2}\\d{2}[A-Z]{0,3}\\d{4}|[A-Z]{2}\\d{3}[A-Z]\\d{4}|[A-Z]{3}\\d{4}|DF[A-Z0-9]{6}|(TM|BP|NP)[A-Z0-9]{5,13}");
    static final Pattern TRANSPORT_DOCUMENT = Pattern.compile("[A-Za-z0-9/-]{1,15}");

    private final List<ErrorDetail> errors = new ArrayList<>();
    private final List<ErrorDetail> warnings = new ArrayList<>();

    void error(String field, String code, String message, String nicCode) {
        errors.add(new ErrorDetail(field, code, message, nicCode));
    }

    void warn(String field, String code, String message) {
        warnings.add(new ErrorDetail(field, code, message, null));
    }

    List<ErrorDetail> warnings() {
        return List.copyOf(warnings);
    }

    boolean hasErrors() {
        return !errors.isEmpty();
    }

    void throwIfInvalid() {
        if (!errors.isEmpty()) {
            throw ApiException.validation("The e-way bill request is invalid; see details.", List.copyOf(errors));
        }
    }

    static JsonNode at(JsonNode node, String name) {
        JsonNode value = node == null ? null : node.get(name);
        return value == null || value.isNull() || value.isMissingNode() ? null : value;
    }

    String text(JsonNode node, String path, String name, boolean required, int maxLength) {
        JsonNode value = at(node, name);
        String field = path.isEmpty() ? name : path + "." + name;
        if (value == null || (value.isString() && value.asString().isBlank())) {
            if (required) {
                error(field, "required", field + " is required.", null);
            }
            return null;
        }
        if (!value.isString() && !value.isNumber()) {
            error(field, "invalid_type", field + " must be a string.", null);
            return null;
        }
        String text = value.asString().trim();
        if (text.length() > maxLength) {
            error(field, "too_long", field + " must have at most " + maxLength + " characters.", null);
            return null;
        }
        return text;
    }

    Integer integer(JsonNode node, String path, String name, boolean required, int min, int max, String nicCode) {
        JsonNode value = at(node, name);
        String field = path.isEmpty() ? name : path + "." + name;
        if (value == null) {
            if (required) {
                error(field, "required", field + " is required.", nicCode);
            }
            return null;
        }
        int number;
        if (value.isIntegralNumber() && value.canConvertToInt()) {
            number = value.intValue();
        } else if (value.isString() && value.asString().trim().matches("-?\\d{1,9}")) {
            number = Integer.parseInt(value.asString().trim());
        } else {
            error(field, "invalid_type", field + " must be a whole number.", nicCode);
            return null;
        }
        if (number < min || number > max) {
            error(field, "out_of_range", field + " must be between " + min + " and " + max + ".", nicCode);
            return null;
        }
        return number;
    }

    BigDecimal amount(JsonNode node, String path, String name, boolean required) {
        JsonNode value = at(node, name);
        String field = path.isEmpty() ? name : path + "." + name;
        if (value == null) {
            if (required) {
                error(field, "required", field + " is required.", null);
            }
            return null;
        }
        try {
            BigDecimal amount = value.isNumber() ? value.decimalValue() : new BigDecimal(value.asString().trim());
            if (amount.scale() > 3 || amount.precision() > 18) {
                error(field, "invalid_amount", field + " has too many digits.", null);
                return null;
            }
            return amount;
        } catch (NumberFormatException e) {
            error(field, "invalid_type", field + " must be a number.", null);
            return null;
        }
    }

    LocalDate date(JsonNode node, String path, String name, boolean required) {
        String text = text(node, path, name, required, 10);
        if (text == null) {
            return null;
        }
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            error(path.isEmpty() ? name : path + "." + name, "invalid_date", "Dates are YYYY-MM-DD.", null);
            return null;
        }
    }

    String oneOf(JsonNode node, String path, String name, boolean required, Set<String> allowed, String nicCode) {
        String text = text(node, path, name, required, 20);
        if (text != null && !allowed.contains(text)) {
            error(path.isEmpty() ? name : path + "." + name, "invalid_value", "Must be one of " + allowed + ".", nicCode);
            return null;
        }
        return text;
    }

    String gstin(JsonNode node, String path, String name, boolean required, boolean urpAllowed) {
        String text = text(node, path, name, required, 15);
        if (text == null) {
            return null;
        }
        text = text.toUpperCase(java.util.Locale.ROOT);
        if (!(GSTIN.matcher(text).matches() || (urpAllowed && text.equals("URP")))) {
            error(path.isEmpty() ? name : path + "." + name, "invalid_gstin", "Not a GSTIN" + (urpAllowed ? " or URP." : "."), null);
            return null;
        }
        return text;
    }

    /** A vehicle number in NIC's canonical form (upper case, no spaces or dashes), or null with an error. */
    String vehicleNumber(JsonNode node, String path, String name) {
        String text = text(node, path, name, false, 20);
        if (text == null) {
            return null;
        }
        String canonical = text.toUpperCase(java.util.Locale.ROOT).replaceAll("[\\s-]", "");
        if (!VEHICLE_NUMBER.matcher(canonical).matches()) {
            error(path.isEmpty() ? name : path + "." + name, "invalid_vehicle_number",
                    "Vehicle number " + text + " is not in a format NIC accepts (e.g. KA01AB1234).", "225");
            return null;
        }
        return canonical;
    }
}
