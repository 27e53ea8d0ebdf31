package dev.openirn.nic;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * One session per (IRP or e-way bill system, session scope, GSTIN, user, password). The scope keeps tenants apart, and the password is
 * part of the key so that a session is only ever handed to a caller that could have logged in itself: whoever
 * presents a wrong password logs in (and is refused) instead of riding on, or evicting, someone else's session.
 * NIC hands back the same token on a re-login before expiry and limits
 * forced renewal to its last minutes, so logging in per call is wrong; and a login is slow, so when
 * many callers find the session stale exactly one logs in while the others wait for it and reuse it.
 * With {@link SharedSessions} that holds across processes too: a process whose own copy is stale
 * first takes the stored one, and logs in (exclusively, cluster-wide) only when that is stale too.
 */
public final class SessionCache {

    /** The outcome of one login: a session, or the result to hand back to the caller instead. */
    public record LoginAttempt(NicSession session, NicResult failure) {
    }

    public interface Login {
        /** @param forceRefresh ask NIC for a new token although the current one has not expired */
        LoginAttempt login(NicCredentials credentials, boolean forceRefresh);
    }

    /** {@code passwordTag} is a keyed hash of the password, so the cache never holds the password itself. */
    private record Key(URI baseUrl, String scope, String gstin, String userName, String passwordTag) {

        boolean sameUser(Key other) {
            return baseUrl.equals(other.baseUrl) && scope.equals(other.scope) && gstin.equals(other.gstin)
                    && userName.equals(other.userName);
        }
    }

    private static final class Slot {
        final ReentrantLock lock = new ReentrantLock();
        volatile NicSession session;
    }

    private final URI baseUrl;
    private final Clock clock;
    private final Login login;
    private final ConcurrentMap<Key, Slot> slots = new ConcurrentHashMap<>();
    /** Null: sessions are this process's own. */
    private final SharedSessions shared;
    private final String irp;
    /** Random per cache: a tag is useless for guessing the password outside this process. */
    private final SecretKeySpec passwordTagKey;

    public SessionCache(URI baseUrl, Clock clock, Login login) {
        this(baseUrl, clock, login, null, null);
    }

    /** Sessions shared through {@code shared} under the IRP's name {@code irp} (null shared: this process's own). */
    public SessionCache(URI baseUrl, Clock clock, Login login, SharedSessions shared, String irp) {
        this.shared = shared;
        this.irp = irp;
        this.baseUrl = baseUrl;
        this.clock = clock;
        this.login = login;
        byte[] keyBytes = new byte[32];
        new SecureRandom().nextBytes(keyBytes);
        this.passwordTagKey = new SecretKeySpec(keyBytes, "HmacSHA256");
    }

    /** The cached session if it is not due for refresh; otherwise one caller logs in, the rest wait. */
    public LoginAttempt current(NicCredentials credentials) {
        Slot slot = slot(credentials);
        NicSession cached = slot.session;
        if (cached != null && cached.isFreshAt(clock.instant())) {
            return new LoginAttempt(cached, null);
        }
        slot.lock.lock();
        try {
            NicSession latest = slot.session;
            if (latest != null && latest.isFreshAt(clock.instant())) {
                return new LoginAttempt(latest, null);
            }
            if (shared == null) {
                return refresh(slot, credentials, latest);
            }
            NicSession stored = shared.find(irp, credentials);
            if (stored != null && stored.isFreshAt(clock.instant())) {
                slot.session = stored;
                return new LoginAttempt(stored, null);
            }
            return shared.exclusively(irp, credentials, () -> {
                // Another process may have logged in while this one waited for the lock.
                NicSession again = shared.find(irp, credentials);
                if (again != null && again.isFreshAt(clock.instant())) {
                    slot.session = again;
                    return new LoginAttempt(again, null);
                }
                return refresh(slot, credentials, again != null ? again : latest);
            });
        } finally {
            slot.lock.unlock();
        }
    }

    /**
     * The IRP refused {@code rejected} (1005 and kin). Log in again, unless another caller already replaced it.
     */
    public LoginAttempt renewAfterRejection(NicCredentials credentials, NicSession rejected) {
        Slot slot = slot(credentials);
        slot.lock.lock();
        try {
            NicSession latest = slot.session;
            if (latest != null && !sameToken(latest, rejected) && latest.isFreshAt(clock.instant())) {
                return new LoginAttempt(latest, null);
            }
            if (shared == null) {
                slot.session = null;
                return loginInto(slot, credentials, true);
            }
            // One re-login cluster-wide: a process that finds another's newer session takes it.
            return shared.exclusively(irp, credentials, () -> {
                NicSession stored = shared.find(irp, credentials);
                if (stored != null && !sameToken(stored, rejected) && stored.isFreshAt(clock.instant())) {
                    slot.session = stored;
                    return new LoginAttempt(stored, null);
                }
                slot.session = null;
                return loginInto(slot, credentials, true);
            });
        } finally {
            slot.lock.unlock();
        }
    }

    private static boolean sameToken(NicSession one, NicSession other) {
        return other != null && one.authToken().equals(other.authToken());
    }

    /** Logs in because {@code latest} (null: none) is due; an early refresh that fails on the way keeps it. */
    private LoginAttempt refresh(Slot slot, NicCredentials credentials, NicSession latest) {
        boolean renewing = latest != null && latest.isUnexpiredAt(clock.instant());
        LoginAttempt attempt = loginInto(slot, credentials, renewing);
        if (renewing && attempt.failure() instanceof NicResult.TransportFailure) {
            // An early refresh failed on the way; the current token is still good until TokenExpiry.
            slot.session = latest;
            return new LoginAttempt(latest, null);
        }
        return attempt;
    }

    /** Drops every session of this scope's API user, whatever password it was logged in with. */
    public void forget(NicCredentials credentials) {
        Key user = key(credentials);
        slots.keySet().removeIf(user::sameUser);
        if (shared != null) {
            shared.delete(irp, credentials);
        }
    }

    private LoginAttempt loginInto(Slot slot, NicCredentials credentials, boolean forceRefresh) {
        LoginAttempt attempt = login.login(credentials, forceRefresh);
        if (attempt.session() != null) {
            slot.session = attempt.session();
            if (shared != null) {
                shared.save(irp, credentials, attempt.session());
            }
        } else if (attempt.failure() instanceof NicResult.AuthFailed) {
            // The stored credentials were refused: do not keep using a token issued to them earlier, and do not
            // keep a slot per refused password either.
            slot.session = null;
            slots.remove(key(credentials), slot);
            if (shared != null) {
                shared.delete(irp, credentials);
            }
        }
        return attempt;
    }

    private Slot slot(NicCredentials credentials) {
        return slots.computeIfAbsent(key(credentials), k -> new Slot());
    }

    private Key key(NicCredentials credentials) {
        return new Key(baseUrl, credentials.sessionScope(), credentials.gstin(), credentials.userName(),
                passwordTag(credentials.password()));
    }

    private String passwordTag(String password) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(passwordTagKey);
            return HexFormat.of().formatHex(mac.doFinal(password.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
