package dev.openirn.gst.validation;

import dev.openirn.gst.Gstin;
import dev.openirn.gst.master.HsnMaster;
import dev.openirn.gst.master.Masters;
import dev.openirn.gst.nic.Item;
import dev.openirn.gst.nic.NicDate;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The checks every rule family builds on (required, length, pattern, date, GSTIN, state and PIN,
 * range and decimal places) and the violations of one validation pass. The lenient profile turns
 * the violations reported through {@link #relaxable} into warnings.
 */
final class FieldChecks {

    static final BigDecimal MAX_ITEM_AMOUNT = new BigDecimal("999999999999.99");
    static final BigDecimal MAX_INVOICE_AMOUNT = new BigDecimal("99999999999999.99");
    static final BigDecimal MAX_RATE = new BigDecimal("999.999");

    /** Far beyond the 3 decimals and 18 digits of any NIC amount or rate. */
    static final int MAX_COMPUTABLE_SCALE = 20;

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);
    private static final Pattern STATE_CODE = Pattern.compile("(?!0+$)[0-9]{1,2}");
    private static final Pattern PHONE = Pattern.compile("[0-9]{6,12}");
    private static final Pattern EMAIL = Pattern.compile("[a-zA-Z0-9+_.-]+@[a-zA-Z0-9.-]+");

    private final ValidationProfile profile;
    private final Masters masters;
    private final List<Violation> errors = new ArrayList<>();
    private final List<Violation> warnings = new ArrayList<>();
    /**
     * Amounts already reported as out of range or with absurdly many decimals: no sum or tolerance
     * is computed with them (BigDecimal arithmetic on a scale of millions runs for seconds).
     */
    private final Set<BigDecimal> unusable = Collections.newSetFromMap(new IdentityHashMap<>());

    private final HsnMaster hsnMaster;
    private final boolean rejectUnknownHsn;

    FieldChecks(ValidationProfile profile, Masters masters) {
        this(profile, masters, HsnMaster.bundled(), false);
    }

    FieldChecks(ValidationProfile profile, Masters masters, HsnMaster hsnMaster, boolean rejectUnknownHsn) {
        this.profile = Objects.requireNonNull(profile, "profile");
        this.masters = masters;
        this.hsnMaster = Objects.requireNonNull(hsnMaster, "hsnMaster");
        this.rejectUnknownHsn = rejectUnknownHsn;
    }

    /**
     * A well-formed code missing from the HSN/SAC master: a warning in both profiles, because the
     * bundled list can lag the IRP's, unless the operator asked for a rejection.
     */
    void hsnInMaster(String path, String hsn) {
        if (!hsnMaster.contains(hsn)) {
            Violation violation = new Violation(path, "hsn.not_in_master", "HSN code(s)-" + hsn + " is invalid", "2176");
            (rejectUnknownHsn ? errors : warnings).add(violation);
        }
    }

    Masters masters() {
        return masters;
    }

    ValidationResult result() {
        return new ValidationResult(errors, warnings);
    }

    void error(String path, String code, String message, String nicCode) {
        errors.add(new Violation(path, code, message, nicCode));
    }

    /** The two rule families the lenient profile reports as warnings. */
    void relaxable(String path, String code, String message, String nicCode) {
        Violation violation = new Violation(path, code, message, nicCode);
        (profile == ValidationProfile.LENIENT ? warnings : errors).add(violation);
    }

    boolean required(String path, Object value) {
        if (value == null || (value instanceof String s && s.isEmpty())) {
            error(path, "field.required", "The " + fieldName(path) + " field is required.", null);
            return false;
        }
        return true;
    }

    void text(String path, String value, boolean mandatory, int min, int max) {
        if (value == null) {
            if (mandatory) {
                required(path, null);
            }
            return;
        }
        if (value.length() < min || value.length() > max) {
            error(path, "field.length", "The field " + fieldName(path) + " must be a string with a minimum length of "
                    + min + " and a maximum length of " + max, null);
        }
        if (value.indexOf('"') >= 0 || value.indexOf('\\') >= 0) {
            error(path, "field.characters", "The field " + fieldName(path) + " may not contain '\"' or '\\'", null);
        }
    }

    void pattern(String path, String value, Pattern pattern) {
        if (value != null && !pattern.matcher(value).matches()) {
            error(path, "field.pattern", "The field " + fieldName(path) + " must match the regular expression ^"
                    + pattern.pattern() + "$", null);
        }
    }

    void date(String path, String value, boolean mandatory) {
        if (value == null) {
            if (mandatory) {
                required(path, null);
            }
        } else if (NicDate.tryParse(value).isEmpty()) {
            error(path, "field.date_format", "The field " + fieldName(path) + " must be a date in the format dd/MM/yyyy", null);
        }
    }

    void address(String block, String address1, String address2, String location, int maxLocation) {
        text(block + ".Addr1", address1, true, 1, 100);
        text(block + ".Addr2", address2, false, 3, 100);
        text(block + ".Loc", location, true, 3, maxLocation);
    }

    void contact(String block, String phone, String email) {
        pattern(block + ".Ph", phone, PHONE);
        if (email != null) {
            text(block + ".Em", email, false, 6, 100);
            pattern(block + ".Em", email, EMAIL);
        }
    }

    /** Checks a party GSTIN's format and, as a relaxable rule, its check character; true when well formed. */
    boolean gstin(String path, String gstin, boolean checkCharacter) {
        if (!Gstin.hasValidFormat(gstin)) {
            error(path, "gstin.format", "GSTIN " + gstin + " must be 2 digits followed by 13 upper-case letters or digits", null);
            return false;
        }
        if (checkCharacter && !Gstin.hasValidCheckCharacter(gstin)) {
            relaxable(path, "gstin.check_character", "GSTIN " + gstin + " has an invalid check character (expected "
                    + Gstin.checkCharacter(gstin.substring(0, 14)) + ")", null);
        }
        return true;
    }

    boolean state(String path, String code, String violationCode, String message, String nicCode) {
        if (!required(path, code)) {
            return false;
        }
        if (!STATE_CODE.matcher(code).matches() || !masters.isStateCode(code)) {
            error(path, violationCode, message, nicCode);
            return false;
        }
        return true;
    }

    void pin(String block, Integer pin, String stateCode, boolean stateOk, boolean mandatory) {
        String path = block + ".Pin";
        if (pin == null) {
            if (mandatory) {
                required(path, null);
            }
            return;
        }
        if (pin < 100000 || pin > 999999) {
            error(path, "field.range", "The field Pin must be between 100000 and 999999", null);
        } else if (stateOk && !masters.pinBelongsToState(pin, stateCode)) {
            error(path, "pin.state_mismatch", "PIN code does not belong to the state - " + stateCode, "2178");
        }
    }

    boolean requiredNumber(String path, BigDecimal value, int scale, BigDecimal max) {
        if (!required(path, value)) {
            return false;
        }
        return number(path, value, scale, max, false);
    }

    boolean number(String path, BigDecimal value, int scale, BigDecimal max, boolean signed) {
        if (value == null) {
            return true;
        }
        boolean ok = decimals(path, value, scale);
        BigDecimal min = signed ? max.negate() : BigDecimal.ZERO;
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            unusable.add(value);
            error(path, "field.range", "The field " + fieldName(path) + " must be between " + min.toPlainString()
                    + " and " + max.toPlainString(), null);
            return false;
        }
        return ok;
    }

    boolean decimals(String path, BigDecimal value, int scale) {
        int actualScale = value.stripTrailingZeros().scale();
        if (actualScale > MAX_COMPUTABLE_SCALE || actualScale < -MAX_COMPUTABLE_SCALE) {
            unusable.add(value);
        }
        if (actualScale > scale) {
            error(path, "field.decimal_places", "The field " + fieldName(path) + " may have at most " + scale
                    + " decimal places", null);
            return false;
        }
        return true;
    }

    /** An amount reported as out of range by its own rule: kept out of every sum and tolerance. */
    void markUnusable(BigDecimal value) {
        unusable.add(value);
    }

    /** Every amount and rate of the line passed its own range check, so the line's arithmetic may run. */
    boolean computable(Item item) {
        return computable(item.totalAmount(), item.discount(), item.assessableAmount(), item.gstRate(),
                item.igstAmount(), item.cgstAmount(), item.sgstAmount(), item.cessRate(), item.cessAmount(),
                item.cessNonAdvolAmount(), item.stateCessRate(), item.stateCessAmount(),
                item.stateCessNonAdvolAmount(), item.otherCharges(), item.totalItemValue());
    }

    boolean computable(BigDecimal... values) {
        for (BigDecimal value : values) {
            if (value != null && unusable.contains(value)) {
                return false;
            }
        }
        return true;
    }

    // ---------------------------------------------------------------- arithmetic

    /**
     * NIC's "+/- one rupee" tolerance as a band around the calculated value:
     * {@code floor(calc) - 1 <= passed <= ceil(calc) + 1}.
     */
    static boolean withinTolerance(BigDecimal passed, BigDecimal calculated) {
        BigDecimal low = calculated.setScale(0, RoundingMode.FLOOR).subtract(BigDecimal.ONE);
        BigDecimal high = calculated.setScale(0, RoundingMode.CEILING).add(BigDecimal.ONE);
        return passed.compareTo(low) >= 0 && passed.compareTo(high) <= 0;
    }

    static BigDecimal percent(BigDecimal amount, BigDecimal rate) {
        return amount.multiply(rate).divide(HUNDRED, 2, RoundingMode.HALF_UP);
    }

    static BigDecimal total(List<Item> items, Function<Item, BigDecimal> part) {
        return items.stream().map(part).map(FieldChecks::zero).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    static BigDecimal zero(BigDecimal value) {
        return value == null ? BigDecimal.ZERO : value;
    }

    static boolean isYesNo(String value) {
        return "Y".equals(value) || "N".equals(value);
    }

    private static String fieldName(String path) {
        String last = path.substring(path.lastIndexOf('.') + 1);
        int bracket = last.indexOf('[');
        return bracket < 0 ? last : last.substring(0, bracket);
    }
}
