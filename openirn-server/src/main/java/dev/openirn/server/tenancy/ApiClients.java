package dev.openirn.server.tenancy;

import dev.openirn.server.support.Ids;
import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** Organizations and their API clients: the only SQL on those tables. */
@Repository
public class ApiClients {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

    private final JdbcClient jdbc;
    private final PasswordEncoder passwordEncoder;

    public ApiClients(JdbcClient jdbc, PasswordEncoder passwordEncoder) {
        this.jdbc = jdbc;
        this.passwordEncoder = passwordEncoder;
    }

    public Optional<ApiClient> find(String clientId) {
        return jdbc.sql("""
                select client_id, organization_id, environment, secret_hash, profile, status,
                       rate_limit_api, rate_limit_credentials, rate_limit_token, token_generation
                from api_client where client_id = :clientId""")
                .param("clientId", clientId)
                .query((rs, n) -> new ApiClient(rs.getString("client_id"), rs.getString("organization_id"),
                        ApiEnvironment.fromWireName(rs.getString("environment")), rs.getString("secret_hash"),
                        rs.getString("profile"), "active".equals(rs.getString("status")),
                        integer(rs, "rate_limit_api"), integer(rs, "rate_limit_credentials"),
                        integer(rs, "rate_limit_token"), rs.getLong("token_generation")))
                .optional();
    }

    public long count() {
        return jdbc.sql("select count(*) from api_client").query(Long.class).single();
    }

    /** The organization's id, creating the organization if it does not exist yet. */
    @Transactional
    public String ensureOrganization(String name) {
        jdbc.sql("insert into organization (id, name) values (:id, :name) on conflict (name) do nothing")
                .param("id", Ids.withPrefix("org"))
                .param("name", name)
                .update();
        return jdbc.sql("select id from organization where name = :name").param("name", name).query(String.class).single();
    }

    public Optional<String> organizationIdByName(String name) {
        return jdbc.sql("select id from organization where name = :name").param("name", name).query(String.class).optional();
    }

    /** The id of the organization with this name or, failing that, this id. */
    public Optional<String> organizationIdByNameOrId(String nameOrId) {
        return organizationIdByName(nameOrId).or(() -> jdbc.sql("select id from organization where id = :id")
                .param("id", nameOrId).query(String.class).optional());
    }

    /** Creates a client; a null id or secret is generated. The returned secret is never stored in plain text. */
    @Transactional
    public IssuedClient create(String organizationId, ApiEnvironment environment, String profile, String clientId,
            String clientSecret) {
        return create(organizationId, environment, profile, clientId, clientSecret, null, RateLimitOverrides.DEFAULTS);
    }

    /** Creates a client with a label and its own rate limits; a null id or secret is generated. */
    @Transactional
    public IssuedClient create(String organizationId, ApiEnvironment environment, String profile, String clientId,
            String clientSecret, String label, RateLimitOverrides limits) {
        String id = clientId != null ? clientId : environment.clientIdPrefix() + randomId(20);
        if (ApiEnvironment.ofClientId(id) != environment) {
            throw new IllegalArgumentException("Client id " + id + " does not start with " + environment.clientIdPrefix());
        }
        String secret = clientSecret != null ? clientSecret : newSecret();
        String effectiveProfile = profile != null ? profile.toLowerCase(Locale.ROOT) : environment.defaultProfile();
        if (!effectiveProfile.equals("strict") && !effectiveProfile.equals("lenient")) {
            throw new IllegalArgumentException("Profile must be strict or lenient, not " + profile);
        }
        jdbc.sql("""
                insert into api_client (client_id, organization_id, environment, secret_hash, profile, label,
                                        rate_limit_api, rate_limit_credentials, rate_limit_token)
                values (:clientId, :organizationId, :environment, :secretHash, :profile, :label,
                        :rateLimitApi, :rateLimitCredentials, :rateLimitToken)""")
                .param("clientId", id)
                .param("organizationId", organizationId)
                .param("environment", environment.wireName())
                .param("secretHash", passwordEncoder.encode(secret))
                .param("profile", effectiveProfile)
                .param("label", label)
                .param("rateLimitApi", limits.api())
                .param("rateLimitCredentials", limits.credentials())
                .param("rateLimitToken", limits.token())
                .update();
        return new IssuedClient(id, secret, organizationId, environment, effectiveProfile);
    }

    /**
     * A new secret for an existing client; the old one and every token issued so far stop working at once. Empty
     * if no such client.
     */
    @Transactional
    public Optional<IssuedClient> rotateSecret(String clientId) {
        Optional<ApiClient> client = find(clientId);
        if (client.isEmpty()) {
            return Optional.empty();
        }
        String secret = newSecret();
        jdbc.sql("""
                update api_client set secret_hash = :secretHash, secret_rotated_at = now(),
                                      token_generation = token_generation + 1
                where client_id = :clientId""")
                .param("secretHash", passwordEncoder.encode(secret))
                .param("clientId", clientId)
                .update();
        ApiClient c = client.get();
        return Optional.of(new IssuedClient(c.clientId(), secret, c.organizationId(), c.environment(), c.profile()));
    }

    /** Disables a client: no new tokens, and its unexpired tokens are refused too. False if no such client. */
    @Transactional
    public boolean disable(String clientId) {
        return jdbc.sql("""
                update api_client set status = 'disabled', disabled_at = coalesce(disabled_at, now()),
                                      token_generation = token_generation + 1
                where client_id = :clientId""")
                .param("clientId", clientId)
                .update() == 1;
    }

    /** Changes a client's rate limits; a null in {@code limits} resets that one to the default. */
    @Transactional
    public boolean setRateLimits(String clientId, RateLimitOverrides limits) {
        return jdbc.sql("""
                update api_client set rate_limit_api = :api, rate_limit_credentials = :credentials,
                                      rate_limit_token = :token
                where client_id = :clientId""")
                .param("api", limits.api())
                .param("credentials", limits.credentials())
                .param("token", limits.token())
                .param("clientId", clientId)
                .update() == 1;
    }

    /** Every client, optionally of one organization (by name), oldest first. */
    public List<ClientSummary> summaries(String organizationName) {
        return jdbc.sql("""
                select c.client_id, c.organization_id, o.name, c.environment, c.profile, c.status, c.label,
                       c.rate_limit_api, c.rate_limit_credentials, c.rate_limit_token, c.created_at, c.secret_rotated_at
                from api_client c join organization o on o.id = c.organization_id
                where cast(:organization as text) is null or o.name = :organization
                order by c.created_at, c.client_id""")
                .param("organization", organizationName)
                .query((rs, n) -> new ClientSummary(rs.getString("client_id"), rs.getString("organization_id"),
                        rs.getString("name"), rs.getString("environment"), rs.getString("profile"),
                        rs.getString("status"), rs.getString("label"), integer(rs, "rate_limit_api"),
                        integer(rs, "rate_limit_credentials"), integer(rs, "rate_limit_token"),
                        instant(rs.getTimestamp("created_at")), instant(rs.getTimestamp("secret_rotated_at"))))
                .list();
    }

    /** Creates an organization; false if the name is taken. */
    @Transactional
    public Optional<String> createOrganization(String name) {
        String id = Ids.withPrefix("org");
        int inserted = jdbc.sql("insert into organization (id, name) values (:id, :name) on conflict (name) do nothing")
                .param("id", id)
                .param("name", name)
                .update();
        return inserted == 1 ? Optional.of(id) : Optional.empty();
    }

    private static Integer integer(ResultSet rs, String column) throws SQLException {
        int value = rs.getInt(column);
        return rs.wasNull() ? null : value;
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    /** Serialises first-start bootstrap across nodes that start together on one database. */
    public void lockBootstrap() {
        jdbc.sql("select pg_advisory_xact_lock(4242001)").query().singleRow();
    }

    public List<ApiClient> listAll() {
        return jdbc.sql("select client_id from api_client order by created_at").query(String.class).list().stream()
                .map(this::find).flatMap(Optional::stream).toList();
    }

    static String randomId(int length) {
        StringBuilder id = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            id.append(ID_ALPHABET.charAt(RANDOM.nextInt(ID_ALPHABET.length())));
        }
        return id.toString();
    }

    static String newSecret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
