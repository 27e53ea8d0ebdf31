package dev.openirn.server.console;

import dev.openirn.server.support.Ids;
import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** The only SQL on console_user. Passwords are kept only as {@link PasswordEncoder} hashes. */
@Repository
public class ConsoleUsers {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String COLUMNS = """
            id, organization_id, email, password_hash, role, must_change_password, failed_sign_ins, locked_until""";

    private final JdbcClient jdbc;
    private final PasswordEncoder passwordEncoder;

    public ConsoleUsers(JdbcClient jdbc, PasswordEncoder passwordEncoder) {
        this.jdbc = jdbc;
        this.passwordEncoder = passwordEncoder;
    }

    /** A created user and the password to hand over: the one given, or a generated one (then shown only once). */
    public record Created(ConsoleUser user, String password, boolean generated) {
    }

    /**
     * Creates a user; without {@code password} one is generated and must be changed at the first sign-in.
     * Empty if the email is taken.
     */
    @Transactional
    public Optional<Created> create(String organizationId, String email, ConsoleRole role, String password) {
        boolean generated = password == null;
        String secret = generated ? generatePassword() : password;
        String id = Ids.withPrefix("usr");
        try {
            jdbc.sql("""
                    insert into console_user (id, organization_id, email, password_hash, role, must_change_password)
                    values (:id, :org, :email, :hash, :role, :mustChange)""")
                    .param("id", id).param("org", organizationId).param("email", normalise(email))
                    .param("hash", passwordEncoder.encode(secret)).param("role", role.wireName())
                    .param("mustChange", generated)
                    .update();
        } catch (DuplicateKeyException e) {
            return Optional.empty();
        }
        return find(email).map(user -> new Created(user, secret, generated));
    }

    public Optional<ConsoleUser> find(String email) {
        return jdbc.sql("select " + COLUMNS + " from console_user where lower(email) = :email")
                .param("email", normalise(email))
                .query(ConsoleUsers::row)
                .optional();
    }

    /**
     * Counts a wrong password; the {@code maxFailures}-th in a row locks the account until {@code now + lockout}
     * and starts the count again. Returns true if this failure locked it.
     */
    @Transactional
    public boolean signInFailed(String email, int maxFailures, Instant now, java.time.Duration lockout) {
        Integer failures = jdbc.sql("""
                update console_user set failed_sign_ins = failed_sign_ins + 1
                where lower(email) = :email returning failed_sign_ins""")
                .param("email", normalise(email)).query(Integer.class).optional().orElse(null);
        if (failures == null || failures < maxFailures) {
            return false;
        }
        jdbc.sql("update console_user set failed_sign_ins = 0, locked_until = :until where lower(email) = :email")
                .param("until", Timestamp.from(now.plus(lockout))).param("email", normalise(email))
                .update();
        return true;
    }

    public void signInSucceeded(String email) {
        jdbc.sql("update console_user set failed_sign_ins = 0, locked_until = null where lower(email) = :email")
                .param("email", normalise(email)).update();
    }

    /** True if {@code current} is the user's password; then the new one replaces it and no change is due any more. */
    @Transactional
    public boolean changePassword(String email, String current, String replacement) {
        Optional<ConsoleUser> user = find(email);
        if (user.isEmpty() || !passwordEncoder.matches(current, user.get().passwordHash())) {
            return false;
        }
        jdbc.sql("""
                update console_user set password_hash = :hash, must_change_password = false, password_changed_at = now()
                where id = :id""")
                .param("hash", passwordEncoder.encode(replacement)).param("id", user.get().id())
                .update();
        return true;
    }

    static String normalise(String email) {
        return email == null ? null : email.strip().toLowerCase(Locale.ROOT);
    }

    /** 18 random bytes, URL-safe: 24 characters, about 144 bits. */
    static String generatePassword() {
        byte[] bytes = new byte[18];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static ConsoleUser row(ResultSet rs, int n) throws SQLException {
        Timestamp locked = rs.getTimestamp("locked_until");
        return new ConsoleUser(rs.getString("id"), rs.getString("organization_id"), rs.getString("email"),
                rs.getString("password_hash"), ConsoleRole.fromWireName(rs.getString("role")).orElseThrow(),
                rs.getBoolean("must_change_password"), rs.getInt("failed_sign_ins"),
                locked == null ? null : locked.toInstant());
    }
}
