package dev.openirn.sandbox.ewaybill;

import dev.openirn.gst.nic.NicTimestamps;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * NIC's e-way bill rules that do not depend on who asks: distances, validity, vehicle numbers, transporter ids
 * and the transport (Part-B) fields. Shared by the EWB system and the IRP's EWB-by-IRN, which report the same
 * {@link Problem} with different codes.
 */
public final class EwbRules {

    /** A broken rule, with the code the EWB system answers and the one the IRP answers (null: the IRP's schema error). */
    public enum Problem {
        TRANSPORTER_REQUIRED("619", "4019"),
        INVALID_TRANSPORTER("222", "4018"),
        TRANS_MODE_REQUIRED("638", "4028"),
        INVALID_TRANS_MODE("220", null),
        VEHICLE_REQUIRED("303", "4011"),
        INVALID_VEHICLE("225", "4014"),
        INVALID_VEHICLE_TYPE("361", "4020"),
        ODC_NOT_ROAD("634", "4024"),
        SHIP_VEHICLE_REGULAR("726", "4039"),
        SHIP_NEEDS_VEHICLE_OR_DOC("727", "4040"),
        TRANS_DOC_REQUIRED("394", "4012"),
        TRANS_DOC_DATE_REQUIRED("385", "4023"),
        INVALID_TRANS_DOC_NO("223", null),
        INVALID_TRANS_DOC_DATE("224", "4017"),
        TRANS_DOC_DATE_FUTURE("224", "4016"),
        TRANS_DOC_BEFORE_INVOICE("362", "4021"),
        INVALID_DISTANCE("221", "4013"),
        DISTANCE_TOO_HIGH("702", "4038"),
        DISTANCE_NOT_AVAILABLE("721", "4030"),
        SAME_PIN_NEEDS_DISTANCE("721", "4029"),
        DUPLICATE_DOCUMENT("604", "4026");

        public final String ewbCode;
        public final String irpCode;

        Problem(String ewbCode, String irpCode) {
            this.ewbCode = ewbCode;
            this.irpCode = irpCode;
        }
    }

    /** How far the declared distance may exceed NIC's PIN-to-PIN distance. */
    public static final double DISTANCE_TOLERANCE = 0.10;
    /** The farthest the same PIN may be from itself. */
    public static final int SAME_PIN_MAX_KM = 100;
    public static final int MAX_DISTANCE_KM = 3999;

    private static final Pattern VEHICLE = Pattern.compile(
            "^[A-Z]{2}\\d{2}[A-Z]{0,3}\\d{4}$|^[A-Z]{2}\\d{3}[A-Z]\\d{4}$|^[A-Z]{3}\\d{4}$|^DF[A-Z0-9]{6}$|^(TM|BP|NP)[A-Z0-9]{5,13}$");
    private static final Pattern TRANSPORTER_ID = Pattern.compile("^[0-9]{2}[0-9A-Z]{13}$");
    private static final Pattern TRANS_DOC_NO = Pattern.compile("^[A-Za-z0-9/-]{1,15}$");

    private EwbRules() {
    }

    /**
     * NIC's PIN-to-PIN road distance in km, as the sandbox knows it: a fixed function of the two PINs (closer PIN
     * prefixes, shorter distance). Null for an unknown pair: the same PIN, or an Army Postal Service PIN (9xxxxx).
     */
    public static Integer pinDistance(int fromPin, int toPin) {
        if (fromPin == toPin || fromPin / 100000 == 9 || toPin / 100000 == 9) {
            return null;
        }
        int a = Math.min(fromPin, toPin);
        int b = Math.max(fromPin, toPin);
        if (a / 1000 == b / 1000) {
            return 5 + (b - a) % 60;
        }
        if (a / 10000 == b / 10000) {
            return 40 + ((b / 1000 - a / 1000) * 37) % 300;
        }
        return 150 + ((b / 10000 - a / 10000) * 97 + Math.abs(b % 1000 - a % 1000)) % 2800;
    }

    /** A declared distance against NIC's: the distance to use, or the problem. */
    public record DistanceCheck(int distance, Problem problem, Integer pinDistance, boolean computed) {
    }

    public static DistanceCheck checkDistance(int declared, int fromPin, int toPin) {
        if (declared < 0 || declared > MAX_DISTANCE_KM) {
            return new DistanceCheck(declared, Problem.INVALID_DISTANCE, null, false);
        }
        if (fromPin == toPin) {
            if (declared == 0) {
                return new DistanceCheck(0, Problem.SAME_PIN_NEEDS_DISTANCE, null, false);
            }
            return declared > SAME_PIN_MAX_KM ? new DistanceCheck(declared, Problem.DISTANCE_TOO_HIGH, SAME_PIN_MAX_KM, false)
                    : new DistanceCheck(declared, null, null, false);
        }
        Integer known = pinDistance(fromPin, toPin);
        if (known == null) {
            return declared == 0 ? new DistanceCheck(0, Problem.DISTANCE_NOT_AVAILABLE, null, false)
                    : new DistanceCheck(declared, null, null, false);
        }
        if (declared == 0) {
            return new DistanceCheck(known, null, known, true);
        }
        if (declared > Math.floor(known * (1 + DISTANCE_TOLERANCE))) {
            return new DistanceCheck(declared, Problem.DISTANCE_TOO_HIGH, known, false);
        }
        return new DistanceCheck(declared, null, known, false);
    }

    /** Days of validity: one per 200 km or part (20 km for over-dimensional cargo), at least one. */
    public static int validDays(int distance, boolean overDimensional) {
        int perDay = overDimensional ? 20 : 200;
        return Math.max(1, (distance + perDay - 1) / perDay);
    }

    /** Validity ends at 23:59 IST of the start date plus the days, as NIC computes it. */
    public static Instant validUntil(Instant start, int distance, boolean overDimensional) {
        LocalDate startDate = start.atZone(NicTimestamps.IST).toLocalDate();
        return startDate.plusDays(validDays(distance, overDimensional)).atTime(LocalTime.of(23, 59))
                .atZone(NicTimestamps.IST).toInstant();
    }

    /** Spaces out, upper case: how NIC (and clients) normalise vehicle numbers before checking them. */
    public static String normaliseVehicle(String vehicleNo) {
        return vehicleNo == null ? null : vehicleNo.replaceAll("[\\s-]", "").toUpperCase(Locale.ROOT);
    }

    public static boolean isVehicleNumber(String vehicleNo) {
        return vehicleNo != null && VEHICLE.matcher(normaliseVehicle(vehicleNo)).matches();
    }

    /** A GSTIN or a TRANSIN: both are 15 characters, two state digits first. */
    public static boolean isTransporterId(String id) {
        return id != null && TRANSPORTER_ID.matcher(id).matches();
    }

    /** The transport fields of a Part-B, whichever API carries them. Blank strings count as absent. */
    public record Transport(String transMode, String vehicleNo, String vehicleType, String transDocNo,
                            String transDocDate, String transporterId) {

        public boolean hasPartB() {
            return present(vehicleNo) || present(transDocNo);
        }
    }

    /**
     * The transport checks of generation and Part-B: a Part-A slip needs a transporter; a Part-B needs its mode and,
     * per mode, a vehicle or transport document; vehicle number, type and document date formats.
     */
    public static List<Problem> checkTransport(Transport transport, LocalDate documentDate, LocalDate today,
                                               boolean partBRequired) {
        List<Problem> problems = new ArrayList<>();
        if (present(transport.transporterId()) && !isTransporterId(transport.transporterId())) {
            problems.add(Problem.INVALID_TRANSPORTER);
        }
        // A transport mode declares a Part-B as much as a vehicle or document does; without any, it is a Part-A slip.
        if (!transport.hasPartB() && !present(transport.transMode())) {
            if (partBRequired) {
                problems.add(Problem.VEHICLE_REQUIRED);
            } else if (!present(transport.transporterId())) {
                problems.add(Problem.TRANSPORTER_REQUIRED);
            }
            return problems;
        }
        String mode = transport.transMode() == null ? "" : transport.transMode().trim();
        if (mode.isEmpty()) {
            problems.add(Problem.TRANS_MODE_REQUIRED);
            return problems;
        }
        if (!mode.matches("[1-4]")) {
            problems.add(Problem.INVALID_TRANS_MODE);
            return problems;
        }
        String type = present(transport.vehicleType()) ? transport.vehicleType().trim().toUpperCase(Locale.ROOT) : null;
        if (type != null && !type.equals("R") && !type.equals("O")) {
            problems.add(Problem.INVALID_VEHICLE_TYPE);
        }
        switch (mode) {
            case "1" -> {
                if (!present(transport.vehicleNo())) {
                    problems.add(Problem.VEHICLE_REQUIRED);
                }
            }
            case "2", "3" -> {
                if (!present(transport.transDocNo())) {
                    problems.add(Problem.TRANS_DOC_REQUIRED);
                } else if (!present(transport.transDocDate())) {
                    problems.add(Problem.TRANS_DOC_DATE_REQUIRED);
                }
                if ("O".equals(type)) {
                    problems.add(Problem.ODC_NOT_ROAD);
                }
            }
            default -> {
                if (!present(transport.vehicleNo()) && !present(transport.transDocNo())) {
                    problems.add(Problem.SHIP_NEEDS_VEHICLE_OR_DOC);
                } else if (present(transport.transDocNo()) && !present(transport.transDocDate())) {
                    problems.add(Problem.TRANS_DOC_DATE_REQUIRED);
                }
                if ("R".equals(type)) {
                    problems.add(Problem.SHIP_VEHICLE_REGULAR);
                }
            }
        }
        if (present(transport.vehicleNo()) && !isVehicleNumber(transport.vehicleNo())) {
            problems.add(Problem.INVALID_VEHICLE);
        }
        if (present(transport.transDocNo()) && !TRANS_DOC_NO.matcher(transport.transDocNo().trim()).matches()) {
            problems.add(Problem.INVALID_TRANS_DOC_NO);
        }
        if (present(transport.transDocDate())) {
            LocalDate docDate;
            try {
                docDate = dev.openirn.nic.ewaybill.EwbDates.parseDate(transport.transDocDate());
            } catch (java.time.format.DateTimeParseException e) {
                problems.add(Problem.INVALID_TRANS_DOC_DATE);
                return problems;
            }
            if (docDate.isAfter(today)) {
                problems.add(Problem.TRANS_DOC_DATE_FUTURE);
            } else if (documentDate != null && docDate.isBefore(documentDate)) {
                problems.add(Problem.TRANS_DOC_BEFORE_INVOICE);
            }
        }
        return problems;
    }

    static boolean present(String value) {
        return value != null && !value.isBlank();
    }
}
