package dev.openirn.server.tenancy;

import dev.openirn.server.support.Ids;
import java.security.SecureRandom;
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
                select client_id, organization_id, environment, secret_hash, profile, status
                from api_client where client_id = :clientId""")
                .param("clientId", clientId)
                .query((rs, n) -> new ApiClient(rs.getString("client_id"), rs.getString("organization_id"),
                        ApiEnvironment.fromWireName(rs.getString("environment")), rs.getString("secret_hash"),
                        rs.getString("profile"), "active".equals(rs.getString("status"))))
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

    /** Creates a client; a null id or secret is generated. The returned secret is never stored in plain text. */
    @Transactional
    public IssuedClient create(String organizationId, ApiEnvironment environment, String profile, String clientId,
            String clientSecret) {
        String id = clientId != null ? clientId : environment.clientIdPrefix() + randomId(20);
        if (ApiEnvironment.ofClientId(id) != environment) {
            throw new IllegalArgumentException("Client id " + id + " does not start with " + environment.clientIdPrefix());
        }
        String secret = clientSecret != null ? clientSecret : newSecret();
        String effectiveProfile = profile != null ? profile.toLowerCase(Locale.ROOT) : environment.defaultProfile();
        jdbc.sql("""
                insert into api_client (client_id, organization_id, environment, secret_hash, profile)
                values (:clientId, :organizationId, :environment, :secretHash, :profile)""")
                .param("clientId", id)
                .param("organizationId", organizationId)
                .param("environment", environment.wireName())
                .param("secretHash", passwordEncoder.encode(secret))
                .param("profile", effectiveProfile)
                .update();
        return new IssuedClient(id, secret, organizationId, environment, effectiveProfile);
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
