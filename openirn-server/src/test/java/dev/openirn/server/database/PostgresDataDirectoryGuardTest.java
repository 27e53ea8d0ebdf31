package dev.openirn.server.database;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openirn.server.ApiClient;
import dev.openirn.server.TestServers;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/** The orphan guard stops only a postgres serving its own data directory, never a process a stale pid file names. */
class PostgresDataDirectoryGuardTest {

    @Test
    void pidFileNamingAnUnrelatedLiveProcessIsNotSignalled() throws Exception {
        Path directory = Files.createTempDirectory("openirn-guard-");
        Process unrelated = new ProcessBuilder("sleep", "300").start();
        try {
            writePidFile(directory, unrelated.pid(), 5432);

            new PostgresDataDirectoryGuard(directory).stopOrphanedPostmaster();

            assertThat(RunningPostmaster.in(directory)).isEmpty();
            Thread.sleep(200); // a signal, had one been sent, would have ended it by now
            assertThat(unrelated.isAlive()).as("the process the stale pid file names").isTrue();
        } finally {
            unrelated.destroyForcibly();
            unrelated.waitFor();
        }
    }

    @Test
    void serverStartsOverAStalePidFileWithoutSignallingTheProcessItNames() throws Exception {
        Path dataDir = Files.createTempDirectory("openirn-stale-pid-");
        Path postgres = dataDir.resolve("postgres");
        try (ConfigurableApplicationContext first = TestServers.start(dataDir)) {
            new ApiClient(TestServers.port(first)).token();
        }
        Process unrelated = new ProcessBuilder("sleep", "300").start();
        try {
            writePidFile(postgres, unrelated.pid(), 1);
            try (ConfigurableApplicationContext second = TestServers.start(dataDir)) {
                assertThat(new ApiClient(TestServers.port(second)).token()).isNotBlank();
            }
            assertThat(unrelated.isAlive()).as("the process the stale pid file named").isTrue();
        } finally {
            unrelated.destroyForcibly();
            unrelated.waitFor();
            PostmasterProcess.of(postgres).ifPresent(leftover -> leftover.stopFast(Duration.ofSeconds(30)));
        }
    }

    @Test
    void orphanedPostmasterOfTheDataDirectoryIsStoppedWithPgCtl() throws Exception {
        Path directory = Files.createTempDirectory("openirn-orphan-").resolve("postgres");
        // Not closed: stands for the postmaster a killed JVM leaves behind.
        EmbeddedPostgres orphan = EmbeddedPostgres.builder().setDataDirectory(directory).setCleanDataDirectory(false)
                .setRegisterShutdownHook(false).start();
        try {
            PostmasterProcess running = PostmasterProcess.of(directory).orElseThrow();
            assertThat(running.port()).isEqualTo(orphan.getPort());
            assertThat(running.binDirectory().resolve("pg_ctl")).isExecutable();

            new PostgresDataDirectoryGuard(directory).stopOrphanedPostmaster();

            assertThat(ProcessHandle.of(running.pid()).filter(ProcessHandle::isAlive)).isEmpty();
            assertThat(directory.resolve("postmaster.pid")).doesNotExist(); // a clean pg_ctl stop removes it
        } finally {
            orphan.close();
        }
    }

    /** A postmaster.pid in PostgreSQL's layout: pid, data directory, start time, port, socket dir, host, shm key, status. */
    private static void writePidFile(Path directory, long pid, int port) throws Exception {
        Files.write(directory.resolve("postmaster.pid"), List.of(Long.toString(pid), directory.toString(), "1700000000",
                Integer.toString(port), "/tmp", "localhost", "  5432001         0", "ready   "), StandardCharsets.UTF_8);
    }
}
