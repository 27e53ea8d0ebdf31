package dev.openirn.sandbox;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/** The sandbox's own tables (API users, sessions, registered e-invoices) in its own schema. */
final class SandboxStore {

    record Session(String authToken, String clientId, String userName, String gstin, byte[] sek,
                   Instant issuedAt, Instant expiresAt) {
    }

    record StoredInvoice(String irn, String sellerGstin, String financialYear, String docType, String docNoKey,
                         String docNo, LocalDate docDate, long ackNo, Instant ackAt, String status,
                         String signedInvoice, String signedQrCode, Instant cancelledAt) {
    }

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int PBKDF2_ROUNDS = 10_000;

    private final DataSource dataSource;
    private final String schema;
    private final SandboxJdbc jdbc;

    SandboxStore(DataSource dataSource, String schema) {
        if (!schema.matches("[a-z_][a-z0-9_]{0,62}")) {
            // The name is spliced into SQL, so only plain identifiers are allowed.
            throw new IllegalArgumentException("Schema name must be a lower-case SQL identifier: " + schema);
        }
        this.dataSource = dataSource;
        this.schema = schema;
        this.jdbc = new SandboxJdbc(dataSource, schema, "Sandbox store");
    }

    void migrate() {
        Flyway.configure()
                .dataSource(dataSource)
                .schemas(schema)
                .defaultSchema(schema)
                .createSchemas(true)
                .table("sandbox_schema_history")
                // A location of our own, so a host application's Flyway never runs these scripts.
                .locations("classpath:dev/openirn/sandbox/db/migration")
                .load()
                .migrate();
    }

    // --- API users -------------------------------------------------------------------------

    void saveUser(String gstin, String userName, String password, Instant now) {
        jdbc.update("insert into %s.api_user (gstin, user_name, password_hash, created_at) values (?, ?, ?, ?) "
                + "on conflict (gstin, user_name) do update set password_hash = excluded.password_hash",
                gstin, userName, hashPassword(password), Timestamp.from(now));
    }

    /** User name → password hash for the GSTIN; empty when nobody was registered for it. */
    Map<String, String> usersOf(String gstin) {
        Map<String, String> users = new LinkedHashMap<>();
        jdbc.query("select user_name, password_hash from %s.api_user where gstin = ?", rs -> {
            while (rs.next()) {
                users.put(rs.getString(1), rs.getString(2));
            }
            return null;
        }, gstin);
        return users;
    }

    static boolean passwordMatches(String password, String storedHash) {
        String[] parts = storedHash.split("\\$");
        byte[] salt = Base64.getDecoder().decode(parts[2]);
        byte[] expected = Base64.getDecoder().decode(parts[3]);
        return MessageDigest.isEqual(expected, pbkdf2(password, salt, Integer.parseInt(parts[1])));
    }

    private static String hashPassword(String password) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        return "pbkdf2$" + PBKDF2_ROUNDS + "$" + Base64.getEncoder().encodeToString(salt) + "$"
                + Base64.getEncoder().encodeToString(pbkdf2(password, salt, PBKDF2_ROUNDS));
    }

    private static byte[] pbkdf2(String password, byte[] salt, int rounds) {
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                    .generateSecret(new PBEKeySpec(password.toCharArray(), salt, rounds, 256)).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2 is required by every Java runtime", e);
        }
    }

    // --- sessions --------------------------------------------------------------------------

    Optional<Session> liveSession(String clientId, String userName, String gstin, Instant now) {
        return jdbc.query("select auth_token, client_id, user_name, gstin, sek, issued_at, expires_at from %s.auth_session "
                        + "where client_id = ? and user_name = ? and gstin = ? and expires_at > ? "
                        + "order by expires_at desc limit 1",
                SandboxStore::session, clientId, userName, gstin, Timestamp.from(now));
    }

    Optional<Session> session(String authToken) {
        return jdbc.query("select auth_token, client_id, user_name, gstin, sek, issued_at, expires_at from %s.auth_session "
                + "where auth_token = ?", SandboxStore::session, authToken);
    }

    void saveSession(Session session) {
        jdbc.update("insert into %s.auth_session (auth_token, client_id, user_name, gstin, sek, issued_at, expires_at) "
                        + "values (?, ?, ?, ?, ?, ?, ?)",
                session.authToken(), session.clientId(), session.userName(), session.gstin(), session.sek(),
                Timestamp.from(session.issuedAt()), Timestamp.from(session.expiresAt()));
    }

    /** Retires a token early (ForceRefreshAccessToken); later calls with it get 1005. */
    void expireSession(String authToken, Instant now) {
        jdbc.update("update %s.auth_session set expires_at = ? where auth_token = ?", Timestamp.from(now), authToken);
    }

    private static Optional<Session> session(ResultSet rs) throws SQLException {
        if (!rs.next()) {
            return Optional.empty();
        }
        return Optional.of(new Session(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getBytes(5), rs.getTimestamp(6).toInstant(), rs.getTimestamp(7).toInstant()));
    }

    // --- e-invoices ------------------------------------------------------------------------

    long nextAckSequence() {
        return jdbc.query("select nextval('%s.ack_number')", rs -> {
            rs.next();
            return rs.getLong(1);
        });
    }

    Optional<StoredInvoice> invoiceByIrn(String irn) {
        return jdbc.query(INVOICE_COLUMNS + " where irn = ?", SandboxStore::invoice, irn);
    }

    Optional<StoredInvoice> invoiceByDocument(String sellerGstin, String financialYear, String docType, String docNoKey) {
        return jdbc.query(INVOICE_COLUMNS + " where seller_gstin = ? and financial_year = ? and doc_type = ? and doc_no_key = ?",
                SandboxStore::invoice, sellerGstin, financialYear, docType, docNoKey);
    }

    /** False when the document is already registered: the unique constraint decides races. */
    boolean insertInvoice(StoredInvoice invoice) {
        return jdbc.update("insert into %s.einvoice (irn, seller_gstin, financial_year, doc_type, doc_no_key, doc_no, doc_date, "
                        + "ack_no, ack_at, status, signed_invoice, signed_qr_code) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                        + "on conflict do nothing",
                invoice.irn(), invoice.sellerGstin(), invoice.financialYear(), invoice.docType(), invoice.docNoKey(),
                invoice.docNo(), java.sql.Date.valueOf(invoice.docDate()), invoice.ackNo(), Timestamp.from(invoice.ackAt()),
                invoice.status(), invoice.signedInvoice(), invoice.signedQrCode()) == 1;
    }

    /** False when the IRN was no longer active (a concurrent cancel won). */
    boolean cancel(String irn, String reason, String remark, Instant at) {
        return jdbc.update("update %s.einvoice set status = 'CNL', cancel_reason = ?, cancel_remark = ?, cancelled_at = ? "
                + "where irn = ? and status = 'ACT'", reason, remark, Timestamp.from(at), irn) == 1;
    }

    private static final String INVOICE_COLUMNS = "select irn, seller_gstin, financial_year, doc_type, doc_no_key, doc_no, "
            + "doc_date, ack_no, ack_at, status, signed_invoice, signed_qr_code, cancelled_at from %s.einvoice";

    private static Optional<StoredInvoice> invoice(ResultSet rs) throws SQLException {
        if (!rs.next()) {
            return Optional.empty();
        }
        Timestamp cancelledAt = rs.getTimestamp(13);
        return Optional.of(new StoredInvoice(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getString(5), rs.getString(6), rs.getDate(7).toLocalDate(), rs.getLong(8),
                rs.getTimestamp(9).toInstant(), rs.getString(10), rs.getString(11), rs.getString(12),
                cancelledAt == null ? null : cancelledAt.toInstant()));
    }
}
