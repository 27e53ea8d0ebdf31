package dev.openirn.sandbox;

import com.sun.net.httpserver.HttpServer;
import dev.openirn.gst.Gstin;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
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
    private final FaultInjector faults = new FaultInjector();
    private final HttpServer server;
    private final ExecutorService executor;
    private final IrpHttpHandler handler;

    private RunningIrpSandbox(IrpSandbox config) throws IOException {
        this.config = config;
        this.store = new SandboxStore(config.dataSource, config.schema);
        store.migrate();
        this.keys = SandboxKeys.loadOrCreate(config.keyDirectory);
        this.auth = new SandboxAuth(config, store, keys);
        this.taxpayers = new SandboxTaxpayers(config.rules);
        this.registrations = new SandboxRegistrations(config, auth, store, keys,
                InvoiceRulesFactory.create(config.clock, config.rules, taxpayers, config.hsnMaster));
        this.cancellations = new SandboxCancellations(config, auth, store);
        this.handler = new IrpHttpHandler(auth, registrations, cancellations, new SandboxReads(config, auth, store, taxpayers),
                this, faults, keys, taxpayers);
        AtomicInteger threads = new AtomicInteger();
        // Unbounded on purpose: latency and timeout faults park threads while others keep answering.
        this.executor = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "irp-sandbox-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.server = HttpServer.create(new InetSocketAddress(config.bindAddress, config.port), 64);
        server.createContext("/", handler);
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

    /** Arms a fault, replacing any armed one. */
    public void injectFault(Fault fault) {
        faults.arm(fault);
    }

    public void clearFaults() {
        faults.clear();
    }

    public SandboxStats stats() {
        return new SandboxStats(registrations.registrations.get(), registrations.generateCalls.get(),
                registrations.duplicates.get(), cancellations.cancellations.get(), auth.authCalls.get());
    }

    /** Stops answering; connections held by a fault are dropped. The caller's DataSource stays open. */
    @Override
    public void close() {
        handler.releaseHeldConnections();
        server.stop(0);
        executor.shutdownNow();
    }
}
