package dev.openirn.server.database;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.openirn.server.ServerTest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * A plan cached while a table had no statistics picks an index by a tie, and keeps it: the analyse of the
 * table's first rows replaces it. The table stands in for einvoice: a unique lookup key and a later index
 * that shares its tenant prefix.
 */
class FirstStatisticsTest extends ServerTest {

    private static final String SCHEMA = "first_statistics_probe";

    @Autowired
    FirstStatistics firstStatistics;

    @Autowired
    DataSource dataSource;

    @Autowired
    JdbcClient jdbc;

    @AfterEach
    void dropProbe() {
        jdbc.sql("drop schema if exists " + SCHEMA + " cascade").update();
    }

    @Test
    void theFirstRowsOfATableAreAnalysedAndThePlanCachedBeforeThemIsReplaced() throws Exception {
        jdbc.sql("create schema " + SCHEMA).update();
        jdbc.sql("create table " + SCHEMA + ".document (tenant text not null, environment text not null, "
                + "number text not null, created_at timestamptz not null, unique (tenant, environment, number))").update();
        jdbc.sql("create index document_by_tenant_created on " + SCHEMA + ".document (tenant, environment, created_at)")
                .update();

        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("set plan_cache_mode = force_generic_plan");
            statement.execute("prepare lookup(text, text, text) as select * from " + SCHEMA
                    + ".document where tenant = $1 and environment = $2 and number = $3");
            assertThat(plan(statement)).as("no statistics yet: the later index wins the tie")
                    .contains("document_by_tenant_created");

            jdbc.sql("insert into " + SCHEMA + ".document select 'tenant-1', 'test', 'INV-' || n, now() "
                    + "from generate_series(1, 2000) n").update();
            // The server's own job, once a second, may analyse it first: wait until it has statistics, whoever took them.
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (reltuples("document") <= 0 && System.nanoTime() < deadline) {
                firstStatistics.analyseTablesWithoutStatistics();
                Thread.sleep(100);
            }

            assertThat(reltuples("document")).isEqualTo(2000.0);
            assertThat(plan(statement)).as("the cached plan, rebuilt with statistics, takes the unique key")
                    .contains("document_tenant_environment_number_key").doesNotContain("document_by_tenant_created");
            statement.execute("deallocate lookup");
            statement.execute("reset plan_cache_mode");
        }
    }

    @Test
    void aTableWithStatisticsOrWithoutRowsIsLeftAlone() {
        jdbc.sql("create schema " + SCHEMA).update();
        jdbc.sql("create table " + SCHEMA + ".empty (id int)").update();
        jdbc.sql("create table " + SCHEMA + ".analysed (id int)").update();
        jdbc.sql("insert into " + SCHEMA + ".analysed select generate_series(1, 10)").update();
        jdbc.sql("analyze " + SCHEMA + ".analysed").update();

        List<String> analysed = firstStatistics.analyseTablesWithoutStatistics();

        assertThat(analysed).doesNotContain(SCHEMA + ".empty", SCHEMA + ".analysed");
        assertThat(reltuples("empty")).isEqualTo(-1.0);
    }

    @Test
    void aTableAnalysedWhileEmptyIsAnalysedAgainOnceItHasRows() {
        jdbc.sql("create schema " + SCHEMA).update();
        jdbc.sql("create table " + SCHEMA + ".refilled (id int)").update();
        jdbc.sql("analyze " + SCHEMA + ".refilled").update();
        assertThat(firstStatistics.analyseTablesWithoutStatistics()).doesNotContain(SCHEMA + ".refilled");

        jdbc.sql("insert into " + SCHEMA + ".refilled select generate_series(1, 10)").update();

        // The server's own job may take it first; autovacuum would not analyse ten rows.
        firstStatistics.analyseTablesWithoutStatistics();
        assertThat(reltuples("refilled")).isEqualTo(10.0);
        assertThat(firstStatistics.analyseTablesWithoutStatistics()).doesNotContain(SCHEMA + ".refilled");
    }

    @Test
    void aTableOfAnotherRoleIsLeftToItsOwner() throws Exception {
        jdbc.sql("create schema " + SCHEMA).update();
        jdbc.sql("create table " + SCHEMA + ".not_ours (id int)").update();
        jdbc.sql("drop role if exists first_statistics_guest").update();
        jdbc.sql("create role first_statistics_guest login password 'guest'").update();
        String url = ((HikariDataSource) dataSource).getJdbcUrl().replaceFirst("\\?.*", "");
        FirstStatistics asGuest = new FirstStatistics(JdbcClient.create(
                new DriverManagerDataSource(url, "first_statistics_guest", "guest")));
        // The server's own job (a superuser here) would analyse the table first: an analyse's lock held open makes
        // it skip the table, so that what the guest would pick is what is checked.
        try (Connection holder = dataSource.getConnection(); Statement lock = holder.createStatement()) {
            holder.setAutoCommit(false);
            lock.execute("lock table " + SCHEMA + ".not_ours in share update exclusive mode");
            jdbc.sql("grant usage on schema " + SCHEMA + " to first_statistics_guest").update();
            jdbc.sql("insert into " + SCHEMA + ".not_ours select generate_series(1, 10)").update();
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (jdbc.sql("select pg_stat_get_live_tuples('" + SCHEMA + ".not_ours'::regclass)").query(Long.class).single() == 0
                    && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }

            assertThat(asGuest.analyseTablesWithoutStatistics()).doesNotContain(SCHEMA + ".not_ours");
            holder.rollback();
        } finally {
            jdbc.sql("drop schema if exists " + SCHEMA + " cascade").update();
            jdbc.sql("drop role first_statistics_guest").update();
        }
    }

    private double reltuples(String table) {
        return jdbc.sql("select reltuples from pg_class where oid = '" + SCHEMA + "." + table + "'::regclass")
                .query(Double.class).single();
    }

    private static String plan(Statement statement) throws SQLException {
        List<String> lines = new ArrayList<>();
        try (ResultSet rows = statement.executeQuery("explain execute lookup('tenant-1', 'test', 'INV-7')")) {
            while (rows.next()) {
                lines.add(rows.getString(1));
            }
        }
        return String.join("\n", lines);
    }
}
