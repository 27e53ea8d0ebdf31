package dev.openirn.server.irp;

import dev.openirn.nic.NicCredentials;
import dev.openirn.nic.NicSession;
import dev.openirn.nic.SharedSessions;
import dev.openirn.server.secrets.EnvelopeEncryption;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * IRP sessions in PostgreSQL, shared by every node: one row per API user and IRP, the token and
 * session key sealed under the master key. A login runs under a transaction-scoped advisory lock on
 * the row's key, so one node logs in while the others wait and then take its session.
 */
@Component
class IrpSessions implements SharedSessions {

    private static final Logger log = LoggerFactory.getLogger(IrpSessions.class);
    private static final String PASSWORD_TAG = "irp-session-password";

    private final JdbcClient jdbc;
    private final EnvelopeEncryption encryption;
    private final TransactionTemplate transactions;
    private final Clock clock;

    IrpSessions(JdbcClient jdbc, EnvelopeEncryption encryption, TransactionTemplate transactions, Clock clock) {
        this.jdbc = jdbc;
        this.encryption = encryption;
        // A login is never part of a caller's transaction: its lock is released as soon as it is stored.
        this.transactions = new TransactionTemplate(transactions.getTransactionManager());
        this.transactions.setPropagationBehavior(TransactionTemplate.PROPAGATION_REQUIRES_NEW);
        this.clock = clock;
    }

    private record Row(String passwordTag, byte[] sealed, byte[] wrappedKey, String masterKeyId, Instant tokenExpiry,
            Instant refreshAt) {
    }

    @Override
    public NicSession find(String irp, NicCredentials credentials) {
        Optional<Row> row = jdbc.sql("""
                        select password_tag, sealed_session, wrapped_key, master_key_id, token_expiry, refresh_at
                        from irp_session where irp = :irp and session_scope = :scope and gstin = :gstin and user_name = :user""")
                .param("irp", irp).param("scope", credentials.sessionScope()).param("gstin", credentials.gstin())
                .param("user", credentials.userName())
                .query((rs, n) -> new Row(rs.getString("password_tag"), rs.getBytes("sealed_session"),
                        rs.getBytes("wrapped_key"), rs.getString("master_key_id"),
                        rs.getTimestamp("token_expiry").toInstant(), rs.getTimestamp("refresh_at").toInstant()))
                .optional();
        if (row.isEmpty() || !row.get().passwordTag().equals(passwordTag(credentials))
                || !row.get().masterKeyId().equals(encryption.masterKeyId())) {
            return null;
        }
        String opened = encryption.open(aad(irp, credentials),
                new EnvelopeEncryption.Sealed(row.get().sealed(), row.get().wrappedKey(), row.get().masterKeyId()));
        int split = opened.indexOf(' ');
        return new NicSession(opened.substring(split + 1), Base64.getDecoder().decode(opened.substring(0, split)),
                row.get().tokenExpiry(), row.get().refreshAt());
    }

    @Override
    public <T> T exclusively(String irp, NicCredentials credentials, Supplier<T> work) {
        return transactions.execute(status -> {
            jdbc.sql("select pg_advisory_xact_lock(hashtext(:key))").param("key", "irp-session " + aad(irp, credentials))
                    .query().singleRow();
            return work.get();
        });
    }

    @Override
    public void save(String irp, NicCredentials credentials, NicSession session) {
        // "sek token": the session key is base64, so the first space ends it.
        EnvelopeEncryption.Sealed sealed = encryption.seal(aad(irp, credentials),
                Base64.getEncoder().encodeToString(session.sek()) + " " + session.authToken());
        jdbc.sql("""
                        insert into irp_session (irp, session_scope, gstin, user_name, password_tag, sealed_session,
                            wrapped_key, master_key_id, token_expiry, refresh_at, logged_in_at)
                        values (:irp, :scope, :gstin, :user, :tag, :sealed, :wrapped, :masterKeyId, :expiry, :refreshAt, :now)
                        on conflict (irp, session_scope, gstin, user_name) do update set
                            password_tag = excluded.password_tag, sealed_session = excluded.sealed_session,
                            wrapped_key = excluded.wrapped_key, master_key_id = excluded.master_key_id,
                            token_expiry = excluded.token_expiry, refresh_at = excluded.refresh_at,
                            logged_in_at = excluded.logged_in_at""")
                .param("irp", irp).param("scope", credentials.sessionScope()).param("gstin", credentials.gstin())
                .param("user", credentials.userName()).param("tag", passwordTag(credentials))
                .param("sealed", sealed.ciphertext()).param("wrapped", sealed.wrappedDataKey())
                .param("masterKeyId", sealed.masterKeyId())
                .param("expiry", Timestamp.from(session.tokenExpiry())).param("refreshAt", Timestamp.from(session.refreshAt()))
                .param("now", Timestamp.from(clock.instant()))
                .update();
        log.debug("Stored the IRP session of {} at {}", credentials.userName(), irp);
    }

    @Override
    public void delete(String irp, NicCredentials credentials) {
        jdbc.sql("delete from irp_session where irp = :irp and session_scope = :scope and gstin = :gstin and user_name = :user")
                .param("irp", irp).param("scope", credentials.sessionScope()).param("gstin", credentials.gstin())
                .param("user", credentials.userName())
                .update();
    }

    /** What a sealed session is bound to: it cannot be moved to another row. */
    private static String aad(String irp, NicCredentials credentials) {
        return irp + "|" + credentials.sessionScope() + "|" + credentials.gstin() + "|" + credentials.userName();
    }

    private String passwordTag(NicCredentials credentials) {
        return encryption.tag(PASSWORD_TAG, aad("", credentials) + "|" + credentials.password());
    }
}
