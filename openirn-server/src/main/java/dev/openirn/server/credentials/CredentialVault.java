package dev.openirn.server.credentials;

import dev.openirn.gst.Gstin;
import dev.openirn.server.auth.Caller;
import dev.openirn.server.irp.EwayBillPortal;
import dev.openirn.server.irp.Irp;
import dev.openirn.server.irp.IrpLogin;
import dev.openirn.server.irp.LoginCheck;
import dev.openirn.server.irp.StoredIrpCredentials;
import dev.openirn.server.secrets.EnvelopeEncryption;
import dev.openirn.server.support.Ids;
import dev.openirn.server.web.ApiException;
import dev.openirn.server.web.ErrorDetail;
import dev.openirn.server.web.RequestJson;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The IRP and EWB credentials vault: upsert, read, test, soft delete, and the
 * decrypted API user for the IRP port. Passwords exist in plain text only in memory, on their way in or
 * on their way to the IRP; they are never returned, logged or put in an exception message. Every write,
 * test and use leaves an audit row.
 */
@Service
public class CredentialVault implements StoredIrpCredentials {

    static final String VERIFIED_OK = "ok";
    static final String VERIFIED_INVALID = "invalid";
    static final String VERIFIED_UNREACHABLE = "unreachable";

    private static final Logger log = LoggerFactory.getLogger(CredentialVault.class);
    private static final Pattern TRANSIN = Pattern.compile("[0-9]{2}[A-Z0-9]{13}");

    private final GspCredentials credentials;
    private final EnvelopeEncryption encryption;
    private final Irp irp;
    private final EwayBillPortal ewayBills;
    private final TransactionTemplate transactions;
    private final Clock clock;

    CredentialVault(GspCredentials credentials, EnvelopeEncryption encryption, Irp irp, EwayBillPortal ewayBills,
            TransactionTemplate transactions, Clock clock) {
        this.credentials = credentials;
        this.encryption = encryption;
        this.irp = irp;
        this.ewayBills = ewayBills;
        this.transactions = transactions;
        this.clock = clock;
    }

    public record Upserted(boolean created, StoredCredential credential) {
    }

    public Upserted upsert(Caller caller, Portal portal, CredentialRequest request) {
        String gstin = request.gstinFor(portal);
        List<ErrorDetail> problems = new ArrayList<>();
        checkGstin(portal, gstin, problems);
        checkText("userName", request.userName(), 100, false, problems);
        checkText("password", request.password(), 200, false, problems);
        checkText("notes", request.notes(), 500, true, problems);
        failIfAny(problems);
        String env = caller.environment().wireName();
        Upserted result = transactions.execute(status -> {
            credentials.lock(caller.organizationId(), env, portal, gstin);
            Instant now = clock.instant();
            Optional<StoredCredential> existing = credentials.findCurrent(caller.organizationId(), env, portal, gstin);
            if (existing.isEmpty()) {
                List<ErrorDetail> missing = new ArrayList<>();
                if (request.userName() == null) {
                    missing.add(ErrorDetail.of("userName", "required", "userName is required when creating a credential."));
                }
                if (request.password() == null) {
                    missing.add(ErrorDetail.of("password", "required", "password is required when creating a credential."));
                }
                failIfAny(missing);
                String id = Ids.withPrefix(portal.idPrefix());
                credentials.insert(id, caller.organizationId(), env, portal, gstin, request.userName().strip(),
                        encryption.seal(id, request.password()), request.notes(), now);
                audit(caller, id, portal, gstin, "created", null, null, now);
                return new Upserted(true, credentials.findById(id).orElseThrow());
            }
            StoredCredential current = existing.get();
            String userName = request.userName() != null ? request.userName().strip() : current.userName();
            String notes = request.notes() != null ? request.notes() : current.notes();
            EnvelopeEncryption.Sealed password = request.password() == null ? null
                    : encryption.seal(current.id(), request.password());
            credentials.update(current.id(), userName, password, notes, now);
            audit(caller, current.id(), portal, gstin, password != null ? "password_rotated" : "updated", null,
                    userName.equals(current.userName()) ? null : "userName changed", now);
            if (portal == Portal.IRN && (password != null || !userName.equals(current.userName()))) {
                irp.forgetSession(caller.organizationId(), caller.environment().wireName(), gstin, current.userName());
            } else if (portal == Portal.EWB && (password != null || !userName.equals(current.userName()))) {
                ewayBills.forgetSession(caller.organizationId(), caller.environment().wireName(), gstin, current.userName());
            }
            return new Upserted(false, credentials.findById(current.id()).orElseThrow());
        });
        log.info("{} {} credential {} for GSTIN {} ({} {})", result.created() ? "Stored" : "Updated", portal.wireName(),
                result.credential().id(), gstin, caller.organizationId(), env);
        return result;
    }

    /** The tenant's current (not deleted) credentials of both portals, for the console's list. */
    public List<StoredCredential> list(Caller caller) {
        return credentials.listCurrent(caller.organizationId(), caller.environment().wireName());
    }

    StoredCredential get(Caller caller, Portal portal, String gstin) {
        return credentials.findCurrent(caller.organizationId(), caller.environment().wireName(), portal, normalise(gstin))
                .orElseThrow(() -> notFound(portal, gstin));
    }

    public StoredCredential delete(Caller caller, Portal portal, String pathGstin) {
        String gstin = normalise(pathGstin);
        String env = caller.environment().wireName();
        StoredCredential deleted = transactions.execute(status -> {
            credentials.lock(caller.organizationId(), env, portal, gstin);
            StoredCredential current = credentials.findCurrent(caller.organizationId(), env, portal, gstin)
                    .orElseThrow(() -> notFound(portal, gstin));
            Instant now = clock.instant();
            credentials.tombstone(current.id(), now);
            audit(caller, current.id(), portal, gstin, "deleted", null, null, now);
            if (portal == Portal.IRN) {
                irp.forgetSession(caller.organizationId(), caller.environment().wireName(), gstin, current.userName());
            } else {
                ewayBills.forgetSession(caller.organizationId(), caller.environment().wireName(), gstin, current.userName());
            }
            return credentials.findById(current.id()).orElseThrow();
        });
        log.info("Deleted {} credential {} for GSTIN {} ({} {})", portal.wireName(), deleted.id(), gstin,
                caller.organizationId(), env);
        return deleted;
    }

    /**
     * Logs in to the IRP with the given values without saving them. An omitted user name or password is
     * taken from the stored credential; a test of exactly the stored values also records its verification.
     */
    public TestConnectionResult testConnection(Caller caller, Portal portal, CredentialRequest request) {
        String gstin = request.gstinFor(portal);
        List<ErrorDetail> problems = new ArrayList<>();
        checkGstin(portal, gstin, problems);
        checkText("userName", request.userName(), 100, false, problems);
        checkText("password", request.password(), 200, false, problems);
        failIfAny(problems);
        String env = caller.environment().wireName();
        if (portal == Portal.EWB && !ewayBills.connected(env)) {
            throw new ApiException(HttpStatus.NOT_IMPLEMENTED, "ewaybill.portal_unavailable",
                    "This gateway's " + env + " environment is not connected to an e-way bill portal, so an EWB "
                            + "credential cannot be tested.");
        }
        Optional<StoredCredential> stored = credentials.findCurrent(caller.organizationId(), env, portal, gstin);
        String userName = request.userName() != null ? request.userName().strip()
                : stored.map(StoredCredential::userName).orElse(null);
        String storedPassword = null;
        if (stored.isPresent() && stored.get().hasPassword()) {
            storedPassword = credentials.sealedPassword(stored.get().id())
                    .map(sealed -> encryption.open(stored.get().id(), sealed)).orElse(null);
        }
        String password = request.password() != null ? request.password() : storedPassword;
        if (userName == null || password == null) {
            List<ErrorDetail> missing = new ArrayList<>();
            if (userName == null) {
                missing.add(ErrorDetail.of("userName", "required", "userName is required: no credential is stored for this GSTIN."));
            }
            if (password == null) {
                missing.add(ErrorDetail.of("password", "required", "password is required: no credential is stored for this GSTIN."));
            }
            failIfAny(missing);
        }
        boolean testsStored = stored.isPresent() && userName.equals(stored.get().userName()) && password.equals(storedPassword);
        LoginCheck outcome = portal == Portal.EWB ? ewayBills.checkLogin(env, new IrpLogin(gstin, userName, password))
                : irp.checkLogin(env, new IrpLogin(gstin, userName, password));
        String status = outcome.ok() ? VERIFIED_OK : outcome.unreachable() ? VERIFIED_UNREACHABLE : VERIFIED_INVALID;
        Instant now = clock.instant();
        transactions.executeWithoutResult(tx -> {
            if (testsStored) {
                credentials.verified(stored.get().id(), status, now);
            }
            audit(caller, stored.map(StoredCredential::id).orElse(null), portal, gstin, "tested", status,
                    (testsStored ? "stored credential" : "values given in the request")
                            + (outcome.errorCode() == null ? "" : (portal == Portal.EWB ? "; EWB code " : "; IRP code ")
                            + outcome.errorCode()), now);
        });
        log.info("Connection test for GSTIN {} ({} {}): {}", gstin, caller.organizationId(), env, status);
        return new TestConnectionResult(outcome.ok(), outcome.latency().toMillis(), outcome.errorCode(),
                outcome.errorMessage(), !outcome.unreachable());
    }

    // --- the IRP port

    @Override
    public Optional<IrpLogin> use(String organizationId, String environment, String sellerGstin) {
        return use(organizationId, environment, Portal.IRN, sellerGstin);
    }

    @Override
    public Optional<IrpLogin> useEwb(String organizationId, String environment, String gstin) {
        return use(organizationId, environment, Portal.EWB, gstin);
    }

    private Optional<IrpLogin> use(String organizationId, String environment, Portal portal, String sellerGstin) {
        Optional<StoredCredential> stored = credentials.findCurrent(organizationId, environment, portal, sellerGstin)
                .filter(StoredCredential::hasPassword);
        if (stored.isEmpty()) {
            return Optional.empty();
        }
        StoredCredential credential = stored.get();
        String password = credentials.sealedPassword(credential.id())
                .map(sealed -> encryption.open(credential.id(), sealed))
                .orElse(null);
        if (password == null) {
            return Optional.empty(); // deleted between the two reads
        }
        Instant now = clock.instant();
        transactions.executeWithoutResult(tx -> {
            credentials.used(credential.id(), now);
            credentials.audit(credential.id(), organizationId, environment, portal, sellerGstin, "used", null, null,
                    MDC.get("requestId"), null, now);
        });
        return Optional.of(new IrpLogin(sellerGstin, credential.userName(), password));
    }

    @Override
    public Optional<IrpLogin> useAny(String organizationId, String environment) {
        return credentials.mostUsableGstin(organizationId, environment, Portal.IRN)
                .flatMap(gstin -> use(organizationId, environment, gstin));
    }

    @Override
    public void refused(String organizationId, String environment, IrpLogin refused, String code, String message) {
        credentials.findCurrent(organizationId, environment, Portal.IRN, refused.gstin())
                .filter(stored -> stored.userName().equals(refused.userName()))
                .ifPresent(stored -> transactions.executeWithoutResult(tx -> {
                    Instant now = clock.instant();
                    credentials.verified(stored.id(), VERIFIED_INVALID, now);
                    credentials.audit(stored.id(), organizationId, environment, Portal.IRN, refused.gstin(), "refused",
                            VERIFIED_INVALID, null, MDC.get("requestId"), "IRP code " + code, now);
                    log.warn("The IRP refused stored credential {} for GSTIN {} ({} {}): {}", stored.id(), refused.gstin(),
                            organizationId, environment, code);
                }));
    }

    // --- helpers

    private void audit(Caller caller, String credentialId, Portal portal, String gstin, String action, String outcome,
            String detail, Instant now) {
        credentials.audit(credentialId, caller.organizationId(), caller.environment().wireName(), portal, gstin, action,
                outcome, caller.clientId(), MDC.get("requestId"), detail, now);
    }

    private static void checkGstin(Portal portal, String gstin, List<ErrorDetail> problems) {
        String field = portal.gstinField();
        if (gstin == null || gstin.isEmpty()) {
            problems.add(ErrorDetail.of(field, "required", field + " is required."));
        } else if (!Gstin.hasValidFormat(gstin) && !(portal == Portal.EWB && TRANSIN.matcher(gstin).matches())) {
            problems.add(ErrorDetail.of(field, "gstin_invalid", field + " must be a 15-character GSTIN"
                    + (portal == Portal.EWB ? " or TRANSIN." : ".")));
        }
    }

    /** Never echoes the value: it may be a password. */
    private static void checkText(String field, String value, int maxLength, boolean blankAllowed, List<ErrorDetail> problems) {
        if (value == null) {
            return;
        }
        if (!blankAllowed && value.isBlank()) {
            problems.add(ErrorDetail.of(field, "blank", field + " must not be blank."));
        } else if (value.length() > maxLength) {
            problems.add(ErrorDetail.of(field, "too_long", field + " must be at most " + maxLength + " characters."));
        } else if (field.equals("notes") ? RequestJson.controlCharacter(value) >= 0
                : value.chars().anyMatch(c -> (c < 0x20 && c != '\t') || c == 0x7f)) {
            // Notes may span lines; nothing stored may hold NUL, which PostgreSQL text cannot.
            problems.add(ErrorDetail.of(field, "invalid_characters", field + " must not contain control characters."));
        }
    }

    private static void failIfAny(List<ErrorDetail> problems) {
        if (!problems.isEmpty()) {
            throw ApiException.validation("The credential request is invalid.", problems);
        }
    }

    private static String normalise(String gstin) {
        return gstin == null ? "" : gstin.strip().toUpperCase(java.util.Locale.ROOT);
    }

    private static ApiException notFound(Portal portal, String gstin) {
        return ApiException.notFound(portal.name() + " credential for GSTIN " + gstin);
    }
}
