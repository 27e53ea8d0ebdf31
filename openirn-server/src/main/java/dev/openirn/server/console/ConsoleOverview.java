package dev.openirn.server.console;

import dev.openirn.server.irp.EwayBillPortal;
import dev.openirn.server.irp.Irp;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** What the overview page shows about one tenant: read-only queries, nothing the API does not also store. */
@Component
class ConsoleOverview {

    static final List<String> STATUSES = List.of("pending", "queued", "generated", "cancelled", "failed_retriable",
            "failed_terminal", "not_applicable");

    private final JdbcClient jdbc;
    private final Irp irp;
    private final EwayBillPortal ewb;
    private final Clock clock;

    ConsoleOverview(JdbcClient jdbc, Irp irp, EwayBillPortal ewb, Clock clock) {
        this.jdbc = jdbc;
        this.irp = irp;
        this.ewb = ewb;
        this.clock = clock;
    }

    record ErrorCode(String code, String message, long count, Instant lastAt) {
    }

    record Summary(Map<String, Long> last24hByStatus, long queueDepth, Duration oldestPendingAge,
            List<ErrorCode> recentIrpErrors, Map<String, String> circuits) {
    }

    Summary summary(String organizationId, String environment) {
        Instant now = clock.instant();
        Timestamp since = Timestamp.from(now.minus(Duration.ofHours(24)));
        Map<String, Long> byStatus = new LinkedHashMap<>();
        STATUSES.forEach(status -> byStatus.put(status, 0L));
        jdbc.sql("""
                select status, count(*) as n from einvoice
                where organization_id = :org and environment = :env and created_at >= :since group by status""")
                .param("org", organizationId).param("env", environment).param("since", since)
                .query((rs, n) -> Map.entry(rs.getString("status"), rs.getLong("n")))
                .list().forEach(entry -> byStatus.put(entry.getKey(), entry.getValue()));
        record Queue(long depth, Timestamp oldest) {
        }
        Queue queue = jdbc.sql("""
                select count(*) as depth, min(created_at) as oldest from einvoice
                where organization_id = :org and environment = :env and status in ('pending', 'queued', 'failed_retriable')""")
                .param("org", organizationId).param("env", environment)
                .query((rs, n) -> new Queue(rs.getLong("depth"), rs.getTimestamp("oldest"))).single();
        List<ErrorCode> errors = jdbc.sql("""
                select e.upstream_code, max(e.upstream_message) as message, count(*) as n, max(e.at) as last_at
                from einvoice_event e join einvoice i on i.id = e.einvoice_id
                where e.organization_id = :org and i.environment = :env and e.at >= :since and e.upstream_code is not null
                group by e.upstream_code order by n desc, last_at desc limit 10""")
                .param("org", organizationId).param("env", environment).param("since", since)
                .query((rs, n) -> new ErrorCode(rs.getString("upstream_code"), rs.getString("message"), rs.getLong("n"),
                        rs.getTimestamp("last_at").toInstant()))
                .list();
        Duration oldest = queue.oldest() == null ? null : Duration.between(queue.oldest().toInstant(), now);
        Map<String, String> circuits = new java.util.TreeMap<>(irp.circuitStates());
        circuits.putAll(ewb.circuitStates()); // the e-way bill system's, named ewb-…
        return new Summary(byStatus, queue.depth(), oldest, errors, circuits);
    }
}
