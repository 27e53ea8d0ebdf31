package dev.openirn.server.gstin;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The only SQL on gstin_cache: IRP answers to Get GSTIN details, keyed by environment and GSTIN.
 * Deliberately not scoped by organization: a taxpayer's registration is public data, the same for
 * every tenant, so tenants of one environment share the answers. Test and live stay apart because
 * they may talk to different IRPs (the sandbox's master is not the real one).
 */
@Repository
class GstinCache {

    private final JdbcClient jdbc;

    GstinCache(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    record Entry(String registrationJson, Instant fetchedAt) {
    }

    /** The stored answer if it was fetched after {@code freshSince}. */
    Optional<Entry> find(String environment, String gstin, Instant freshSince) {
        return jdbc.sql("""
                select registration, fetched_at from gstin_cache
                 where environment = :env and gstin = :gstin and fetched_at > :since""")
                .param("env", environment).param("gstin", gstin).param("since", Timestamp.from(freshSince))
                .query((rs, row) -> new Entry(rs.getString("registration"), rs.getTimestamp("fetched_at").toInstant()))
                .optional();
    }

    void store(String environment, String gstin, String registrationJson, Instant fetchedAt) {
        jdbc.sql("""
                insert into gstin_cache (environment, gstin, registration, fetched_at)
                values (:env, :gstin, cast(:registration as jsonb), :fetchedAt)
                on conflict (environment, gstin)
                do update set registration = excluded.registration, fetched_at = excluded.fetched_at""")
                .param("env", environment).param("gstin", gstin).param("registration", registrationJson)
                .param("fetchedAt", Timestamp.from(fetchedAt))
                .update();
    }
}
