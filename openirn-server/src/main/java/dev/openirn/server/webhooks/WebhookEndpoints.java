package dev.openirn.server.webhooks;

import dev.openirn.server.secrets.EnvelopeEncryption;
import dev.openirn.server.support.Ids;
import java.security.SecureRandom;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * The SQL of webhook endpoints. Signing secrets are generated here, stored only sealed under the
 * master key, and returned in clear once: when created and when rotated.
 */
@Repository
class WebhookEndpoints {

    static final String COLUMNS = """
            id, organization_id, environment, url, description, event_types, enabled, disabled_reason, disabled_at,
            consecutive_failures, previous_secret_expires_at, created_at, updated_at\s""";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcClient jdbc;
    private final EnvelopeEncryption encryption;

    WebhookEndpoints(JdbcClient jdbc, EnvelopeEncryption encryption) {
        this.jdbc = jdbc;
        this.encryption = encryption;
    }

    /** An endpoint with the secret that signs its deliveries, shown to the caller this once. */
    record WithSecret(WebhookEndpoint endpoint, String signingSecret) {
    }

    /** Changes to an endpoint; a null field stays as it is. */
    record Changes(String url, String description, List<String> eventTypes, Boolean enabled) {
    }

    static String newSecret() {
        byte[] random = new byte[32];
        RANDOM.nextBytes(random);
        return "whsec_" + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    @Transactional
    WithSecret create(String organizationId, String environment, String url, String description, List<String> eventTypes,
            boolean enabled, Instant now) {
        String id = Ids.withPrefix("whk");
        String secret = newSecret();
        EnvelopeEncryption.Sealed sealed = encryption.seal(id, secret);
        jdbc.sql("""
                insert into webhook_endpoint (id, organization_id, environment, url, description, event_types, enabled,
                    secret_ciphertext, secret_data_key, secret_master_key_id, created_at, updated_at)
                values (:id, :org, :env, :url, :description, :types, :enabled, :ciphertext, :dataKey, :masterKeyId,
                    :now, :now)""")
                .param("id", id).param("org", organizationId).param("env", environment).param("url", url)
                .param("description", description).param("types", eventTypes.toArray(String[]::new))
                .param("enabled", enabled).param("ciphertext", sealed.ciphertext()).param("dataKey", sealed.wrappedDataKey())
                .param("masterKeyId", sealed.masterKeyId()).param("now", Timestamp.from(now))
                .update();
        return new WithSecret(get(id).orElseThrow(), secret);
    }

    Optional<WebhookEndpoint> find(String organizationId, String environment, String id) {
        return jdbc.sql("select " + COLUMNS + " from webhook_endpoint where id = :id and organization_id = :org and environment = :env")
                .param("id", id).param("org", organizationId).param("env", environment)
                .query(WebhookEndpoints::map).optional();
    }

    Optional<WebhookEndpoint> get(String id) {
        return jdbc.sql("select " + COLUMNS + " from webhook_endpoint where id = :id").param("id", id)
                .query(WebhookEndpoints::map).optional();
    }

    /** Newest first; {@code startingAfter} is the last id of the previous page. */
    List<WebhookEndpoint> list(String organizationId, String environment, String startingAfter, int limit) {
        return jdbc.sql("select " + COLUMNS + """
                 from webhook_endpoint where organization_id = :org and environment = :env
                   and (cast(:after as text) is null or id < :after)
                 order by id desc limit :limit""")
                .param("org", organizationId).param("env", environment).param("after", startingAfter)
                .param("limit", limit)
                .query(WebhookEndpoints::map).list();
    }

    /** Applies the changes; enabling an endpoint also clears why it was disabled and its failure count. */
    @Transactional
    Optional<WebhookEndpoint> update(String organizationId, String environment, String id, Changes changes, Instant now) {
        int updated = jdbc.sql("""
                update webhook_endpoint set url = coalesce(:url, url),
                    description = coalesce(:description, description),
                    event_types = coalesce(:types, event_types),
                    enabled = coalesce(:enabled, enabled),
                    disabled_reason = case when cast(:enabled as boolean) is true then null else disabled_reason end,
                    disabled_at = case when cast(:enabled as boolean) is true then null else disabled_at end,
                    consecutive_failures = case when cast(:enabled as boolean) is true then 0 else consecutive_failures end,
                    updated_at = :now
                where id = :id and organization_id = :org and environment = :env""")
                .param("url", changes.url()).param("description", changes.description())
                .param("types", changes.eventTypes() == null ? null : changes.eventTypes().toArray(String[]::new))
                .param("enabled", changes.enabled())
                .param("now", Timestamp.from(now)).param("id", id).param("org", organizationId).param("env", environment)
                .update();
        return updated == 1 ? get(id) : Optional.empty();
    }

    @Transactional
    boolean delete(String organizationId, String environment, String id) {
        return jdbc.sql("delete from webhook_endpoint where id = :id and organization_id = :org and environment = :env")
                .param("id", id).param("org", organizationId).param("env", environment)
                .update() == 1;
    }

    /**
     * A new signing secret; the current one becomes the previous one and keeps signing until
     * {@code previousExpiresAt}, so receivers can switch without losing an event.
     */
    @Transactional
    Optional<WithSecret> rotate(String organizationId, String environment, String id, Instant previousExpiresAt,
            Instant now) {
        String secret = newSecret();
        EnvelopeEncryption.Sealed sealed = encryption.seal(id, secret);
        int updated = jdbc.sql("""
                update webhook_endpoint set
                    previous_secret_ciphertext = secret_ciphertext, previous_secret_data_key = secret_data_key,
                    previous_secret_master_key_id = secret_master_key_id, previous_secret_expires_at = :expires,
                    secret_ciphertext = :ciphertext, secret_data_key = :dataKey, secret_master_key_id = :masterKeyId,
                    updated_at = :now
                where id = :id and organization_id = :org and environment = :env""")
                .param("expires", Timestamp.from(previousExpiresAt)).param("ciphertext", sealed.ciphertext())
                .param("dataKey", sealed.wrappedDataKey()).param("masterKeyId", sealed.masterKeyId())
                .param("now", Timestamp.from(now)).param("id", id).param("org", organizationId).param("env", environment)
                .update();
        return updated == 1 ? Optional.of(new WithSecret(get(id).orElseThrow(), secret)) : Optional.empty();
    }

    /** The secrets that sign a delivery sent at {@code now}: the current one, and the previous one while it overlaps. */
    List<String> signingSecrets(String id, Instant now) {
        record Blobs(EnvelopeEncryption.Sealed current, EnvelopeEncryption.Sealed previous, Instant previousExpiresAt) {
        }
        Blobs blobs = jdbc.sql("""
                select secret_ciphertext, secret_data_key, secret_master_key_id, previous_secret_ciphertext,
                    previous_secret_data_key, previous_secret_master_key_id, previous_secret_expires_at
                from webhook_endpoint where id = :id""")
                .param("id", id)
                .query((rs, n) -> new Blobs(
                        new EnvelopeEncryption.Sealed(rs.getBytes(1), rs.getBytes(2), rs.getString(3)),
                        rs.getBytes(4) == null ? null : new EnvelopeEncryption.Sealed(rs.getBytes(4), rs.getBytes(5), rs.getString(6)),
                        rs.getTimestamp(7) == null ? null : rs.getTimestamp(7).toInstant()))
                .single();
        List<String> secrets = new ArrayList<>(2);
        secrets.add(encryption.open(id, blobs.current()));
        if (blobs.previous() != null && blobs.previousExpiresAt() != null && now.isBefore(blobs.previousExpiresAt())) {
            secrets.add(encryption.open(id, blobs.previous()));
        }
        return secrets;
    }

    static WebhookEndpoint map(ResultSet rs, int row) throws SQLException {
        Array types = rs.getArray("event_types");
        return new WebhookEndpoint(rs.getString("id"), rs.getString("organization_id"), rs.getString("environment"),
                rs.getString("url"), rs.getString("description"), List.of((String[]) types.getArray()),
                rs.getBoolean("enabled"), rs.getString("disabled_reason"), instant(rs, "disabled_at"),
                rs.getInt("consecutive_failures"), instant(rs, "previous_secret_expires_at"), instant(rs, "created_at"),
                instant(rs, "updated_at"));
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }
}
