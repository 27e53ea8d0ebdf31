package dev.openirn.nic;

import dev.openirn.gst.nic.NicJson;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The client of one NIC IRP. Thread-safe; create one per IRP and share it.
 *
 * <p>Every call logs in on demand (sessions cached per session scope, GSTIN, user and password until shortly
 * before {@code TokenExpiry}), encrypts the body with the session key, and turns the answer into a {@link NicResult}.
 * A call refused with an invalid-token code (1005, 1015) is retried once after a fresh login. Nothing here
 * throws for IRP or network trouble; it is all in the result. Passwords, AppKeys, SEKs and tokens are never
 * logged or put into results.
 *
 * <p>The work is split by concern: {@link NicTransport} speaks HTTP and NIC's encrypted envelope, {@link NicLogin}
 * obtains sessions that {@link SessionCache} keeps, {@link NicResponses} reads answers into results and
 * {@link NicSignatureCheck} holds successes to the IRP's signing certificate. This class strings them together.
 */
public final class NicClient {

    static final String GENERATE_PATH = "/eicore/v1.03/Invoice";
    static final String CANCEL_PATH = "/eicore/v1.03/Invoice/Cancel";
    static final String GET_BY_IRN_PATH = "/eicore/v1.03/Invoice/irn/";
    static final String GET_BY_DOCUMENT_PATH = "/eicore/v1.03/Invoice/irnbydocdetails";
    static final String GSTIN_DETAILS_PATH = "/eivital/v1.04/Master/gstin/";
    static final String EWB_BY_IRN_PATH = "/eiewb/v1.03/ewaybill";
    static final String GET_EWB_BY_IRN_PATH = "/eiewb/v1.03/ewaybill/irn/";

    private static final Logger log = LoggerFactory.getLogger(NicClient.class);

    private final NicClientConfig config;
    private final NicTransport transport;
    private final NicLogin login;
    private final SessionCache sessions;
    private final NicSignatureCheck signatures;

    public NicClient(NicClientConfig config) {
        this(config, Clock.systemUTC());
    }

    public NicClient(NicClientConfig config, Clock clock) {
        this(config, clock, null, null);
    }

    /** A client whose sessions are shared with other processes through {@code shared}, under the IRP's name {@code irp}. */
    public NicClient(NicClientConfig config, Clock clock, SharedSessions shared, String irp) {
        this.config = config;
        this.transport = new NicTransport(config);
        this.login = new NicLogin(config, transport, clock);
        this.sessions = new SessionCache(config.baseUrl(), clock, login, shared, irp);
        this.signatures = new NicSignatureCheck(config);
    }

    public NicClientConfig config() {
        return config;
    }

    /**
     * Generate IRN. {@code invoiceJson} is the INV-01 JSON text and is encrypted byte-for-byte as
     * given, because the IRP echoes its number literals into the signed invoice.
     */
    public NicResult generate(NicCredentials credentials, String invoiceJson) {
        return call(credentials, "generate", NicTransport.Call.post(GENERATE_PATH, invoiceJson));
    }

    /** Get e-invoice by IRN. */
    public NicResult getByIrn(NicCredentials credentials, String irn) {
        return call(credentials, "getByIrn", NicTransport.Call.get(GET_BY_IRN_PATH + pathSegment(irn)));
    }

    /** Get IRN details by document; {@code docDateDdMmYyyy} as {@code dd/MM/yyyy}. */
    public NicResult getByDocument(NicCredentials credentials, String docType, String docNo, String docDateDdMmYyyy) {
        String query = "?doctype=" + queryValue(docType) + "&docnum=" + queryValue(docNo)
                + "&docdate=" + queryValue(docDateDdMmYyyy);
        return call(credentials, "getByDocument", NicTransport.Call.get(GET_BY_DOCUMENT_PATH + query));
    }

    /** Cancel IRN; {@code reasonCode} 1 duplicate, 2 data entry mistake, 3 order cancelled, 4 others. */
    public NicResult cancel(NicCredentials credentials, String irn, String reasonCode, String remarks) {
        ObjectNode body = NicJson.tree().createObjectNode()
                .put("Irn", irn)
                .put("CnlRsn", reasonCode)
                .put("CnlRem", remarks);
        return call(credentials, "cancel", NicTransport.Call.post(CANCEL_PATH, NicJson.write(body)));
    }

    /**
     * Generate an e-way bill for a registered IRN ({@code Irn}, {@code Distance}, transport fields). The answer's
     * {@code Data} holds {@code EwbNo}, {@code EwbDt}, {@code EwbValidTill} (null for a Part-A slip) and {@code Remarks}.
     */
    public NicResult generateEwayBill(NicCredentials credentials, String ewbByIrnJson) {
        return call(credentials, "generateEwayBill", NicTransport.Call.post(EWB_BY_IRN_PATH, ewbByIrnJson));
    }

    /** Get the e-way bill made for an IRN: {@code EwbNo}, {@code Status}, {@code GenGstin}, {@code EwbDt}, {@code EwbValidTill}. */
    public NicResult getEwayBillByIrn(NicCredentials credentials, String irn) {
        return call(credentials, "getEwayBillByIrn", NicTransport.Call.get(GET_EWB_BY_IRN_PATH + pathSegment(irn)));
    }

    /** Get GSTIN details from the IRP's master. */
    public NicResult gstinDetails(NicCredentials credentials, String gstin) {
        return call(credentials, "gstinDetails", NicTransport.Call.get(GSTIN_DETAILS_PATH + pathSegment(gstin)));
    }

    /** A fresh login that neither uses nor fills the session cache: for "test connection". */
    public AuthOutcome authenticate(NicCredentials credentials) {
        long started = System.nanoTime();
        SessionCache.LoginAttempt attempt = login.login(credentials, false);
        Duration latency = Duration.ofNanos(System.nanoTime() - started);
        if (attempt.session() != null) {
            return AuthOutcome.succeeded(latency, attempt.session().tokenExpiry());
        }
        NicResult failure = attempt.failure();
        if (failure instanceof NicResult.TransportFailure transportFailure) {
            return AuthOutcome.unreachable(latency, transportFailure);
        }
        if (failure instanceof NicResult.AuthFailed refused) {
            return AuthOutcome.refused(latency, NicResponses.first(refused.errors()));
        }
        if (failure instanceof NicResult.Rejected rejected) {
            return AuthOutcome.refused(latency, NicResponses.first(rejected.errors()));
        }
        return AuthOutcome.refused(latency, new NicError(null, failure.getClass().getSimpleName()));
    }

    /**
     * Drops the cached sessions of this scope's API user whatever their password, e.g. after the stored password
     * changed; other scopes keep theirs.
     */
    public void forgetSession(NicCredentials credentials) {
        sessions.forget(credentials);
    }

    // --- one authenticated call, with one re-login on a rejected token

    private NicResult call(NicCredentials credentials, String operation, NicTransport.Call call) {
        SessionCache.LoginAttempt attempt = sessions.current(credentials);
        if (attempt.session() == null) {
            return loginFailureForCall(attempt.failure());
        }
        NicResult result = send(credentials, attempt.session(), call);
        if (NicResponses.isTokenRejected(result)) {
            log.info("NIC {} for {}: token refused ({}), logging in again", operation, credentials.gstin(),
                    ((NicResult.Rejected) result).errors());
            attempt = sessions.renewAfterRejection(credentials, attempt.session());
            if (attempt.session() == null) {
                return loginFailureForCall(attempt.failure());
            }
            result = send(credentials, attempt.session(), call);
            if (NicResponses.isTokenRejected(result)) {
                result = new NicResult.AuthFailed(((NicResult.Rejected) result).errors());
            }
        }
        result = signatures.check(result);
        log.debug("NIC {} for {} -> {}", operation, credentials.gstin(), result.getClass().getSimpleName());
        return result;
    }

    private NicResult send(NicCredentials credentials, NicSession session, NicTransport.Call call) {
        NicTransport.Exchange answer = transport.send(credentials, session, call);
        return answer.failure() != null ? answer.failure() : NicResponses.interpret(answer.response(), session.sek());
    }

    /**
     * A login refused for a reason other than the credentials (e.g. 5002 application error) says nothing about
     * the request the caller wanted to make, so it must not look like a rejection of that request.
     */
    private static NicResult loginFailureForCall(NicResult loginFailure) {
        if (loginFailure instanceof NicResult.Rejected rejected) {
            return new NicResult.TransportFailure(NicResult.TransportFailure.Kind.PROTOCOL,
                    "login failed: " + rejected.errors());
        }
        return loginFailure;
    }

    private static String queryValue(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String pathSegment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
