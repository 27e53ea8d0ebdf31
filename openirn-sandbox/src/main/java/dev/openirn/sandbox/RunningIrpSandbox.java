package dev.openirn.sandbox;

import com.sun.net.httpserver.HttpServer;
import dev.openirn.gst.Gstin;
import dev.openirn.sandbox.ewaybill.EwbHttpHandler;
import dev.openirn.sandbox.ewaybill.EwbSystem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/** A started sandbox: where it listens, what clients need to talk to it, and its admin controls. */
public final class RunningIrpSandbox implements AutoCloseable {

    private final IrpSandbox config;
    private final SandboxStore store;
    private final SandboxKeys keys;
    private final SandboxAuth auth;
    private final SandboxRegistrations registrations;
    private final SandboxCancellations cancellations;
    private final SandboxTaxpayers taxpayers;
    /** Each IRP's faults and counters by name, in order; the first also answers on the root path. */
    private final java.util.Map<String, FaultInjector> faults = new java.util.LinkedHashMap<>();
    private final java.util.Map<String, IrpCounters> counters = new java.util.LinkedHashMap<>();
    private final HttpServer server;
    private final ExecutorService executor;
    private final IrpHttpHandler handler;
    private final KeyPair ewbKeys;
    private final EwbSystem ewaybills;
    private final EwbHttpHandler ewbHandler;
    private final SandboxEwayBills irpEwayBills;

    private RunningIrpSandbox(IrpSandbox config) throws IOException {
        this.config = config;
        for (int irp = 1; irp <= config.irps; irp++) {
            faults.put("sandbox-" + irp, new FaultInjector());
            counters.put("sandbox-" + irp, new IrpCounters());
        }
        this.store = new SandboxStore(config.dataSource, config.schema);
        store.migrate();
        this.keys = SandboxKeys.loadOrCreate(config.keyDirectory);
        this.auth = new SandboxAuth(config, store, keys);
        this.ewbKeys = SandboxKeys.loadOrCreateEwbKeys(config.keyDirectory);
        // The EWB system's own login shares the sandbox's API users with the IRP.
        this.ewaybills = new EwbSystem(new EwbSystem.Settings(config.dataSource, config.schema, config.clock,
                config.clientId, config.clientSecret, ewbKeys,
                (gstin, userName, password) -> auth.checkUser(gstin, userName, password).isEmpty(), config.ewbTokenTtl));
        this.ewbHandler = new EwbHttpHandler(ewaybills, faultsOf(irpNames().get(0))::strike);
        this.irpEwayBills = new SandboxEwayBills(auth, store, ewaybills);
        this.taxpayers = new SandboxTaxpayers(config.rules);
        this.registrations = new SandboxRegistrations(config, auth, store, keys,
                InvoiceRulesFactory.create(config.clock, config.rules, taxpayers, config.hsnMaster), irpEwayBills);
        this.cancellations = new SandboxCancellations(config, auth, store, ewaybills::hasActiveForIrn);
        this.handler = new IrpHttpHandler(auth, registrations, cancellations, new SandboxReads(config, auth, store, taxpayers),
                this, keys, taxpayers);
        AtomicInteger threads = new AtomicInteger();
        // Unbounded on purpose: latency and timeout faults park threads while others keep answering.
        this.executor = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "irp-sandbox-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.server = HttpServer.create(new InetSocketAddress(config.bindAddress, config.port), 64);
        server.createContext("/", handler);
        server.createContext("/ewaybillapi", ewbHandler);
        server.createContext("/v1.03", ewbHandler);
        server.setExecutor(executor);
        server.start();
    }

    static RunningIrpSandbox start(IrpSandbox config) {
        try {
            return new RunningIrpSandbox(config);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the IRP sandbox on port " + config.port, e);
        }
    }

    /** Which of NIC's rules this sandbox enforces. */
    public SandboxRules rules() {
        return config.rules;
    }

    /** e.g. {@code http://127.0.0.1:9090}; NIC paths go right after it. */
    public String baseUrl() {
        return "http://" + config.bindAddress + ":" + port();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The IRPs this sandbox acts as, in order: {@code sandbox-1}, {@code sandbox-2}, … */
    public List<String> irpNames() {
        return List.copyOf(faults.keySet());
    }

    /**
     * e.g. {@code http://127.0.0.1:9090/irp/sandbox-2}: where NIC paths of that IRP go. The first IRP
     * also answers at {@link #baseUrl()}, so a single-IRP sandbox needs no path.
     */
    public String irpBaseUrl(String irp) {
        faultsOf(irp);
        return baseUrl() + "/irp/" + irp;
    }

    /** The named IRP's faults; an unknown name is bad input. */
    FaultInjector faultsOf(String irp) {
        FaultInjector injector = faults.get(irp);
        if (injector == null) {
            throw new IllegalArgumentException("No IRP named " + irp + " in this sandbox; it has " + faults.keySet());
        }
        return injector;
    }

    IrpCounters countersOf(String irp) {
        faultsOf(irp);
        return counters.get(irp);
    }

    /** The key clients encrypt their login with (NIC's "public key"). */
    public PublicKey encryptionPublicKey() {
        return keys.encryptionPublicKey();
    }

    public String encryptionPublicKeyPem() {
        return keys.encryptionPublicKeyPem();
    }

    /** The certificate that verifies SignedInvoice and SignedQRCode. */
    public X509Certificate signingCertificate() {
        return keys.signingCertificate();
    }

    public String signingCertificatePem() {
        return keys.signingCertificatePem();
    }

    public String clientId() {
        return config.clientId;
    }

    public String clientSecret() {
        return config.clientSecret;
    }

    public String defaultUserName() {
        return config.defaultUserName;
    }

    public String defaultPassword() {
        return config.defaultPassword;
    }

    /** The e-way bill system's login key (its own, not the IRP's). */
    public PublicKey ewbEncryptionPublicKey() {
        return ewbKeys.getPublic();
    }

    public String ewbEncryptionPublicKeyPem() {
        return SandboxKeys.pem("PUBLIC KEY", ewbKeys.getPublic().getEncoded());
    }

    /** e.g. {@code http://127.0.0.1:9090/ewaybillapi/v1.03}: the e-way bill system's API root. */
    public String ewbBaseUrl() {
        return baseUrl() + "/ewaybillapi/v1.03";
    }

    /** The sandbox's time, which tests may move. */
    public Instant now() {
        return config.clock.instant();
    }

    /** Moves the sandbox's clock forward by {@code by} (windows, validity and tokens follow); returns the new now. */
    public Instant advanceClock(Duration by) {
        return config.clock.advance(by);
    }

    /** How far tests have moved the sandbox's clock. */
    public Duration clockOffset() {
        return config.clock.offset();
    }

    /** Marks an e-way bill verified by an officer, after which it cannot be cancelled; false if there is none. */
    public boolean markEwayBillVerified(long ewbNo) {
        return ewaybills.markVerified(ewbNo);
    }

    EwbSystem ewaybills() {
        return ewaybills;
    }

    SandboxEwayBills irpEwayBills() {
        return irpEwayBills;
    }

    /** Registers (or re-passwords) an API user; from then on only registered users log in for that GSTIN. */
    public void registerUser(String gstin, String userName, String password) {
        if (!Gstin.hasValidFormat(gstin)) {
            throw new IllegalArgumentException("gstin is not a well-formed GSTIN: " + gstin);
        }
        if (userName == null || userName.isBlank() || password == null || password.isEmpty()) {
            throw new IllegalArgumentException("userName and password are required");
        }
        store.saveUser(gstin, userName, password, config.clock.instant());
    }

    /** Arms a fault on every IRP, replacing any armed ones. */
    public void injectFault(Fault fault) {
        faults.values().forEach(injector -> injector.arm(fault));
    }

    /** Arms a fault on one IRP only (by name), replacing the ones armed there. */
    public void injectFault(String irp, Fault fault) {
        faultsOf(irp).arm(fault);
    }

    /**
     * Arms several faults at once, replacing any armed ones. Counted and unlimited faults are tried
     * first in the given order; probabilistic ones split one draw per call, so their probabilities
     * must add up to at most 1.
     */
    public void injectFaults(List<Fault> armed) {
        faults.values().forEach(injector -> injector.arm(armed));
    }

    /** As {@link #injectFaults(List)}, on one IRP only. */
    public void injectFaults(String irp, List<Fault> armed) {
        faultsOf(irp).arm(armed);
    }

    public void clearFaults() {
        faults.values().forEach(FaultInjector::clear);
    }

    public void clearFaults(String irp) {
        faultsOf(irp).clear();
    }

    public SandboxStats stats() {
        return new SandboxStats(registrations.registrations.get(), registrations.generateCalls.get(),
                registrations.duplicates.get(), cancellations.cancellations.get(), auth.authCalls.get(),
                ewaybills.authCalls(), ewaybills.apiCalls(), ewaybills.generatedCount(), ewaybills.cancellationCount(),
                perIrpStats());
    }

    private java.util.Map<String, SandboxStats.IrpStats> perIrpStats() {
        java.util.Map<String, SandboxStats.IrpStats> perIrp = new java.util.LinkedHashMap<>();
        counters.forEach((name, count) -> perIrp.put(name, count.snapshot()));
        return perIrp;
    }

    /** Stops answering; connections held by a fault are dropped. The caller's DataSource stays open. */
    @Override
    public void close() {
        handler.releaseHeldConnections();
        ewbHandler.releaseHeldConnections();
        server.stop(0);
        executor.shutdownNow();
    }
}
