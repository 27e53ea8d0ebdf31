package dev.openirn.sandbox;

import dev.openirn.gst.master.HsnMaster;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Standalone sandbox: {@code java -jar openirn-sandbox-<v>-standalone.jar [--port 9090] [--data-dir ./data/sandbox]
 * [--host 127.0.0.1]
 * [--rules nic|lenient] [--hsn-file master.csv] [--irps 2]}. Every option takes its value as the next argument or after {@code =}. Runs its own
 * embedded PostgreSQL whose data, like the keys, persists under the data dir.
 */
@Command(name = "openirn-sandbox", mixinStandardHelpOptions = true, version = "OpenIRN IRP sandbox",
        description = "Runs the OpenIRN IRP sandbox (NIC e-invoice protocol) with its own embedded PostgreSQL.")
public final class SandboxMain implements Callable<Integer> {

    @Option(names = "--port", defaultValue = "9090", description = "HTTP port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--data-dir", defaultValue = "data/sandbox",
            description = "Directory for the sandbox's PostgreSQL data and keys (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--rules", defaultValue = "lenient", converter = RulesConverter.class,
            description = "nic: answer as NIC's IRP does (taxpayer master, tax heads, date floor); lenient: report those"
                    + " rules as InfoDtls warnings and treat unknown GSTINs as active (default: ${DEFAULT-VALUE}).")
    SandboxRules rules;

    @Option(names = "--irps", defaultValue = "1",
            description = "How many IRPs to act as, sharing one registry: sandbox-1 at /irp/sandbox-1 (and at the root), "
                    + "sandbox-2 at /irp/sandbox-2, … (default: ${DEFAULT-VALUE}).")
    int irps;

    @Option(names = "--hsn-file", description = "A newer HSN/SAC master CSV (code,kind,description) instead of the bundled one.")
    Path hsnFile;

    static final class RulesConverter implements CommandLine.ITypeConverter<SandboxRules> {
        @Override
        public SandboxRules convert(String value) {
            try {
                return SandboxRules.fromName(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final CountDownLatch stop;

    private SandboxMain(CountDownLatch stop) {
        this.stop = stop;
    }

    public static void main(String[] args) {
        int code = run(new CountDownLatch(1), new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
        System.exit(code);
    }

    /**
     * Parses {@code args}, then runs the sandbox until {@code stop} is counted down (the JVM's
     * shutdown, from {@link #main}). Returns the exit code: 0, or 2 for bad usage.
     */
    static int run(CountDownLatch stop, PrintWriter out, PrintWriter err, String... args) {
        CommandLine line = new CommandLine(new SandboxMain(stop));
        line.setOut(out);
        line.setErr(err);
        int code = line.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    @Override
    public Integer call() throws Exception {
        if (irps < 1 || irps > 9) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--irps must be within 1..9, not " + irps);
        }
        Path postgresDir = dataDir.resolve("postgres");
        Path keyDir = dataDir.resolve("keys");
        Files.createDirectories(postgresDir);
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setDataDirectory(postgresDir)
                .setCleanDataDirectory(false)
                .start();
        RunningIrpSandbox sandbox;
        try {
            IrpSandbox.Builder builder = IrpSandbox.builder();
            if (hsnFile != null) {
                builder.hsnMaster(HsnMaster.fromFile(hsnFile));
            }
            sandbox = builder
                    .rules(rules)
                    .irps(irps)
                    .port(port)
                    .bindAddress(host)
                    .dataSource(postgres.getPostgresDatabase())
                    .keyDirectory(keyDir)
                    .start();
        } catch (RuntimeException e) {
            postgres.close();
            throw e;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Thread shutdown = new Thread(() -> {
            stop.countDown();
            try {
                stopped.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "irp-sandbox-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdown);

        PrintWriter out = spec.commandLine().getOut();
        out.println("OpenIRN IRP sandbox (NIC e-invoice protocol) listening on " + sandbox.baseUrl());
        if (irps > 1) {
            for (String irp : sandbox.irpNames()) {
                out.println("  IRP " + irp + ":     " + sandbox.irpBaseUrl(irp)
                        + "  (faults: POST /sandbox/faults {\"mode\": …, \"irp\": \"" + irp + "\"})");
            }
        }
        out.println("  client_id:        " + sandbox.clientId());
        out.println("  client_secret:    " + sandbox.clientSecret());
        out.println("  API user:         " + sandbox.defaultUserName() + " / " + sandbox.defaultPassword()
                + " (any well-formed GSTIN; POST /sandbox/users to add your own)");
        out.println("  encryption key:   " + keyDir.resolve(SandboxKeys.ENCRYPTION_PUBLIC).toAbsolutePath()
                + "  (GET " + sandbox.baseUrl() + "/sandbox/keys/encryption.pem)");
        out.println("  signing cert:     " + keyDir.resolve(SandboxKeys.SIGNING_CERT).toAbsolutePath()
                + "  (GET " + sandbox.baseUrl() + "/sandbox/keys/signing-cert.pem)");
        out.println("  e-way bill API:   " + sandbox.ewbBaseUrl() + "  (same client id/secret and API users; its own key: GET "
                + sandbox.baseUrl() + "/sandbox/keys/ewb-encryption.pem)");
        out.println("  rules:            " + rules.name().toLowerCase(java.util.Locale.ROOT)
                + (rules == SandboxRules.NIC ? " (GSTINs must be in the taxpayer master: POST /sandbox/taxpayers)" : ""));
        out.println("  data:             " + dataDir.toAbsolutePath());
        out.println("  admin (loopback): POST/DELETE /sandbox/faults, GET /sandbox/stats, POST /sandbox/users, GET/POST /sandbox/clock,"
                + " POST /sandbox/taxpayers, GET /sandbox/taxpayers/{gstin}");
        out.flush();
        try {
            stop.await();
        } finally {
            sandbox.close();
            try {
                postgres.close();
            } catch (IOException ignored) {
                // Shutting down; nothing left to tell.
            }
            stopped.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(shutdown);
            } catch (IllegalStateException alreadyShuttingDown) {
                // The hook is running: it waits for this cleanup, which is done.
            }
        }
        return 0;
    }
}
