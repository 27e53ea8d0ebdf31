package dev.openirn.server.console;

import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Every console action leaves a row here (who, which tenant, what, on what, how it ended), as the API's writes
 * leave theirs; an e-invoice's detail page shows the rows about it in its timeline. {@code detail} never carries
 * a password or a secret.
 */
@Repository
public class ConsoleAudit {

    private static final Logger log = LoggerFactory.getLogger(ConsoleAudit.class);

    private final JdbcClient jdbc;

    ConsoleAudit(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** One audit row as the console shows it. */
    public record Entry(Instant at, String email, String organizationId, String environment, String action, String target,
            String outcome, String detail) {
    }

    public void record(String userId, String email, String organizationId, String environment, String action,
            String target, String outcome, String detail) {
        jdbc.sql("""
                insert into console_audit (user_id, email, organization_id, environment, action, target, outcome, detail)
                values (:user, :email, :org, :env, :action, :target, :outcome, :detail)""")
                .param("user", userId).param("email", email == null ? "" : email).param("org", organizationId)
                .param("env", environment).param("action", action).param("target", target).param("outcome", outcome)
                .param("detail", detail)
                .update();
        log.info("console {} {} by {}: {}", action, target == null ? "" : target, email, outcome);
    }

    /** The rows about one target (an e-invoice id, a client id, a GSTIN), oldest first. */
    public List<Entry> about(String organizationId, String target) {
        return jdbc.sql("""
                select at, email, organization_id, environment, action, target, outcome, detail from console_audit
                where target = :target and organization_id = :org order by id""")
                .param("target", target).param("org", organizationId)
                .query((rs, n) -> new Entry(rs.getTimestamp("at").toInstant(), rs.getString("email"),
                        rs.getString("organization_id"), rs.getString("environment"), rs.getString("action"),
                        rs.getString("target"), rs.getString("outcome"), rs.getString("detail")))
                .list();
    }

    /** The newest rows of one organization (or of every organization when {@code organizationId} is null). */
    public List<Entry> recent(String organizationId, int limit) {
        return jdbc.sql("""
                select at, email, organization_id, environment, action, target, outcome, detail from console_audit
                where cast(:org as text) is null or organization_id = :org order by id desc limit :limit""")
                .param("org", organizationId).param("limit", limit)
                .query((rs, n) -> new Entry(rs.getTimestamp("at").toInstant(), rs.getString("email"),
                        rs.getString("organization_id"), rs.getString("environment"), rs.getString("action"),
                        rs.getString("target"), rs.getString("outcome"), rs.getString("detail")))
                .list();
    }
}
