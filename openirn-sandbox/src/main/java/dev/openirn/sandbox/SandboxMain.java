package dev.openirn.sandbox;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Standalone sandbox: {@code java -jar openirn-sandbox-<v>-standalone.jar [--port 9090] [--data-dir ./data/sandbox]
 * [--host 127.0.0.1]}. Runs its own embedded PostgreSQL whose data, like the keys, persists under the data dir.
 */
public final class SandboxMain {

    private SandboxMain() {
    }

    public static void main(String[] args) throws Exception {
        int port = 9090;
        Path dataDir = Path.of("data", "sandbox");
        String host = "127.0.0.1";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(value(args, ++i));
                case "--data-dir" -> dataDir = Path.of(value(args, ++i));
                case "--host" -> host = value(args, ++i);
                case "--help", "-h" -> {
                    System.out.println("Usage: java -jar openirn-sandbox-standalone.jar [--port 9090] [--data-dir ./data/sandbox] [--host 127.0.0.1]");
                    return;
                }
                default -> throw new IllegalArgumentException("Unknown option " + args[i] + " (try --help)");
            }
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
            sandbox = IrpSandbox.builder()
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
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            sandbox.close();
            try {
                postgres.close();
            } catch (IOException ignored) {
                // Shutting down; nothing left to tell.
            }
            stopped.countDown();
        }, "irp-sandbox-shutdown"));

        System.out.println("OpenIRN IRP sandbox (NIC e-invoice protocol) listening on " + sandbox.baseUrl());
        System.out.println("  client_id:        " + sandbox.clientId());
        System.out.println("  client_secret:    " + sandbox.clientSecret());
        System.out.println("  API user:         " + sandbox.defaultUserName() + " / " + sandbox.defaultPassword()
                + " (any well-formed GSTIN; POST /sandbox/users to add your own)");
        System.out.println("  encryption key:   " + keyDir.resolve(SandboxKeys.ENCRYPTION_PUBLIC).toAbsolutePath()
                + "  (GET " + sandbox.baseUrl() + "/sandbox/keys/encryption.pem)");
        System.out.println("  signing cert:     " + keyDir.resolve(SandboxKeys.SIGNING_CERT).toAbsolutePath()
                + "  (GET " + sandbox.baseUrl() + "/sandbox/keys/signing-cert.pem)");
        System.out.println("  data:             " + dataDir.toAbsolutePath());
        System.out.println("  admin (loopback): POST/DELETE /sandbox/faults, GET /sandbox/stats, POST /sandbox/users");
        stopped.await();
    }

    private static String value(String[] args, int index) {
        if (index >= args.length) {
            throw new IllegalArgumentException("Option " + args[index - 1] + " needs a value");
        }
        return args[index];
    }
}
