package dev.openirn.nic;

/**
 * One entry of NIC's {@code ErrorDetails}: {@code ErrorCode} (a string such as "2150") and {@code ErrorMessage}.
 * The constants are the errors this project's client reacts to and its sandbox answers with, worded as NIC
 * words them, so that both ends speak one vocabulary.
 */
public record NicError(String code, String message) {

    public static final NicError HEADER_GSTIN_REQUIRED = new NicError("1004", "Header GSTIN is required");
    public static final NicError INVALID_TOKEN = new NicError("1005", "Invalid Token");
    public static final NicError USER_NAME_REQUIRED = new NicError("1006", "User Name is required");
    public static final NicError AUTHENTICATION_FAILED = new NicError("1007", "Authentication failed. Pls. inform the helpdesk");
    public static final NicError INVALID_LOGIN = new NicError("1008", "Invalid login credentials");
    public static final NicError INVALID_CLIENT = new NicError("1010", "Invalid Client-ID/Client-Secret");
    public static final NicError CLIENT_ID_REQUIRED = new NicError("1011", "Client Id is required");
    public static final NicError CLIENT_SECRET_REQUIRED = new NicError("1012", "Client Secret is required");
    public static final NicError PASSWORD_DECRYPTION_FAILED = new NicError("1013", "Decryption of password failed");
    public static final NicError INVALID_GSTIN_FOR_USER = new NicError("1015", "Invalid GSTIN for this user");
    public static final NicError APP_KEY_DECRYPTION_FAILED = new NicError("1016", "Decryption of App Key failed");
    public static final NicError UNKNOWN_USER = new NicError("1017", "Incorrect user id/User does not exists");
    public static final NicError INCORRECT_PASSWORD = new NicError("1019", "Incorrect Password");
    public static final NicError DATA_EMPTY = new NicError("5003", "Data cannot be null or empty");

    public static final NicError INCOMPLETE_PARAMETERS = new NicError("2142", "Incomplete request parameters");
    public static final NicError NOT_USERS_INVOICE = new NicError("2143", "Invoice does not belongs to the user GSTIN");
    public static final NicError DOCUMENT_DATE_FORMAT =
            new NicError("2144", "Document date should be in the format (dd/MM/yyyy)");
    public static final NicError IRN_NOT_AVAILABLE = new NicError("2148", "Requested IRN data is not available");
    public static final NicError DUPLICATE_IRN = new NicError("2150", "Duplicate IRN");
    public static final NicError IRN_DETAILS_NOT_FOUND = new NicError("2154", "IRN details are not found");
    public static final NicError FUTURE_DOCUMENT_DATE = new NicError("2163", "The document date should not be future date .");
    public static final NicError PAYLOAD_EMPTY = new NicError("2255", "Requested Payload is empty");
    public static final NicError CANCEL_WINDOW_CROSSED =
            new NicError("2270", "The allowed cancellation time limit is crossed, you cannot cancel the IRN");
    public static final NicError ALREADY_CANCELLED =
            new NicError("2278", "IRN is already generated and is cancelled for this Document Number");
    public static final NicError OLDER_THAN_TWO_DAYS =
            new NicError("2283", "IRN details cannot be provided as it is generated more than 2 days ago");
    public static final NicError ACTIVE_EWAY_BILL = new NicError("2230", "This IRN cannot be cancelled because e-way bill "
            + "has been generated, you can cancel e-way bill and then try cancelling IRN");
    public static final NicError NOT_ACTIVE = new NicError("9999", "Invoice is not active");
    public static final NicError INTERNAL_ERROR = new NicError("5001", "Application Error, Please Contact the help desk");
    public static final NicError APPLICATION_ERROR = new NicError("5002",
            "Application error, issue with application while processing the request. Please try again. If error "
                    + "persists kindly raise a ticket along with request JSON, error details and timestamp of the error occurrence.");

    /** A schema violation, worded like NIC's .NET DataAnnotation messages (code 5002). */
    public static NicError schema(String message) {
        return new NicError(APPLICATION_ERROR.code(), message);
    }

    /** 3028: the GSTIN asked for in the master is not a GSTIN. */
    public static NicError invalidGstin(String gstin) {
        return new NicError("3028", "GSTIN - " + gstin + " is invalid");
    }

    @Override
    public String toString() {
        return code + ": " + message;
    }
}
