package dev.openirn.nic;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Two session caches (two processes) sharing sessions: one login per API user, one re-login after a rejection. */
class SharedSessionCacheTest {

    private static final NicCredentials USER = new NicCredentials("org/test", "29ABCDE1234F1Z5", "user", "secret");

    private final Clock clock = Clock.fixed(Instant.parse("2026-05-14T04:45:00Z"), ZoneOffset.UTC);
    private final InMemorySessions shared = new InMemorySessions();
    private final AtomicInteger logins = new AtomicInteger();
    private final SessionCache.Login login = (credentials, forceRefresh) -> {
        if (!credentials.password().equals("secret")) {
            return new SessionCache.LoginAttempt(null, new NicResult.AuthFailed(List.of(new NicError("1019", "wrong password"))));
        }
        int n = logins.incrementAndGet();
        return new SessionCache.LoginAttempt(new NicSession("token-" + n, new byte[32], clock.instant().plus(Duration.ofHours(6)),
                clock.instant().plus(Duration.ofHours(5))), null);
    };
    private final SessionCache first = new SessionCache(URI.create("http://first"), clock, login, shared, "irp-a");
    private final SessionCache second = new SessionCache(URI.create("http://second"), clock, login, shared, "irp-a");

    @Test
    void theSecondProcessTakesTheFirstOnesSession() {
        NicSession session = first.current(USER).session();
        assertThat(second.current(USER).session().authToken()).isEqualTo(session.authToken());
        assertThat(logins).hasValue(1);
    }

    @Test
    void aRejectedTokenIsRenewedOnceForBothProcesses() {
        NicSession rejected = first.current(USER).session();
        second.current(USER);

        NicSession renewed = first.renewAfterRejection(USER, rejected).session();
        NicSession takenOver = second.renewAfterRejection(USER, rejected).session();

        assertThat(renewed.authToken()).isEqualTo("token-2");
        assertThat(takenOver.authToken()).isEqualTo("token-2");
        assertThat(logins).hasValue(2);
    }

    @Test
    void aRefusedPasswordDropsTheSharedSession() {
        first.current(USER);
        NicCredentials wrong = new NicCredentials(USER.sessionScope(), USER.gstin(), USER.userName(), "changed");

        assertThat(second.current(wrong).failure()).isInstanceOf(NicResult.AuthFailed.class);
        assertThat(shared.stored).isEmpty();
    }

    @Test
    void otherIrpsKeepTheirOwnSessions() {
        SessionCache otherIrp = new SessionCache(URI.create("http://other"), clock, login, shared, "irp-b");
        first.current(USER);
        otherIrp.current(USER);
        assertThat(logins).hasValue(2);
    }

    /** The shared store as a database would keep it: by IRP and user; a session only for the password it was made with. */
    private static final class InMemorySessions implements SharedSessions {
        private record Stored(String password, NicSession session) {
        }

        final Map<String, Stored> stored = new ConcurrentHashMap<>();
        private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();

        private static String key(String irp, NicCredentials credentials) {
            return irp + "|" + credentials.sessionScope() + "|" + credentials.gstin() + "|" + credentials.userName();
        }

        @Override
        public NicSession find(String irp, NicCredentials credentials) {
            Stored row = stored.get(key(irp, credentials));
            return row == null || !row.password().equals(credentials.password()) ? null : row.session();
        }

        @Override
        public <T> T exclusively(String irp, NicCredentials credentials, Supplier<T> work) {
            ReentrantLock lock = locks.computeIfAbsent(key(irp, credentials), k -> new ReentrantLock());
            lock.lock();
            try {
                return work.get();
            } finally {
                lock.unlock();
            }
        }

        @Override
        public void save(String irp, NicCredentials credentials, NicSession session) {
            stored.put(key(irp, credentials), new Stored(credentials.password(), session));
        }

        @Override
        public void delete(String irp, NicCredentials credentials) {
            stored.remove(key(irp, credentials));
        }
    }
}
