package dev.openirn.nic;

import java.time.Instant;

/** A logged-in IRP session. Never printed: token and SEK are secrets. */
record NicSession(String authToken, byte[] sek, Instant tokenExpiry, Instant refreshAt) {

    boolean isFreshAt(Instant now) {
        return now.isBefore(refreshAt);
    }

    boolean isUnexpiredAt(Instant now) {
        return now.isBefore(tokenExpiry);
    }

    @Override
    public String toString() {
        return "NicSession[tokenExpiry=" + tokenExpiry + ", refreshAt=" + refreshAt + "]";
    }
}
