package dev.openirn.server.credentials;

import dev.openirn.server.secrets.EnvelopeEncryption;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The only SQL on gsp_credential and its audit table. Every query is scoped by organization and environment. */
@Repository
class GspCredentials {

    private static final String COLUMNS = """
            id, organization_id, environment, portal, gstin, user_name, password_ciphertext is not null as has_password,
            notes, last_verified_at, last_verified_status, last_used_at, added_at, updated_at, deleted_at""";

    private final JdbcClient jdbc;

    GspCredentials(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Serialises writers of one (tenant, environment, portal, GSTIN) for the rest of the transaction. */
    void lock(String organizationId, String environment, Portal portal, String gstin) {
        jdbc.sql("select pg_advisory_xact_lock(hashtext(:key))")
                .param("key", "gsp_credential/" + organizationId + "/" + environment + "/" + portal.wireName() + "/" + gstin)
                .query().singleRow();
    }

    Optional<StoredCredential> findCurrent(String organizationId, String environment, Portal portal, String gstin) {
        return jdbc.sql("select " + COLUMNS + """
                 from gsp_credential
                where organization_id = :org and environment = :env and portal = :portal and gstin = :gstin
                  and deleted_at is null""")
                .param("org", organizationId).param("env", environment).param("portal", portal.wireName())
                .param("gstin", gstin)
                .query(GspCredentials::row)
                .optional();
    }

    List<StoredCredential> listCurrent(String organizationId, String environment) {
        return jdbc.sql("select " + COLUMNS + """
                 from gsp_credential
                where organization_id = :org and environment = :env and deleted_at is null
                order by portal, gstin""")
                .param("org", organizationId).param("env", environment)
                .query(GspCredentials::row)
                .list();
    }

    /** The GSTIN of a current credential with a password, preferring one the IRP has not refused, then the latest used. */
    Optional<String> mostUsableGstin(String organizationId, String environment, Portal portal) {
        return jdbc.sql("""
                select gstin from gsp_credential
                 where organization_id = :org and environment = :env and portal = :portal
                   and deleted_at is null and password_ciphertext is not null
                 order by coalesce(last_verified_status, '') = :invalid, last_used_at desc nulls last, gstin
                 limit 1""")
                .param("org", organizationId).param("env", environment).param("portal", portal.wireName())
                .param("invalid", CredentialVault.VERIFIED_INVALID)
                .query(String.class)
                .optional();
    }

    Optional<StoredCredential> findById(String id) {
        return jdbc.sql("select " + COLUMNS + " from gsp_credential where id = :id").param("id", id)
                .query(GspCredentials::row).optional();
    }

    Optional<EnvelopeEncryption.Sealed> sealedPassword(String id) {
        return jdbc.sql("""
                select password_ciphertext, wrapped_data_key, master_key_id from gsp_credential
                where id = :id and password_ciphertext is not null""")
                .param("id", id)
                .query((rs, n) -> new EnvelopeEncryption.Sealed(rs.getBytes(1), rs.getBytes(2), rs.getString(3)))
                .optional();
    }

    void insert(String id, String organizationId, String environment, Portal portal, String gstin, String userName,
            EnvelopeEncryption.Sealed password, String notes, Instant now) {
        jdbc.sql("""
                insert into gsp_credential (id, organization_id, environment, portal, gstin, user_name,
                    password_ciphertext, wrapped_data_key, master_key_id, notes, added_at, updated_at, password_changed_at)
                values (:id, :org, :env, :portal, :gstin, :userName, :ciphertext, :wrapped, :masterKeyId, :notes,
                        :now, :now, :now)""")
                .param("id", id).param("org", organizationId).param("env", environment)
                .param("portal", portal.wireName()).param("gstin", gstin).param("userName", userName)
                .param("ciphertext", password.ciphertext()).param("wrapped", password.wrappedDataKey())
                .param("masterKeyId", password.masterKeyId()).param("notes", notes)
                .param("now", Timestamp.from(now))
                .update();
    }

    /** Changes user name and notes, and the password when {@code password} is not null (which resets verification). */
    void update(String id, String userName, EnvelopeEncryption.Sealed password, String notes, Instant now) {
        if (password == null) {
            jdbc.sql("update gsp_credential set user_name = :userName, notes = :notes, updated_at = :now where id = :id")
                    .param("id", id).param("userName", userName).param("notes", notes).param("now", Timestamp.from(now))
                    .update();
            return;
        }
        jdbc.sql("""
                update gsp_credential
                   set user_name = :userName, notes = :notes, updated_at = :now, password_changed_at = :now,
                       password_ciphertext = :ciphertext, wrapped_data_key = :wrapped, master_key_id = :masterKeyId,
                       last_verified_at = null, last_verified_status = null
                 where id = :id""")
                .param("id", id).param("userName", userName).param("notes", notes).param("now", Timestamp.from(now))
                .param("ciphertext", password.ciphertext()).param("wrapped", password.wrappedDataKey())
                .param("masterKeyId", password.masterKeyId())
                .update();
    }

    /** Soft delete: the encrypted password and its data key are destroyed, the row stays as a tombstone. */
    void tombstone(String id, Instant now) {
        jdbc.sql("""
                update gsp_credential
                   set password_ciphertext = null, wrapped_data_key = null, deleted_at = :now, updated_at = :now
                 where id = :id""")
                .param("id", id).param("now", Timestamp.from(now))
                .update();
    }

    void verified(String id, String status, Instant now) {
        jdbc.sql("update gsp_credential set last_verified_at = :now, last_verified_status = :status where id = :id")
                .param("id", id).param("status", status).param("now", Timestamp.from(now))
                .update();
    }

    void used(String id, Instant now) {
        jdbc.sql("update gsp_credential set last_used_at = :now where id = :id")
                .param("id", id).param("now", Timestamp.from(now))
                .update();
    }

    /** One audit line. {@code detail} must never carry a password. */
    void audit(String credentialId, String organizationId, String environment, Portal portal, String gstin,
            String action, String outcome, String clientId, String requestId, String detail, Instant now) {
        jdbc.sql("""
                insert into gsp_credential_audit (credential_id, organization_id, environment, portal, gstin, action,
                    outcome, client_id, request_id, detail, at)
                values (:credentialId, :org, :env, :portal, :gstin, :action, :outcome, :clientId, :requestId, :detail, :at)""")
                .param("credentialId", credentialId).param("org", organizationId).param("env", environment)
                .param("portal", portal.wireName()).param("gstin", gstin).param("action", action)
                .param("outcome", outcome).param("clientId", clientId).param("requestId", requestId)
                .param("detail", detail).param("at", Timestamp.from(now))
                .update();
    }

    private static StoredCredential row(ResultSet rs, int n) throws SQLException {
        return new StoredCredential(rs.getString("id"), rs.getString("organization_id"), rs.getString("environment"),
                Portal.fromPath(rs.getString("portal")), rs.getString("gstin"), rs.getString("user_name"),
                rs.getBoolean("has_password"), rs.getString("notes"), instant(rs, "last_verified_at"),
                rs.getString("last_verified_status"), instant(rs, "last_used_at"), instant(rs, "added_at"),
                instant(rs, "updated_at"), instant(rs, "deleted_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp timestamp = rs.getTimestamp(column);
        return timestamp == null ? null : timestamp.toInstant();
    }
}
