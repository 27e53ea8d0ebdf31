package dev.openirn.server.irp;

import dev.openirn.nic.AuthOutcome;
import dev.openirn.nic.NicClientConfig;
import dev.openirn.nic.NicCredentials;
import dev.openirn.nic.ewaybill.EwbClient;
import dev.openirn.nic.ewaybill.EwbClientConfig;
import dev.openirn.nic.ewaybill.EwbDates;
import dev.openirn.nic.ewaybill.EwbOutcome;
import dev.openirn.sandbox.RunningIrpSandbox;
import dev.openirn.server.OpenIrnProperties;
import java.net.URI;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The gateway's port to NIC's e-way bill system. Test clients, and every client in {@code sandbox} mode, use the
 * e-way bill system of the bundled sandbox; live clients in {@code nic} mode use the one configured under
 * {@code openirn.ewb.*}, and without it are not connected ({@link #connected} is false). Sessions are scoped per
 * tenant and environment, as the IRP's are.
 */
@Component
public class EwayBillPortal {

    private final EwbClient test;
    private final EwbClient live;

    public EwayBillPortal(ObjectProvider<RunningIrpSandbox> sandbox, OpenIrnProperties properties, Clock clock,
            @Value("${openirn.ewb.base-url:}") String liveBaseUrl,
            @Value("${openirn.ewb.client-id:}") String liveClientId,
            @Value("${openirn.ewb.client-secret:}") String liveClientSecret,
            @Value("${openirn.ewb.encryption-public-key-pem:}") String liveEncryptionKeyPem) {
        RunningIrpSandbox running = sandbox.getIfAvailable();
        EwbClient sandboxClient = running == null ? null : new EwbClient(EwbClientConfig.of(URI.create(running.ewbBaseUrl()),
                running.clientId(), running.clientSecret(), running.ewbEncryptionPublicKey())
                .withRequestTimeout(properties.irp().requestTimeout()), clock);
        EwbClient nicClient = null;
        if (!liveBaseUrl.isBlank()) {
            if (liveClientId.isBlank() || liveClientSecret.isBlank() || liveEncryptionKeyPem.isBlank()) {
                throw new IllegalStateException("openirn.ewb.base-url needs openirn.ewb.client-id, client-secret "
                        + "and encryption-public-key-pem");
            }
            nicClient = new EwbClient(EwbClientConfig.of(URI.create(liveBaseUrl), liveClientId, liveClientSecret,
                    NicClientConfig.parsePublicKey(liveEncryptionKeyPem))
                    .withRequestTimeout(properties.irp().requestTimeout()), clock);
        }
        boolean nicMode = "nic".equals(properties.irp().mode());
        // As for the IRP: in nic mode test clients stay on the bundled sandbox, so test data never reaches NIC.
        this.test = sandboxClient != null || !nicMode ? sandboxClient : nicClient;
        this.live = nicMode ? nicClient : sandboxClient;
    }

    /** Whether this environment's clients reach an e-way bill system at all. */
    public boolean connected(String environment) {
        return client(environment) != null;
    }

    /** A fresh login with {@code login}, whatever session is cached ("test connection"). */
    public LoginCheck checkLogin(String environment, IrpLogin login) {
        EwbClient client = client(environment);
        if (client == null) {
            throw new IllegalStateException("No e-way bill system for the " + environment + " environment");
        }
        AuthOutcome outcome = client.authenticate(new NicCredentials(login.sessionScope(), login.gstin(), login.userName(),
                login.password()));
        return new LoginCheck(outcome.ok(), outcome.latency(), outcome.errorCode(), outcome.errorMessage(),
                outcome.transportFailure() != null);
    }

    /** Drops a tenant's cached e-way bill sessions of an API user, e.g. after the stored password changed. */
    public void forgetSession(String organizationId, String environment, String gstin, String userName) {
        EwbClient client = client(environment);
        if (client != null) {
            client.forgetSession(new NicCredentials(Irp.sessionScope(organizationId, environment), gstin, userName, ""));
        }
    }

    private EwbClient client(String environment) {
        return "live".equals(environment) ? live : test;
    }

    private EwbClient required(String environment) {
        EwbClient client = client(environment);
        if (client == null) {
            throw new IrpUnavailableException("No e-way bill system is configured for the " + environment + " environment.");
        }
        return client;
    }

    /** GENEWAYBILL with NIC's Part-A (and optional Part-B) JSON. */
    public EwbAnswer generate(String environment, IrpLogin login, String ewayBillJson) {
        return translate(required(environment).generate(nic(login), ewayBillJson), generated -> EwbAnswer.ok(
                generated.ewayBillNo(), EwbDates.parse(generated.ewayBillDate()), generated.validUntil(),
                generated.alertDistance(), "ACT", null, EwbDates.parse(generated.ewayBillDate())));
    }

    /** The generator's active bill for a document: how an unanswered generate is resolved. REFUSED when there is none. */
    public EwbAnswer findByDocument(String environment, IrpLogin login, String documentType, String documentNumber) {
        return translate(required(environment).getByDocument(nic(login), documentType, documentNumber), match -> EwbAnswer.ok(
                match.ewayBillNo(), EwbDates.parse(match.ewayBillDate()), EwbDates.parse(match.validUpto()), null, "ACT",
                null, null));
    }

    /** GetEwayBill: the bill as the system holds it now (status, validity). */
    public EwbAnswer read(String environment, IrpLogin login, long ewbNumber) {
        return translate(required(environment).getEwayBill(nic(login), ewbNumber), bill -> EwbAnswer.ok(bill.ewbNo(),
                EwbDates.parse(bill.ewayBillDate()), EwbDates.parse(bill.validUpto()), bill.actualDist(), bill.status(),
                bill.rejectStatus(), null));
    }

    /** VEHEWB with NIC's Part-B JSON. */
    public EwbAnswer updateVehicle(String environment, IrpLogin login, long ewbNumber, String partBJson) {
        return translate(required(environment).updateVehicle(nic(login), partBJson), updated -> EwbAnswer.ok(ewbNumber,
                null, updated.validUntil(), null, "ACT", null, EwbDates.parse(updated.vehUpdDate())));
    }

    public EwbAnswer updateTransporter(String environment, IrpLogin login, long ewbNumber, String transporterId) {
        return translate(required(environment).updateTransporter(nic(login), ewbNumber, transporterId), updated ->
                EwbAnswer.ok(ewbNumber, null, null, null, "ACT", null, EwbDates.parse(updated.transUpdateDate())));
    }

    /** EXTENDVALIDITY with NIC's JSON. */
    public EwbAnswer extendValidity(String environment, IrpLogin login, long ewbNumber, String extensionJson) {
        return translate(required(environment).extendValidity(nic(login), extensionJson), extended -> EwbAnswer.ok(
                ewbNumber, null, extended.validUntil(), null, "ACT", null, EwbDates.parse(extended.updatedDate())));
    }

    public EwbAnswer cancel(String environment, IrpLogin login, long ewbNumber, int reasonCode, String remark) {
        return translate(required(environment).cancel(nic(login), ewbNumber, reasonCode, remark), cancelled ->
                EwbAnswer.ok(ewbNumber, null, null, null, "CNL", null, EwbDates.parse(cancelled.cancelDate())));
    }

    public EwbAnswer reject(String environment, IrpLogin login, long ewbNumber) {
        return translate(required(environment).reject(nic(login), ewbNumber), rejected -> EwbAnswer.ok(ewbNumber, null,
                null, null, "ACT", "Y", EwbDates.parse(rejected.ewbRejectedDate())));
    }

    private static NicCredentials nic(IrpLogin login) {
        return new NicCredentials(login.sessionScope(), login.gstin(), login.userName(), login.password());
    }

    private static <T> EwbAnswer translate(EwbOutcome<T> outcome, java.util.function.Function<T, EwbAnswer> ok) {
        if (outcome instanceof EwbOutcome.Ok<T> success) {
            return ok.apply(success.value());
        }
        if (outcome instanceof EwbOutcome.Refused<T> refused) {
            return EwbAnswer.failed(EwbAnswer.Kind.REFUSED, errors(refused.errors()), refused.info());
        }
        if (outcome instanceof EwbOutcome.AuthFailed<T> auth) {
            return EwbAnswer.failed(EwbAnswer.Kind.AUTH_FAILED, errors(auth.errors()), null);
        }
        if (outcome instanceof EwbOutcome.Unavailable<T> unavailable) {
            return EwbAnswer.failed(EwbAnswer.Kind.UNAVAILABLE, java.util.List.of(), unavailable.reason());
        }
        return EwbAnswer.failed(EwbAnswer.Kind.UNKNOWN, java.util.List.of(), ((EwbOutcome.Unknown<T>) outcome).reason());
    }

    static java.util.List<EwbAnswer.Error> errors(java.util.List<dev.openirn.nic.NicError> errors) {
        return errors.stream().map(error -> new EwbAnswer.Error(error.code(), error.message())).toList();
    }
}
