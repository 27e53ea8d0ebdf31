package dev.openirn.nic;

import java.time.Instant;

/** A logged-in IRP (or e-way bill system) session. Never printed: token and SEK are secrets. */
public record NicSession(String authToken, byte[] sek, Instant tokenExpiry, Instant refreshAt) {

    public boolean isFreshAt(Instant now) {
        return now.isBefore(refreshAt);
    }

    public boolean isUnexpiredAt(Instant now) {
        return now.isBefore(tokenExpiry);
    }

    @Override
    public String toString() {
        return "NicSession[tokenExpiry=" + tokenExpiry + ", refreshAt=" + refreshAt + "]";
    }
}
