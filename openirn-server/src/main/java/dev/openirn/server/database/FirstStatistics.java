package dev.openirn.server.database;

import dev.openirn.server.support.ScheduledJob;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Analyses a table as soon as it holds rows but PostgreSQL has no statistics of it yet (a fresh install, or
 * a table emptied and filled again). Without them every index looks equally good, and the plan a pooled
 * connection caches for a statement such as the document lookup may scan the tenant's whole
 * {@code (organization_id, environment, …)} index instead of the unique one, at a cost that grows with every
 * invoice until autovacuum's first analyse, up to a minute later, replaces it. An {@code ANALYZE} invalidates
 * the cached plans at once. See docs/performance.md, "Plans on a new table".
 */
@Component
class FirstStatistics extends ScheduledJob {

    private static final Logger log = LoggerFactory.getLogger(FirstStatistics.class);
    private static final Duration INTERVAL = Duration.ofSeconds(1);

    private final JdbcClient jdbc;

    FirstStatistics(JdbcClient jdbc) {
        super("openirn-first-statistics", INTERVAL, INTERVAL);
        this.jdbc = jdbc;
    }

    @Override
    protected void runOnce() {
        analyseTablesWithoutStatistics();
    }

    /** Returns the tables it analysed. */
    List<String> analyseTablesWithoutStatistics() {
        // reltuples is -1 before the first analyse and 0 after one of an empty table. Whether rows came since is read
        // off the table's size, not the live-tuple count: PostgreSQL 14 serves that from its statistics collector,
        // and the first look in a transaction waited for a fresh statistics file, ≈ 11 ms of every run
        // (docs/performance.md, "FirstStatistics waited on the statistics collector"). A table analysed while empty
        // is analysed again once it has grown. Only tables this role may analyse (it owns them, as when it ran the
        // migrations): another's would be skipped with a warning, every second.
        List<String> tables = jdbc.sql("""
                select format('%I.%I', n.nspname, c.relname) from pg_class c
                join pg_namespace n on n.oid = c.relnamespace
                where c.relkind = 'r' and c.reltuples <= 0 and n.nspname not like 'pg\\_%'
                and n.nspname <> 'information_schema' and pg_has_role(c.relowner, 'MEMBER')
                and pg_relation_size(c.oid) > c.relpages::bigint * current_setting('block_size')::bigint""")
                .query(String.class).list();
        for (String table : tables) {
            // SKIP_LOCKED: autovacuum, or another node, busy with the same table is doing the same work.
            jdbc.sql("analyze (skip_locked) " + table).update();
            log.info("Analysed {}: its first rows", table);
        }
        return tables;
    }
}
