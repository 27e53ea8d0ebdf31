package dev.openirn.sandbox;

/** One {@code ErrorDetails} entry as NIC writes it: the code is a string. */
record NicError(String code, String message) {

    static final NicError HEADER_GSTIN_REQUIRED = new NicError("1004", "Header GSTIN is required");
    static final NicError INVALID_TOKEN = new NicError("1005", "Invalid Token");
    static final NicError USER_NAME_REQUIRED = new NicError("1006", "User Name is required");
    static final NicError AUTHENTICATION_FAILED = new NicError("1007", "Authentication failed. Pls. inform the helpdesk");
    static final NicError INVALID_LOGIN = new NicError("1008", "Invalid login credentials");
    static final NicError INVALID_CLIENT = new NicError("1010", "Invalid Client-ID/Client-Secret");
    static final NicError CLIENT_ID_REQUIRED = new NicError("1011", "Client Id is required");
    static final NicError CLIENT_SECRET_REQUIRED = new NicError("1012", "Client Secret is required");
    static final NicError PASSWORD_DECRYPTION_FAILED = new NicError("1013", "Decryption of password failed");
    static final NicError INVALID_GSTIN_FOR_USER = new NicError("1015", "Invalid GSTIN for this user");
    static final NicError APP_KEY_DECRYPTION_FAILED = new NicError("1016", "Decryption of App Key failed");
    static final NicError UNKNOWN_USER = new NicError("1017", "Incorrect user id/User does not exists");
    static final NicError INCORRECT_PASSWORD = new NicError("1019", "Incorrect Password");
    static final NicError DATA_EMPTY = new NicError("5003", "Data cannot be null or empty");

    static final NicError NOT_USERS_INVOICE = new NicError("2143", "Invoice does not belongs to the user GSTIN");
    static final NicError IRN_NOT_AVAILABLE = new NicError("2148", "Requested IRN data is not available");
    static final NicError DUPLICATE_IRN = new NicError("2150", "Duplicate IRN");
    static final NicError IRN_DETAILS_NOT_FOUND = new NicError("2154", "IRN details are not found");
    static final NicError FUTURE_DOCUMENT_DATE = new NicError("2163", "The document date should not be future date .");
    static final NicError PAYLOAD_EMPTY = new NicError("2255", "Requested Payload is empty");
    static final NicError CANCEL_WINDOW_CROSSED =
            new NicError("2270", "The allowed cancellation time limit is crossed, you cannot cancel the IRN");
    static final NicError ALREADY_CANCELLED =
            new NicError("2278", "IRN is already generated and is cancelled for this Document Number");
    static final NicError OLDER_THAN_TWO_DAYS =
            new NicError("2283", "IRN details cannot be provided as it is generated more than 2 days ago");
    static final NicError NOT_ACTIVE = new NicError("9999", "Invoice is not active");
    static final NicError APPLICATION_ERROR = new NicError("5002",
            "Application error, issue with application while processing the request. Please try again. If error "
                    + "persists kindly raise a ticket along with request JSON, error details and timestamp of the error occurrence.");

    /** A schema violation, worded like NIC's .NET DataAnnotation messages (code 5002). */
    static NicError schema(String message) {
        return new NicError("5002", message);
    }
}
